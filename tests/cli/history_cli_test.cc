// `twin time-machine` and `twin logs --grep` end to end on a twin made by
// `twin init` from a sandbox root (no terminal: stdin is /dev/null).
#include <gtest/gtest.h>

#include "tests/cli/snapshot_cli_support.h"

namespace twin::testing {
namespace {

namespace fs = std::filesystem;

class HistoryCli : public ::testing::Test {
 protected:
  void SetUp() override {
    make_snapshot_sandbox(root_);
    auto init = twin({"init", twin_dir_.string(), "--root", root_.string()});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  }
  TwinRun twin(std::vector<std::string> args) {
    return run_twin_at_home(home_.path(), args, "/", {{"SUDO_USER", "alice"}});
  }
  TwinRun in_twin(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--twin", twin_dir_.string()});
    return twin(args);
  }
  TwinRun git(std::vector<std::string> args) {
    return run_git_at_home(home_.path(), twin_dir_, args);
  }
  std::string rev(const std::string& name) { return git({"rev-parse", name}).out.substr(0, 40); }

  TempDir home_, work_;
  fs::path root_ = work_ / "root";
  fs::path twin_dir_ = work_ / "twin";
};

TEST_F(HistoryCli, TimeMachineWithoutATerminalListsTheLast20Commits) {
  for (int i = 1; i <= 21; ++i)
    ASSERT_EQ(git({"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty",
                   "-m", "edit " + std::to_string(i)})
                  .exit_code,
              0);
  auto run = in_twin({"time-machine"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("The last 20 commits of the twin, newest first:\n"
                         "  #  ID        DATE (UTC)            SUBJECT\n"
                         "  1  " +
                         rev("HEAD").substr(0, 8) + "  20"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("  edit 21\n"), std::string::npos);
  EXPECT_NE(run.out.find(" 20  " + rev("HEAD~19").substr(0, 8) + "  "), std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("snapshot sandbox"), std::string::npos);  // the 22nd, oldest
  EXPECT_NE(run.out.find("Pick one with `twin time-machine --commit ID --yes`"), std::string::npos);
  EXPECT_EQ(git({"rev-list", "--count", "HEAD"}).out, "22\n");  // nothing was changed
}

TEST_F(HistoryCli, TimeMachineCommitResetsDiffShowsItAndUndoRestores) {
  std::string first = rev("HEAD");
  write_text(root_ / "etc/motd", "changed on the machine\n");
  ASSERT_EQ(in_twin({"snapshot", "--root", root_.string()}).exit_code, 0);
  std::string second = rev("HEAD");

  auto unconfirmed = in_twin({"time-machine", "--commit", first.substr(0, 8)});
  EXPECT_EQ(unconfirmed.exit_code, 1);
  EXPECT_NE(unconfirmed.err.find("pass --yes"), std::string::npos) << unconfirmed.err;

  auto reset = in_twin({"time-machine", "--commit", first.substr(0, 8), "-y"});
  ASSERT_EQ(reset.exit_code, 0) << reset.out << reset.err;
  EXPECT_EQ(read_text(twin_dir_ / "filesystem/etc/motd"), "hello\n");
  EXPECT_EQ(rev("refs/twin/before-reset"), second);  // the old head keeps a name
  auto diff = in_twin({"diff", "HEAD~1", "--", "filesystem/etc/motd"});
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_NE(diff.out.find("@@ -1 +1 @@\n-changed on the machine\n+hello\n"), std::string::npos)
      << diff.out;

  auto undo = in_twin({"time-machine", "--undo", "-y"});
  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(read_text(twin_dir_ / "filesystem/etc/motd"), "changed on the machine\n");
  EXPECT_EQ(git({"log", "-1", "--format=%s"})
                .out.rfind("undo reset to " + first.substr(0, 8) + " (snapshot sandbox ", 0),
            0u);
  EXPECT_EQ(git({"rev-parse", "HEAD^{tree}"}).out, git({"rev-parse", second + "^{tree}"}).out);
  auto back = in_twin({"diff", "HEAD~1", "HEAD", "--stat"});
  EXPECT_EQ(back.out.rfind(" filesystem/etc/motd ", 0), 0u) << back.out;
  EXPECT_NE(back.out.find(" | 2 +-\n"), std::string::npos) << back.out;
}

TEST_F(HistoryCli, APositionalRevAndResetStillWorkAndUndoPointsAtTheOldHead) {
  std::string first = rev("HEAD");
  write_text(twin_dir_ / "state/extra.twin", "# an edit\n");
  ASSERT_EQ(git({"add", "-A"}).exit_code, 0);
  ASSERT_EQ(
      git({"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "edit"}).exit_code,
      0);
  std::string edited = rev("HEAD");

  auto conflict = in_twin({"time-machine", first.substr(0, 8), "--commit", "HEAD~1", "-y"});
  EXPECT_EQ(conflict.exit_code, 1);
  EXPECT_NE(conflict.err.find("error[E1221]: give the commit once"), std::string::npos)
      << conflict.err;

  auto reset = in_twin({"time-machine", first.substr(0, 8), "--yes"});
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_FALSE(fs::exists(twin_dir_ / "state/extra.twin"));
  // A later commit hides the reset from --undo; the error names the way back.
  ASSERT_EQ(git({"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m",
                 "later"})
                .exit_code,
            0);
  auto undo = in_twin({"reset", "--undo", "--yes"});
  EXPECT_EQ(undo.exit_code, 1);
  EXPECT_NE(undo.err.find("error[E1208]: the latest commit is not a reset"), std::string::npos);
  EXPECT_NE(
      undo.err.find("`twin time-machine --commit " + edited.substr(0, 8) + "` goes back there"),
      std::string::npos)
      << undo.err;
  auto back = in_twin({"time-machine", "--commit", edited.substr(0, 8), "--yes"});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(read_text(twin_dir_ / "state/extra.twin"), "# an edit\n");

  auto help = twin({"help", "time-machine"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--commit"), std::string::npos) << help.out;
}

TEST_F(HistoryCli, LogsGrepPrintsMatchingLinesWithTheirLogAndNumber) {
  auto run = in_twin({"logs", "--grep", "disk|fine"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "syslog.log:2: kernel: error: disk full\nsyslog.log:3: fine\n");

  EXPECT_EQ(in_twin({"logs", "--grep", "DISK"}).out,
            "No line matches `DISK` in the captured logs.\n");
  EXPECT_EQ(in_twin({"logs", "--grep", "DISK", "-i"}).out,
            "syslog.log:2: kernel: error: disk full\n");
  EXPECT_EQ(in_twin({"logs", "--grep", "^(ok|kernel)", "--errors"}).out,
            "syslog.log:2: kernel: error: disk full\n");
  auto none = in_twin({"logs", "--grep", "fine", "--errors"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.out, "No error line matches `fine` in the captured logs.\n");

  auto bad = in_twin({"logs", "--grep", "disk("});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("error[E1222]: not a valid --grep pattern (ECMAScript regex): "),
            std::string::npos)
      << bad.err;
  EXPECT_EQ(bad.out, "");
}

}  // namespace
}  // namespace twin::testing
