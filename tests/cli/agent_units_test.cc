// The pure parts of fleet pull mode: the interval syntax, ExecStart= words,
// and the units' text read back. (The policy: tests/cli/ops/agent_policy_test.cc.)
#include "cli/agent_units.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>


namespace twin::cli {
namespace {

using ::testing::HasSubstr;

TEST(AgentInterval, AcceptsTheSubsetOfSystemdTimeSpans) {
  struct Case {
    const char* text;
    std::uint64_t seconds;
  };
  for (const Case& c : {Case{"60s", 60}, Case{"1min", 60}, Case{"30min", 1800}, Case{"2h", 7200},
                        Case{"1d", 86400}, Case{"365d", 365 * 86400}}) {
    auto parsed = parse_agent_interval(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.error().text();
    EXPECT_EQ(parsed->seconds, c.seconds) << c.text;
    EXPECT_EQ(parsed->text, c.text);
  }
}

TEST(AgentInterval, RejectsWhatSystemdWouldMisreadOrTooShort) {
  struct Case {
    const char* text;
    const char* why;
  };
  for (const Case& c : {Case{"", "does not start with a number"}, Case{"min", "does not start"},
                        Case{"30", "the unit is missing"}, Case{"59s", "shorter than 1min"},
                        Case{"0min", "shorter than 1min"}, Case{"1w", "unknown unit `w`"},
                        Case{"5 min", "unknown unit ` min`"}, Case{"1h30min", "unknown unit"},
                        Case{"366d", "longer than 365d"}, Case{"9999999999s", "too large"}}) {
    auto parsed = parse_agent_interval(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().code, "E1701");
    EXPECT_THAT(parsed.error().message, HasSubstr(c.why)) << c.text;
  }
}

TEST(AgentUnits, ExecWordsQuoteOnlyWhatSystemdWouldInterpret) {
  EXPECT_EQ(*systemd_exec_word("/usr/bin/twin"), "/usr/bin/twin");
  EXPECT_EQ(*systemd_exec_word("/srv/my twin"), "\"/srv/my twin\"");
  EXPECT_EQ(*systemd_exec_word("/srv/100%"), "\"/srv/100%%\"");
  EXPECT_EQ(*systemd_exec_word("/srv/$HOME"), "\"/srv/$$HOME\"");
  EXPECT_EQ(*systemd_exec_word("/srv/a\"b\\c"), "\"/srv/a\\\"b\\\\c\"");
  auto newline = systemd_exec_word("/srv/a\nExecStartPre=/bin/evil");
  ASSERT_FALSE(newline.ok());
  EXPECT_EQ(newline.error().code, "E1703");
}

TEST(AgentUnits, TheServiceAndTimerSayWhatTheyWereGiven) {
  auto interval = parse_agent_interval("2h");
  ASSERT_TRUE(interval.ok());
  auto service = render_agent_service({"/usr/bin/twin", "/srv/my twin %x", "safe", *interval});
  ASSERT_TRUE(service.ok());
  EXPECT_THAT(*service, HasSubstr("\nType=oneshot\n"));
  EXPECT_THAT(*service, HasSubstr("\nExecStart=/usr/bin/twin agent run --twin \"/srv/my twin %%x\" "
                                  "--apply-policy safe\n"));
  EXPECT_THAT(*service, HasSubstr("\nSuccessExitStatus=2\n"));
  EXPECT_EQ(service->find("ProtectSystem"), std::string::npos);  // it must write /etc
  EXPECT_EQ(policy_of_service(*service), "safe");

  std::string timer = render_agent_timer(*interval);
  EXPECT_THAT(timer, HasSubstr("\nOnBootSec=5min\nOnUnitActiveSec=2h\nRandomizedDelaySec=720s\n"));
  EXPECT_THAT(timer, HasSubstr("\n[Install]\nWantedBy=timers.target\n"));
  EXPECT_EQ(interval_of_timer(timer), "2h");
  // A short interval also starts that soon after boot.
  EXPECT_THAT(render_agent_timer(*parse_agent_interval("2min")), HasSubstr("OnBootSec=2min\n"));
}

}  // namespace
}  // namespace twin::cli
