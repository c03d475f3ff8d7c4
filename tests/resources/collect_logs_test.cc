// The logs collector: error lines (table) and tails from a sandbox root.
#include "resources/collect_logs.h"

#include <gtest/gtest.h>

#include <filesystem>

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
  // Words, not parts of them: apt's history names packages with "error" in them.
  EXPECT_FALSE(is_error_line("Install: liberror-perl:amd64 (0.17029-2), libgpg-error0:amd64"));
  EXPECT_FALSE(is_error_line("Commandline: apt-get install -y description-critic"));
  EXPECT_TRUE(is_error_line("[error] upstream timed out"));
  EXPECT_TRUE(is_error_line("E: Failed to fetch"));
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

// A real journal file in the sandbox, written by systemd-journal-remote
// from the journal export format; journalctl --root then reads it as it
// would read a mounted machine's journal.
TEST(CollectLogs, TheJournalTailAndItsErrorCount) {
  const std::filesystem::path remote = "/lib/systemd/systemd-journal-remote";
  if (!std::filesystem::exists(remote))
    GTEST_SKIP() << "systemd-journal-remote is not installed (.ci/debian-packages.txt has it)";
  testing::TempDir tmp;
  const std::string machine = "0123456789abcdef0123456789abcdef";
  testing::write_file(tmp.path() / "etc/machine-id", machine + "\n");
  std::filesystem::create_directories(tmp.path() / "var/log/journal" / machine);
  std::string entries;
  const char* messages[][2] = {{"3", "failed to bind port 80"},
                               {"6", "started job"},
                               {"2", "disk on fire"},
                               {"6", "all good"}};
  int n = 0;
  for (const auto& [priority, message] : messages) {
    ++n;
    entries += "__REALTIME_TIMESTAMP=170000000" + std::to_string(n) + "000000\n" +
               "__MONOTONIC_TIMESTAMP=" + std::to_string(n * 1000) + "\n" +
               "_BOOT_ID=11111111111111111111111111111111\n_HOSTNAME=web1\n" +
               "SYSLOG_IDENTIFIER=app\nPRIORITY=" + priority + "\nMESSAGE=" + message + "\n\n";
  }
  ProcessRunner runner;
  engine::Command write;
  write.program = remote.string();
  write.args = {"--output=" + (tmp.path() / "var/log/journal" / machine / "system.journal").string(),
                "-"};
  write.input = entries;
  auto written = runner.run(write);
  ASSERT_TRUE(written && written->succeeded()) << (written ? written->err : written.error().message);

  engine::Host host(tmp.path(), runner);
  LogsCollection logs = collect_logs(host, 3);
  ASSERT_FALSE(logs.logs.empty());
  const CollectedLog& journal = logs.logs[0];
  EXPECT_EQ(journal.name, "journal.log");
  EXPECT_EQ(journal.lines, 3u);  // the tail is cut to max_lines
  EXPECT_EQ(journal.text.find("failed to bind"), std::string::npos);
  EXPECT_NE(journal.text.find("app: disk on fire"), std::string::npos);
  EXPECT_NE(journal.text.find("all good"), std::string::npos);
  EXPECT_EQ(journal.errors, 2u);  // priority err and crit, of the whole boot
  for (const auto& note : logs.notes) EXPECT_EQ(note.rfind("journal: ", 0), std::string::npos) << note;
}

}  // namespace
}  // namespace twin::resources
