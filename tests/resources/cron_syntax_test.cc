// Table tests for crontab syntax: every accepted form, and every refused
// form with its exact message and location.
#include "resources/cron_syntax.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace twin::resources {
namespace {

TEST(CronSyntax, ValidSchedules) {
  for (const char* schedule : {"* * * * *",
                               "*/5 * * * *",
                               "0 3 * * *",
                               "0,15,30,45 * * * *",
                               "0-59/10 0-23/2 1-31 1-12 0-7",
                               "5 4 * jan-mar mon-fri",
                               "5 4 * JAN,Feb sun",
                               "59 23 31 12 7",
                               "0 0 1 dec sat",
                               "1-5,10-20/5 * * * *",
                               "  0 3 * * *  ",
                               "0\t3\t*\t*\t*",
                               "*/59 * * * *",
                               "@reboot",
                               "@hourly",
                               "@daily",
                               "@weekly",
                               "@monthly",
                               "@yearly",
                               "@annually",
                               "@midnight"}) {
    EXPECT_EQ(check_schedule(schedule), std::nullopt) << schedule;
  }
}

struct BadSchedule {
  const char* schedule;
  std::size_t offset;
  std::size_t length;
  const char* message;
};

TEST(CronSyntax, InvalidSchedulesHaveExactMessages) {
  const BadSchedule kCases[] = {
      {"", 0, 1, "empty schedule"},
      {"* * * *", 0, 7, "expected 5 fields, found 4"},
      {"* * * * * *", 0, 11, "expected 5 fields, found 6"},
      {"60 * * * *", 0, 2, "60 is out of range 0-59 in the minute field"},
      {"* 24 * * *", 2, 2, "24 is out of range 0-23 in the hour field"},
      {"* * 0 * *", 4, 1, "0 is out of range 1-31 in the day-of-month field"},
      {"* * 32 * *", 4, 2, "32 is out of range 1-31 in the day-of-month field"},
      {"* * * 13 *", 6, 2, "13 is out of range 1-12 in the month field"},
      {"* * * * 8", 8, 1, "8 is out of range 0-7 in the day-of-week field"},
      {"* * * jna *", 6, 3, "unknown month name \"jna\""},
      {"* * * * fry", 8, 3, "unknown day-of-week name \"fry\""},
      {"* mon * * *", 2, 3, "names such as \"mon\" are not allowed in the hour field"},
      {"5-1 * * * *", 0, 3, "range 5-1 is backwards in the minute field"},
      {"*/0 * * * *", 2, 1, "step 0 is out of range 1-59 in the minute field"},
      {"* */24 * * *", 4, 2, "step 24 is out of range 1-23 in the hour field"},
      {"5/10 * * * *", 0, 4, "a step needs a range or `*` in the minute field"},
      {"*/ * * * *", 1, 1, "missing step after '/' in the minute field"},
      {"1,,2 * * * *", 2, 1, "empty list item in the minute field"},
      {"1, * * * *", 2, 1, "empty list item in the minute field"},
      {"*x * * * *", 1, 1, "unexpected 'x' in the minute field"},
      {"1-x * * * *", 2, 1, "names such as \"x\" are not allowed in the minute field"},
      {"1- * * * *", 1, 1, "missing value in the minute field"},
      {"? * * * *", 0, 1, "unexpected '?' in the minute field"},
      {"99999999999 * * * *", 0, 11, "99999999999 is out of range 0-59 in the minute field"},
      {"@dayly", 0, 6, "unknown schedule keyword \"@dayly\""},
      {"@every 5m", 0, 6, "unknown schedule keyword \"@every\""},
      {"@daily extra", 7, 5, "unexpected text after \"@daily\""},
      {"@Daily", 0, 6, "unknown schedule keyword \"@Daily\""},
  };
  for (const auto& c : kCases) {
    auto problem = check_schedule(c.schedule);
    ASSERT_TRUE(problem.has_value()) << c.schedule;
    EXPECT_EQ(problem->message, c.message) << c.schedule;
    EXPECT_EQ(problem->offset, c.offset) << c.schedule;
    EXPECT_EQ(problem->length, c.length) << c.schedule;
  }
}

TEST(CronSyntax, HintsSuggestTheLikelyFix) {
  EXPECT_EQ(check_schedule("@dayly")->hint, "did you mean \"@daily\"?");
  EXPECT_EQ(check_schedule("* * * jab *")->hint, "did you mean \"jan\"?");
  // Two letters swapped are one edit: "jna" is near "jan" too.
  EXPECT_EQ(check_schedule("* * * jna *")->hint, "did you mean \"jan\"?");
  EXPECT_EQ(check_schedule("* * * xyz *")->hint, "use jan-dec");
  EXPECT_EQ(check_schedule("5-1 * * * *")->hint, "write the smaller value first, e.g. 1-5");
  EXPECT_EQ(check_schedule("5/10 * * * *")->hint, "write `*/10` or `5-59/10`");
}

TEST(CronSyntax, Commands) {
  EXPECT_EQ(check_command("/usr/bin/backup --all"), std::nullopt);
  auto newline = check_command("echo a\necho b");
  ASSERT_TRUE(newline);
  EXPECT_EQ(newline->message, "a command must be one line; found a newline");
  EXPECT_EQ(newline->offset, 6u);
  EXPECT_EQ(check_command("a\rb")->message, "a command must be one line; found a carriage return");
  EXPECT_EQ(check_command(std::string_view("a\0b", 3))->message,
            "a command must be one line; found a NUL byte");
  EXPECT_EQ(check_command("  ")->message, "empty command");
  EXPECT_EQ(check_command("")->message, "empty command");

  EXPECT_TRUE(has_unescaped_percent("date +%Y"));
  EXPECT_FALSE(has_unescaped_percent("date +\\%Y"));
  EXPECT_FALSE(has_unescaped_percent("echo 100"));
}

struct LineCase {
  const char* line;
  CronLineKind kind;
  const char* message;  // nullptr: valid
  std::size_t offset;
};

TEST(CronSyntax, Lines) {
  const LineCase kCases[] = {
      {"", CronLineKind::kBlank, nullptr, 0},
      {"   \t", CronLineKind::kBlank, nullptr, 0},
      {"# a comment", CronLineKind::kComment, nullptr, 0},
      {"  #indented", CronLineKind::kComment, nullptr, 0},
      {"MAILTO=\"\"", CronLineKind::kEnvironment, nullptr, 0},
      {"PATH = /usr/bin:/bin", CronLineKind::kEnvironment, nullptr, 0},
      {"\"ODD NAME\"=1", CronLineKind::kEnvironment, nullptr, 0},
      {"*/5 * * * * /usr/bin/true", CronLineKind::kJob, nullptr, 0},
      {"  0 3 * * 1-5\tbackup > /dev/null 2>&1", CronLineKind::kJob, nullptr, 0},
      {"@reboot /usr/local/bin/start", CronLineKind::kJob, nullptr, 0},
      {"0 3 * * *", CronLineKind::kJob, "missing command after the schedule", 0},
      {"@daily", CronLineKind::kJob, "missing command after the schedule", 0},
      {"@daily   ", CronLineKind::kJob, "missing command after the schedule", 0},
      {"0 3 *", CronLineKind::kJob, "expected 5 time fields and a command, found 3 fields", 0},
      {"  61 * * * * x", CronLineKind::kJob, "61 is out of range 0-59 in the minute field", 2},
      {"0 3 * * * x\r", CronLineKind::kJob, "carriage return in line", 11},
      {"@dialy x", CronLineKind::kJob, "unknown schedule keyword \"@dialy\"", 0},
      {"run backup at 3", CronLineKind::kJob, "line is not a job, a comment or a VAR=value setting",
       0},
  };
  for (const auto& c : kCases) {
    CronLineCheck check = check_crontab_line(c.line);
    EXPECT_EQ(check.kind, c.kind) << c.line;
    if (!c.message) {
      EXPECT_EQ(check.problem, std::nullopt) << c.line;
      continue;
    }
    ASSERT_TRUE(check.problem) << c.line;
    EXPECT_EQ(check.problem->message, c.message) << c.line;
    EXPECT_EQ(check.problem->offset, c.offset) << c.line;
  }
}

TEST(CronSyntax, TextProblemsNameTheirLines) {
  std::string text = "MAILTO=root\n# nightly\n0 3 * * * backup\n0 25 * * * late\n\nbogus line\n";
  auto problems = check_crontab_text(text);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].line, 4u);
  EXPECT_EQ(problems[0].line_offset, text.find("0 25"));
  EXPECT_EQ(problems[0].problem.message, "25 is out of range 0-23 in the hour field");
  EXPECT_EQ(problems[0].problem.offset, 2u);
  EXPECT_EQ(problems[1].line, 6u);
  EXPECT_TRUE(check_crontab_text("0 3 * * * x").empty());  // no final newline: still valid
  EXPECT_TRUE(check_crontab_text("").empty());
}

TEST(CronSyntax, HeaderRoundTrip) {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  std::string header = crontab_header("-", 1700000000);
  EXPECT_EQ(header,
            "# DO NOT EDIT THIS FILE - edit the master and reinstall.\n"
            "# (- installed on Tue Nov 14 22:13:20 2023)\n"
            "# (Cron version -- $Id: crontab.c,v 2.13 1994/01/17 03:20:37 vixie Exp $)\n");
  EXPECT_EQ(strip_crontab_header(header + "0 3 * * * x\n"), "0 3 * * * x\n");
  EXPECT_EQ(strip_crontab_header("0 3 * * * x\n"), "0 3 * * * x\n");
  EXPECT_EQ(strip_crontab_header("# my own comment\n"), "# my own comment\n");
  EXPECT_EQ(strip_crontab_header(header), "");
}

}  // namespace
}  // namespace twin::resources
