// The logs collector: error lines (table) and tails from a sandbox root.
#include "resources/collect_logs.h"

#include <gtest/gtest.h>

#include "resources/process_runner.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

TEST(CollectLogLines, ErrorWords) {
  EXPECT_TRUE(is_error_line("kernel: EXT4-fs error (device sda1)"));
  EXPECT_TRUE(is_error_line("sshd[1]: Failed password for root"));
  EXPECT_TRUE(is_error_line("audit: apparmor=\"DENIED\""));
  EXPECT_TRUE(is_error_line("app[3]: segfault at 0"));
  EXPECT_FALSE(is_error_line("systemd[1]: Started cron.service."));
  EXPECT_EQ(error_lines("ok\nERROR one\nfine\nfatal two"),
            (std::vector<std::string>{"ERROR one", "fatal two"}));
}

TEST(CollectLogs, TailsAndCountsOfTheClassicLogs) {
  testing::TempDir tmp;
  testing::write_file(tmp.path() / "var/log/syslog", "a\nb error\nc\nd failed\n");
  testing::write_file(tmp.path() / "var/log/apt/history.log", "Start-Date: x\n");
  ProcessRunner runner;
  engine::Host host(tmp.path(), runner);
  LogsCollection logs = collect_logs(host, 3);
  std::vector<std::string> names;
  for (const auto& l : logs.logs) names.push_back(l.name);
  EXPECT_EQ(names, (std::vector<std::string>{"syslog.log", "apt-history.log"}));
  EXPECT_EQ(logs.logs[0].text, "b error\nc\nd failed\n");
  EXPECT_EQ(logs.logs[0].lines, 3u);
  EXPECT_EQ(logs.logs[0].errors, 2u);
  EXPECT_EQ(logs.logs[0].source, "/var/log/syslog");
  ASSERT_FALSE(logs.notes.empty());  // the sandbox has no journal
  EXPECT_EQ(logs.notes[0].rfind("journal: ", 0), 0u);
}

}  // namespace
}  // namespace twin::resources
