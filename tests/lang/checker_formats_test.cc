// The value formats a schema can ask for (lang/value_formats.h): tables of
// valid values and of invalid ones with the exact problem reported.
#include "lang/value_formats.h"

#include <gtest/gtest.h>

#include <string>

namespace twin::lang {
namespace {

struct Case {
  const char* format;
  std::string text;
  const char* problem;  // nullptr: valid
};

const Case kCases[] = {
    {"mode", "0644", nullptr},
    {"mode", "755", nullptr},
    {"mode", "4755", nullptr},
    {"mode", "0999", "'9' is not an octal digit"},
    {"mode", "644x", "'x' is not an octal digit"},
    {"mode", "64", "a mode has 3 or 4 digits, not 2"},
    {"mode", "00644", "a mode has 3 or 4 digits, not 5"},
    {"absolute_path", "/", nullptr},
    {"absolute_path", "/etc/motd", nullptr},
    {"absolute_path", "/srv/www/ex ample.org/index.html", nullptr},
    {"absolute_path", "", "path is empty"},
    {"absolute_path", "etc/motd", "path must be absolute"},
    {"absolute_path", "/etc/", "path must not end with '/'"},
    {"absolute_path", "/etc//motd", "path contains '//'"},
    {"absolute_path", "/etc/./motd", "path contains a '.' component"},
    {"absolute_path", "/etc/..", "path contains a '..' component"},
    {"absolute_path", "/etc/\xff", "path is not valid UTF-8"},
    {"absolute_path", std::string("/etc/a\0b", 8), "path contains a NUL byte"},
    {"relative_path", "files/motd", nullptr},
    {"relative_path", "/files/motd", "path must be relative to the twin directory"},
    {"relative_path", "../motd", "path contains a '..' component"},
    {"relative_path", "files/", "path must not end with '/'"},
    {"package_name", "nginx", nullptr},
    {"package_name", "g++", nullptr},
    {"package_name", "libc6", nullptr},
    {"package_name", "0ad", nullptr},
    {"package_name", "x", "it is shorter than two characters"},
    {"package_name", "Nginx", "it contains upper-case letters"},
    {"package_name", "-nginx", "it starts with '-'; names start with a letter or digit"},
    {"package_name", "ngi nx", "a space is not allowed in the name"},
    {"package_name", "libc6:amd64", "architecture qualifiers (\"name:arch\") are not supported"},
    {"debian_version", "1.2.3-1", nullptr},
    {"debian_version", "1:2.0~rc1-2", nullptr},
    {"debian_version", "2.36-9+deb12u4", nullptr},
    {"debian_version", "1.0", nullptr},
    {"debian_version", "1:2:3", nullptr},
    {"debian_version", "v1.0", "it starts with 'v'; versions start with a digit"},
    {"debian_version", "1.0-", "the revision after the last '-' is empty"},
    {"debian_version", ":1.0", "the epoch before ':' is empty"},
    {"debian_version", "a:1.0", "the epoch before ':' is not a number"},
    {"debian_version", "1.0_1", "'_' is not allowed in the upstream version"},
    {"debian_version", "1:2.0-1_2", "'_' is not allowed in the revision"},
    {"unit_name", "nginx", nullptr},
    {"unit_name", "nginx.service", nullptr},
    {"unit_name", "getty@tty1", nullptr},
    {"unit_name", "apt-daily.timer", nullptr},
    {"unit_name", "systemd-fsck@dev-disk-by\\x2duuid.service", nullptr},
    {"unit_name", "", "empty unit name"},
    {"unit_name", "--now", "a unit name must not begin with '-'"},
    {"unit_name", "home.mount", "unit type \".mount\" is not managed by the service resource"},
    {"unit_name", "nginx.servce", "unknown unit type suffix \".servce\""},
    {"unit_name", "a b", "invalid character a space at byte 2 of unit name"},
    {"unit_name", "getty@", "\"getty@\" is a template; name an instance of it"},
    {"unit_name", "@tty1", "unit name has nothing before '@'"},
    {"unit_name", std::string(250, 'a'), "unit name is 258 bytes long; systemd allows at most 255"},
    {"user_name", "alice", nullptr},
    {"user_name", "_apt", nullptr},
    {"user_name", "www-data", nullptr},
    {"user_name", "host$", nullptr},
    {"user_name", "Alice", "it starts with 'A'; names start with a lower-case letter or '_'"},
    {"user_name", "0day", "it starts with '0'; names start with a lower-case letter or '_'"},
    {"user_name", "al.ice", "'.' is not allowed in a name"},
    {"user_name", std::string(33, 'a'), "it is 33 bytes long; the limit is 32"},
    {"group_name", "adm", nullptr},
    {"group_name", "a:b", "':' is not allowed in a name"},
    {"user_or_id", "root", nullptr},
    {"user_or_id", "0", nullptr},
    {"user_or_id", "Admin.User", nullptr},
    {"user_or_id", "a:b", "':' is not allowed in a name"},
    {"user_or_id", "-x", "a name must not begin with '-'"},
    {"group_or_id", "1000", nullptr},
    {"group_or_id", "", "it is empty"},
    {"cron_schedule", "0 3 * * *", nullptr},
    {"cron_schedule", "*/5 1-3,6 1 jan-mar mon,FRI", nullptr},
    {"cron_schedule", "0 0 * * 7", nullptr},
    {"cron_schedule", "@daily", nullptr},
    {"cron_schedule", "", "empty schedule"},
    {"cron_schedule", "@dayly", "unknown schedule keyword \"@dayly\""},
    {"cron_schedule", "@daily 1", "unexpected text after \"@daily\""},
    {"cron_schedule", "0 3 * *", "expected 5 fields, found 4"},
    {"cron_schedule", "61 * * * *", "61 is out of range 0-59 in the minute field"},
    {"cron_schedule", "* 24 * * *", "24 is out of range 0-23 in the hour field"},
    {"cron_schedule", "* * 0 * *", "0 is out of range 1-31 in the day-of-month field"},
    {"cron_schedule", "* * * foo *", "unknown month name \"foo\""},
    {"cron_schedule", "* * mon * *", "names such as \"mon\" are not allowed in the day-of-month field"},
    {"cron_schedule", "5-1 * * * *", "range 5-1 is backwards in the minute field"},
    {"cron_schedule", "5/2 * * * *", "a step needs a range or `*` in the minute field"},
    {"cron_schedule", "*/0 * * * *", "step 0 is out of range 1-59 in the minute field"},
    {"cron_schedule", "*/ * * * *", "missing step after '/' in the minute field"},
    {"cron_schedule", "1,,2 * * * *", "empty list item in the minute field"},
    {"cron_schedule", "1x * * * *", "unexpected 'x' in the minute field"},
};

class FormatCases : public ::testing::TestWithParam<Case> {};

TEST_P(FormatCases, ReportsTheProblem) {
  const Case& c = GetParam();
  ASSERT_TRUE(is_known_format(c.format));
  auto problem = check_format(c.format, c.text);
  if (!c.problem) {
    EXPECT_FALSE(problem) << c.format << " \"" << c.text << "\": " << problem->message;
  } else {
    ASSERT_TRUE(problem) << c.format << " \"" << c.text << "\" passed";
    EXPECT_EQ(problem->message, c.problem);
    EXPECT_FALSE(problem->hint.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Table, FormatCases, ::testing::ValuesIn(kCases));

TEST(Formats, EveryFormatIsKnownAndNamed) {
  EXPECT_EQ(format_names(),
            (std::vector<std::string>{"mode", "absolute_path", "relative_path", "package_name",
                                      "debian_version", "unit_name", "user_name", "group_name",
                                      "user_or_id", "group_or_id", "cron_schedule"}));
  for (const std::string& name : format_names()) {
    EXPECT_TRUE(is_known_format(name));
    EXPECT_NE(format_noun(name), "");
  }
  EXPECT_FALSE(is_known_format("octal"));
  EXPECT_FALSE(check_format("octal", "anything"));
  EXPECT_EQ(format_noun("package_name"), "package name");
}

}  // namespace
}  // namespace twin::lang
