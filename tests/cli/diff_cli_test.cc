// `twin diff` end to end on a twin made by `twin init` from a sandbox root:
// edits in the working tree, two commits, paths, --stat, --exit-code, bad
// revisions, and content that looks like a secret.
#include <gtest/gtest.h>

#include "tests/cli/snapshot_cli_support.h"

namespace twin::testing {
namespace {

namespace fs = std::filesystem;

class DiffCli : public ::testing::Test {
 protected:
  void SetUp() override {
    make_snapshot_sandbox(root_);
    auto init = twin({"init", twin_dir_.string(), "--root", root_.string()});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    first_ = head();
  }
  TwinRun twin(std::vector<std::string> args) {
    return run_twin_at_home(home_.path(), args, "/", {{"SUDO_USER", "alice"}});
  }
  TwinRun diff(std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"diff", "--twin", twin_dir_.string()});
    return twin(args);
  }
  std::string head() {
    std::string id = run_git_at_home(home_.path(), twin_dir_, {"rev-parse", "HEAD"}).out;
    return id.substr(0, 8);
  }

  TempDir home_, work_;
  fs::path root_ = work_ / "root";
  fs::path twin_dir_ = work_ / "twin";
  std::string first_;
};

TEST_F(DiffCli, AnEditedMirroredFileShowsItsHunkAndTheSummary) {
  write_text(twin_dir_ / "filesystem/etc/motd", "edited\n");
  auto run = diff();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("diff --git a/filesystem/etc/motd b/filesystem/etc/motd\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("--- a/filesystem/etc/motd\n+++ b/filesystem/etc/motd\n@@ -1 +1 @@\n"
                         "-hello\n+edited\n"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("\033["), std::string::npos);  // no colour off a terminal
  EXPECT_TRUE(run.out.ends_with("\n 1 file changed, 1 insertion(+), 1 deletion(-)\n")) << run.out;
  EXPECT_EQ(diff({"--exit-code"}).exit_code, 2);
}

TEST_F(DiffCli, NothingChangedSaysSoAndExitsZero) {
  auto run = diff();
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "No changes between " + first_ + " and the working tree.\n");
  EXPECT_EQ(diff({"--exit-code"}).exit_code, 0);
}

TEST_F(DiffCli, UntrackedFilesAreAdditionsAndStatCountsLines) {
  write_text(twin_dir_ / "filesystem/etc/motd", "edited\n");
  write_text(twin_dir_ / "filesystem/etc/new.conf", "one\ntwo\nthree\n");
  auto run = diff({"--stat"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out,
            " filesystem/etc/motd     | 2 +-\n"
            " filesystem/etc/new.conf | 3 +++\n"
            " 2 files changed, 4 insertions(+), 1 deletion(-)\n");
}

TEST_F(DiffCli, TwoRevisionsCompareCommitsAndPathsLimitTheDiff) {
  write_text(root_ / "etc/motd", "changed on the machine\n");
  ASSERT_EQ(twin({"snapshot", "--twin", twin_dir_.string(), "--root", root_.string()}).exit_code,
            0);
  write_text(twin_dir_ / "state/notes.twin", "# not committed\n");

  auto run = diff({first_, "HEAD", "--", "filesystem"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("-hello\n+changed on the machine\n"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("notes.twin"), std::string::npos);  // the working tree is not involved
  EXPECT_EQ(run.out.find("live/"), std::string::npos);       // limited to filesystem/

  // A path without `--` is recognised when it exists in the twin; an
  // absolute machine path names its mirror under filesystem/.
  auto guessed = diff({"HEAD~1", "filesystem/etc/motd"});
  EXPECT_EQ(guessed.exit_code, 0) << guessed.err;
  EXPECT_TRUE(guessed.out.ends_with(" 1 file changed, 1 insertion(+), 1 deletion(-)\n"))
      << guessed.out;
  auto machine_path = diff({"HEAD~1", "--stat", "--", "/etc/motd"});
  EXPECT_EQ(machine_path.out,
            " filesystem/etc/motd | 2 +-\n 1 file changed, 1 insertion(+), 1 "
            "deletion(-)\n");
}

TEST_F(DiffCli, ABadRevisionIsAClearError) {
  auto not_rev = diff({"zzzz"});
  EXPECT_EQ(not_rev.exit_code, 1);
  EXPECT_NE(not_rev.err.find("error[E1220]: neither a commit nor a path of the twin (zzzz)"),
            std::string::npos)
      << not_rev.err;
  EXPECT_NE(not_rev.err.find("paths of the twin go after `--`"), std::string::npos);
  auto missing = diff({"deadbeef"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("error[E2003]: no such commit (deadbeef)"), std::string::npos)
      << missing.err;
  auto too_far = diff({"HEAD~3"});
  EXPECT_EQ(too_far.exit_code, 1);
  EXPECT_NE(too_far.err.find("error[E2003]: no such commit (HEAD~3)"), std::string::npos);
  auto not_plain = diff({"HEAD^", "--"});  // after `--` nothing is guessed: the commit's error
  EXPECT_NE(not_plain.err.find("error[E2003]: not a commit id (4 to 40 hex digits, HEAD, "
                               "HEAD~N, a branch or a tag) (HEAD^)"),
            std::string::npos)
      << not_plain.err;
  auto three = diff({"HEAD", "HEAD", "HEAD", "--", "state"});
  EXPECT_EQ(three.exit_code, 1);
  EXPECT_NE(three.err.find("error[E1220]: at most two commits can be compared"), std::string::npos)
      << three.err;
  auto no_such_path = diff({"HEAD", "state/none.twin"});
  EXPECT_EQ(no_such_path.exit_code, 1);
  EXPECT_NE(no_such_path.err.find("error[E1220]: neither a commit nor a path of the twin "
                                  "(state/none.twin)"),
            std::string::npos)
      << no_such_path.err;
  auto extra_path = diff({"HEAD", "HEAD~0", "state/none.twin"});
  EXPECT_EQ(extra_path.exit_code, 1);
  EXPECT_NE(extra_path.err.find("error[E1220]: not a path of the twin"), std::string::npos)
      << extra_path.err;
  EXPECT_EQ(diff({"HEAD", "--", "state/none.twin"}).exit_code, 0);  // after `--`, any path
}

TEST_F(DiffCli, ContentThatLooksSecretIsSummarisedNotShown) {
  write_text(twin_dir_ / "filesystem/etc/app/db.conf", "user = app\npassword = hunter2\n");
  auto run = diff();
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.find("hunter2"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("+++ b/filesystem/etc/app/db.conf\n(sensitive: 2 lines changed, digest "
                         "(none) → "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" 1 file changed, 2 insertions(+)\n"), std::string::npos);
}

}  // namespace
}  // namespace twin::testing
