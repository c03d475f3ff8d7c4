// What a snapshot of many files shows as it goes (SPEC.md §5): on a
// terminal a status line rewritten in place — the root being listed, then
// "reading ROOT: N of M entries" every thousand, then the other collectors,
// the write and the commit — and in a pipe none of it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/pty_run.h"
#include "tests/cli/snapshot_cli_support.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// A sandbox with 2,500 small files under /etc/many.
void add_many_files(const std::filesystem::path& root) {
  for (int i = 0; i < 2500; ++i)
    write_text(root / "etc/many" / ("f" + std::to_string(i) + ".conf"), "x\n");
}

TEST(SnapshotProgress, ATerminalSeesTheFilesCountedAndEachPhase) {
  TempDir work, home;
  make_snapshot_sandbox(work / "root");
  add_many_files(work / "root");
  std::string out =
      run_on_a_terminal({"init", (work / "twin").string(), "--root", (work / "root").string()},
                        work.path(), home.path().string());
  EXPECT_TRUE(std::filesystem::exists(home / ".config/twinsync/config.yaml"));
  EXPECT_THAT(out, HasSubstr("\r\033[Ksnapshot: listing /etc"));
  EXPECT_THAT(out, HasSubstr("snapshot: reading /etc: 1000 of "));
  EXPECT_THAT(out, HasSubstr("snapshot: reading /etc: 2000 of "));
  EXPECT_THAT(out, HasSubstr("snapshot: reading packages, accounts, crontabs and logs"));
  EXPECT_THAT(out, HasSubstr("snapshot: writing "));
  EXPECT_THAT(out, HasSubstr("snapshot: committing"));
}

TEST(SnapshotProgress, QuietShowsNoStatusLinesEvenOnATerminal) {
  TempDir work, home;
  make_snapshot_sandbox(work / "root");
  add_many_files(work / "root");
  auto init = run_twin_at_home(
      home.path(), {"init", (work / "twin").string(), "--root", (work / "root").string()}, "/");
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  write_text(work / "root/etc/many/f1.conf", "changed\n");
  std::string out = run_on_a_terminal({"snapshot", "--quiet", "--twin", (work / "twin").string(),
                                       "--root", (work / "root").string()},
                                      work.path(), home.path().string());
  EXPECT_THAT(out, Not(HasSubstr("snapshot: ")));
  EXPECT_THAT(out, HasSubstr("Committed "));
}

TEST(SnapshotProgress, APipeGetsNoStatusLines) {
  TempDir work, home;
  make_snapshot_sandbox(work / "root");
  add_many_files(work / "root");
  auto run = run_twin_at_home(
      home.path(), {"init", (work / "twin").string(), "--root", (work / "root").string()}, "/");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out + run.err, Not(HasSubstr("snapshot: reading")));
  EXPECT_EQ((run.out + run.err).find('\r'), std::string::npos);
}

}  // namespace
}  // namespace twin::testing
