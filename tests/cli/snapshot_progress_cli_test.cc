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

/// A sandbox machine with 2,500 small files under /etc/many, a twin path
/// beside it and a home to remember the twin in.
class SnapshotProgress : public ::testing::Test {
 protected:
  void SetUp() override {
    make_snapshot_sandbox(root_);
    for (int i = 0; i < 2500; ++i)
      write_text(root_ / "etc/many" / ("f" + std::to_string(i) + ".conf"), "x\n");
  }
  std::vector<std::string> init_args() const {
    return {"init", twin_.string(), "--root", root_.string()};
  }
  /// `twin ARGS` on a pseudo-terminal, in the work directory.
  std::string on_a_terminal(const std::vector<std::string>& args) const {
    return run_on_a_terminal(args, work_.path(), home_.path().string());
  }
  /// `twin ARGS` with its output in pipes.
  TwinRun piped(const std::vector<std::string>& args) const {
    return run_twin_at_home(home_.path(), args, "/");
  }

  TempDir work_, home_;
  std::filesystem::path root_ = work_ / "root", twin_ = work_ / "twin";
};

TEST_F(SnapshotProgress, ATerminalSeesTheFilesCountedAndEachPhase) {
  std::string out = on_a_terminal(init_args());
  EXPECT_TRUE(std::filesystem::exists(home_ / ".config/twinsync/config.yaml"));
  EXPECT_THAT(out, HasSubstr("\r\033[Ksnapshot: listing /etc"));
  EXPECT_THAT(out, HasSubstr("snapshot: reading /etc: 1000 of "));
  EXPECT_THAT(out, HasSubstr("snapshot: reading /etc: 2000 of "));
  EXPECT_THAT(out, HasSubstr("snapshot: reading packages, accounts, crontabs and logs"));
  EXPECT_THAT(out, HasSubstr("snapshot: writing "));
  EXPECT_THAT(out, HasSubstr("snapshot: committing"));
}

TEST_F(SnapshotProgress, QuietShowsNoStatusLinesEvenOnATerminal) {
  auto init = piped(init_args());
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  write_text(root_ / "etc/many/f1.conf", "changed\n");
  std::string out = on_a_terminal(
      {"snapshot", "--quiet", "--twin", twin_.string(), "--root", root_.string()});
  EXPECT_THAT(out, Not(HasSubstr("snapshot: ")));
  EXPECT_THAT(out, HasSubstr("Committed "));
}

TEST_F(SnapshotProgress, APipeGetsNoStatusLines) {
  auto run = piped(init_args());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out + run.err, Not(HasSubstr("snapshot: reading")));
  EXPECT_EQ((run.out + run.err).find('\r'), std::string::npos);
}

}  // namespace
}  // namespace twin::testing
