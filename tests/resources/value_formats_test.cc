// The value formats resources registers with the checker
// (resources/value_formats.h): every rule that knows the system, tabled with
// the exact problem; the stdlib schemas loaded with them; the checker's
// rendered diagnostics; and proof that the checker and the providers refuse
// the same titles in the same words, since both call the same rule.
#include "resources/value_formats.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lang/checker.h"
#include "lang/evaluator.h"
#include "lang/parser.h"
#include "lang/schema.h"
#include "resources/package_provider.h"
#include "resources/process_runner.h"
#include "resources/service_provider.h"
#include "stdlib/stdlib.h"
#include "tests/resources/decl_builder.h"

namespace twin::resources {
namespace {

struct Case {
  const char* format;
  std::string text;
  const char* problem;  // nullptr: valid
};

const Case kCases[] = {
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
    {"unit_name", "getty@", "\"getty@.service\" is a template; twin manages instances of it"},
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
    {"cron_schedule", "* * mon * *",
     "names such as \"mon\" are not allowed in the day-of-month field"},
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
  ASSERT_TRUE(value_formats().find(c.format));
  auto problem = value_formats().check(c.format, c.text);
  if (!c.problem) {
    EXPECT_FALSE(problem) << c.format << " \"" << c.text << "\": " << problem->message;
  } else {
    ASSERT_TRUE(problem) << c.format << " \"" << c.text << "\" passed";
    EXPECT_EQ(problem->message, c.problem);
    EXPECT_FALSE(problem->hint.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Table, FormatCases, ::testing::ValuesIn(kCases));

TEST(ValueFormats, EveryFormatInDocumentationOrder) {
  EXPECT_EQ(value_formats().names(),
            (std::vector<std::string>{"mode", "absolute_path", "relative_path", "package_name",
                                      "debian_version", "unit_name", "user_name", "group_name",
                                      "user_or_id", "group_or_id", "cron_schedule"}));
  for (const std::string& name : value_formats().names()) {
    const lang::ValueFormat* format = value_formats().find(name);
    ASSERT_NE(format, nullptr);
    EXPECT_NE(format->noun, "") << name;
    EXPECT_NE(format->hint, "") << name;
  }
  EXPECT_EQ(value_formats().noun("package_name"), "package name");
  lang::FormatRegistry system_only;
  register_value_formats(system_only);
  EXPECT_EQ(system_only.names().front(), "package_name");
}

const lang::SchemaSet& stdlib_schemas(std::string* errors = nullptr) {
  static lang::DiagnosticSink sink;
  static const lang::SchemaSet kSchemas = [] {
    std::vector<lang::SourcePtr> files;
    for (const auto& file : stdlib::files())
      files.push_back(
          lang::make_source("stdlib/" + std::string(file.name), std::string(file.text)));
    return lang::SchemaSet::load(files, value_formats(), sink);
  }();
  if (errors)
    for (const lang::Diagnostic& d : sink.all()) *errors += lang::render_text(d);
  return kSchemas;
}

// Parses, evaluates and checks `text` as state/a.twin against the stdlib;
// every rendered diagnostic.
std::string check_errors(const std::string& text) {
  lang::DiagnosticSink sink;
  std::vector<lang::ResourceDecl> resources;
  if (auto module = lang::parse(lang::make_source("state/a.twin", text), sink))
    resources = lang::evaluate(*module, sink);
  (void)lang::check_resources(resources, stdlib_schemas(), {}, sink);
  std::string out;
  for (const lang::Diagnostic& d : sink.all()) out += lang::render_text(d);
  return out;
}

TEST(ValueFormats, StdlibSchemasLoadCleanWithThem) {
  std::string errors;
  (void)stdlib_schemas(&errors);
  EXPECT_EQ(errors, "");  // every default and example fits its format
}

struct CheckerCase {
  const char* name;
  const char* manifest;
  const char* expected;
};

const CheckerCase kCheckerCases[] = {
    {"BadEnumOrVersion",
     "package \"nginx\" {\n  ensure = \"presnt\"\n}\n",
     "state/a.twin:2:12: error[E0205]: invalid value \"presnt\" for `ensure`\n"
     "    2 |   ensure = \"presnt\"\n"
     "      |            ^~~~~~~~\n"
     "help: did you mean \"present\"? allowed values: \"present\", \"absent\", \"purged\", "
     "\"latest\", or a version\n"},
    {"BadVersion",
     "package \"nginx\" {\n  ensure = \"1.2-\"\n}\n",
     "state/a.twin:2:12: error[E0206]: invalid version \"1.2-\": the revision after the last "
     "'-' is empty\n"
     "    2 |   ensure = \"1.2-\"\n"
     "      |            ^~~~~~\n"
     "help: a Debian version is [epoch:]upstream[-revision] of letters, digits and . + ~, e.g. "
     "\"1:2.4.1-3\"\n"},
    {"BadPackageName",
     "package \"Nginx\" {\n}\n",
     "state/a.twin:1:9: error[E0206]: invalid package name \"Nginx\" in the title: it contains "
     "upper-case letters\n"
     "    1 | package \"Nginx\" {\n"
     "      |         ^~~~~~~\n"
     "help: Debian package names use only a-z, 0-9, '+', '-' and '.', start with a letter or "
     "digit and are at least two characters long, e.g. \"nginx\" or \"libc6\"\n"},
    {"BadUnitName",
     "service \"nginx.servce\" {\n}\n",
     "state/a.twin:1:9: error[E0206]: invalid unit name \"nginx.servce\" in the title: unknown "
     "unit type suffix \".servce\"\n"
     "    1 | service \"nginx.servce\" {\n"
     "      |         ^~~~~~~~~~~~~~\n"
     "help: name a .service, .timer, .socket, .path or .target unit, e.g. \"nginx\", "
     "\"getty@tty1\" or \"apt-daily.timer\"\n"},
    {"BadUserName",
     "crontab \"Alice\" {\n  content = \"\"\n}\n",
     "state/a.twin:1:9: error[E0206]: invalid user name \"Alice\" in the title: it starts with "
     "'A'; names start with a lower-case letter or '_'\n"
     "    1 | crontab \"Alice\" {\n"
     "      |         ^~~~~~~\n"
     "help: a user name is lower-case letters, digits, '_' and '-', starting with a letter or "
     "'_', at most 32 bytes\n"},
    {"BadCronSchedule",
     "crontab \"alice\" {\n"
     "  entry \"backup\" {\n"
     "    schedule = \"61 * * * *\"\n"
     "    command = \"/usr/bin/backup\"\n"
     "  }\n"
     "}\n",
     "state/a.twin:3:16: error[E0206]: invalid schedule \"61 * * * *\": 61 is out of range 0-59 "
     "in the minute field\n"
     "    3 |     schedule = \"61 * * * *\"\n"
     "      |                ^~~~~~~~~~~~\n"
     "help: a schedule is 5 fields (minute hour day-of-month month day-of-week), e.g. "
     "\"*/5 * * * *\", or a keyword such as \"@daily\"\n"},
};

class CheckerWithValueFormats : public ::testing::TestWithParam<CheckerCase> {};

TEST_P(CheckerWithValueFormats, RendersExactly) {
  EXPECT_EQ(check_errors(GetParam().manifest), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, CheckerWithValueFormats, ::testing::ValuesIn(kCheckerCases),
                         [](const auto& info) { return std::string(info.param.name); });

// The words after "in the title: " of the checker's E0206 for `TYPE "TITLE" {}`.
std::string checker_problem(const std::string& type, const std::string& title) {
  std::string errors = check_errors(type + " \"" + title + "\" {\n}\n");
  std::string marker = "in the title: ";
  std::size_t at = errors.find(marker);
  if (errors.find("error[E0206]") == std::string::npos || at == std::string::npos) return errors;
  return errors.substr(at + marker.size(), errors.find('\n', at) - at - marker.size());
}

// The words after the quoted title of the provider's first diagnostic.
std::string provider_problem(const engine::Provider& provider, const std::string& type,
                             const std::string& title) {
  engine::Resource decl = testing::DeclBuilder(type, title).build();
  ProcessRunner runner;
  engine::Host host("/", runner);
  lang::DiagnosticSink sink;
  provider.validate(decl, {host, "/tmp"}, sink);
  if (sink.all().empty()) return "";
  const std::string& message = sink.all().front().message;
  std::size_t at = message.find("\": ");
  return at == std::string::npos ? message : message.substr(at + 3);
}

TEST(ValueFormats, CheckerRefusesPackageTitlesInTheProvidersWords) {
  PackageProvider provider;
  for (const char* title : {"Foo", "-x", "a;rm -rf /", "a", "foo bar", "ng_inx"}) {
    std::string words = provider_problem(provider, "package", title);
    ASSERT_NE(words, "") << title;
    EXPECT_EQ(checker_problem("package", title), words) << title;
  }
  // A valid title passes both.
  EXPECT_EQ(provider_problem(provider, "package", "libc6"), "");
  EXPECT_EQ(check_errors("package \"libc6\" {\n}\n"), "");
}

TEST(ValueFormats, CheckerRefusesServiceTitlesInTheProvidersWords) {
  ServiceProvider provider;
  for (const char* title : {"--now", "a b", "home.mount", "nginx.servce", "@tty1", "getty@"}) {
    engine::Resource decl = testing::DeclBuilder("service", title).build();
    ProcessRunner runner;
    engine::Host host("/", runner);
    lang::DiagnosticSink sink;
    provider.validate(decl, {host, "/tmp"}, sink);
    ASSERT_FALSE(sink.all().empty()) << title;
    std::string checker = checker_problem("service", title);
    EXPECT_NE(sink.all().front().message.find(checker), std::string::npos)
        << title << ": provider says \"" << sink.all().front().message << "\", checker \""
        << checker << "\"";
  }
}

}  // namespace
}  // namespace twin::resources
