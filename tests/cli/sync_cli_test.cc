// `twin remote`, `twin push` and `twin pull` end to end, with the review of
// what a pull brings: the plan on this (sandbox) machine and the risky
// changes, each with the commit and author that introduced it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/git_sandbox.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::GitSandbox;
using twin::testing::ProgramRun;
using twin::testing::read_text;
using twin::testing::run_program;
using twin::testing::write_text;
namespace fs = std::filesystem;

struct RemoteCli : ::testing::Test {
  GitSandbox sb;
  fs::path root = sb / "root";
  fs::path bare = sb.bare("remote.git");
  fs::path twin;
  fs::path other = sb / "other";

  void SetUp() override {
    fs::path example = fs::path(TWIN_SOURCE_DIR) / "examples/webhost/sandbox/etc";
    fs::create_directories(root / "etc");
    fs::copy_file(example / "passwd", root / "etc/passwd");
    fs::copy_file(example / "group", root / "etc/group");
    write_text(root / "etc/motd", "hello\n");
    write_text(root / "etc/fstab", "# fstab of this machine\n");
    write_text(sb / "twin/state/site.twin", "file \"/etc/motd\" {\n  content = \"hello\\n\"\n}\n");
    twin = sb.twin("twin");
  }
  ProgramRun twin_cmd(std::vector<std::string> args) {
    args.insert(args.begin(), TWIN_BINARY);
    auto env = sb.env();
    env.push_back("NO_COLOR=1");
    return run_program(args, twin.string(), env);
  }
  void share() {
    ASSERT_EQ(twin_cmd({"remote", "set", "file://" + bare.string()}).exit_code, 0);
    ASSERT_EQ(twin_cmd({"push"}).exit_code, 0);
    sb.git({"clone", "-q", "file://" + bare.string(), other.string()}, sb.tmp().path());
  }
  void agent_commits(const std::string& path, const std::string& text, const std::string& who) {
    write_text(other / path, text);
    sb.commit_all(other, "agent: edit " + path, who);
    sb.git({"push", "-q", "origin", "main"}, other);
  }
};

TEST_F(RemoteCli, ShowSetRemove) {
  auto none = twin_cmd({"remote"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_THAT(none.output, HasSubstr("No remote is set"));
  EXPECT_THAT(none.output, HasSubstr("twin setup-github"));
  auto set = twin_cmd({"remote", "set", "git@github.com:octo/web1.git"});
  EXPECT_EQ(set.exit_code, 0) << set.output;
  auto shown = twin_cmd({"remote", "show"});
  EXPECT_EQ(shown.output, "origin\tgit@github.com:octo/web1.git\n");
  EXPECT_EQ(twin_cmd({"remote", "remove"}).exit_code, 0);
  EXPECT_EQ(sb.git({"remote"}, twin), "");
  auto again = twin_cmd({"remote", "remove"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.output, HasSubstr("E2020"));
  auto secret = twin_cmd({"remote", "set", "https://ghp_abcdef@github.com/o/r.git"});
  EXPECT_EQ(secret.exit_code, 1);
  EXPECT_THAT(secret.output, Not(HasSubstr("ghp_abcdef")));
  EXPECT_EQ(twin_cmd({"remote", "bogus"}).exit_code, 1);
}

TEST_F(RemoteCli, PushWithoutRemoteSaysHow) {
  auto r = twin_cmd({"push"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("twin remote set URL"));
}

TEST_F(RemoteCli, PullReviewFlagsARiskyChangeWithItsCommitAndAuthor) {
  share();
  agent_commits("state/boot.twin", "file \"/etc/fstab\" {\n  content = \"/dev/sda1 / ext4\\n\"\n}\n",
                "Agent");
  auto r = twin_cmd({"pull", "--root", root.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::string id = sb.rev(other, "HEAD").substr(0, 7);
  EXPECT_THAT(r.output, HasSubstr("Pulled 1 commit(s)"));
  EXPECT_THAT(r.output, HasSubstr(id + "  Agent <agent@example.org>  agent: edit state/boot.twin"));
  EXPECT_THAT(r.output, HasSubstr("REPLACE file[\"/etc/fstab\"]"));
  EXPECT_THAT(r.output, HasSubstr("1 of these step(s) come from the pull"));
  EXPECT_THAT(r.output, HasSubstr("Risky changes brought in by the pull:"));
  EXPECT_THAT(r.output, HasSubstr("W0306"));
  EXPECT_THAT(r.output, HasSubstr("introduced by commit " + id + " by Agent <agent@example.org>"));
  EXPECT_THAT(r.output, HasSubstr("Nothing was applied"));
  EXPECT_EQ(read_text(root / "etc/fstab"), "# fstab of this machine\n");
}

TEST_F(RemoteCli, ARiskyDeclarationThatChangesNothingHereIsNotFlagged) {
  share();
  agent_commits("state/boot.twin",
                "file \"/etc/fstab\" {\n  content = \"# fstab of this machine\\n\"\n}\n", "Agent");
  auto r = twin_cmd({"pull", "--root", root.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("W0306")));
  EXPECT_THAT(r.output, HasSubstr("No risky change among what the pull brought in."));
  EXPECT_THAT(r.output, HasSubstr("would change nothing on this machine"));
}

TEST_F(RemoteCli, PullConflictListsPathsAndLeavesTheTwinAlone) {
  share();
  agent_commits("state/site.twin", "file \"/etc/motd\" {\n  content = \"theirs\\n\"\n}\n", "Agent");
  write_text(twin / "state/site.twin", "file \"/etc/motd\" {\n  content = \"ours\\n\"\n}\n");
  sb.commit_all(twin, "ours");
  std::string head = sb.rev(twin, "HEAD");
  auto r = twin_cmd({"pull", "--root", root.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("  state/site.twin\n"));
  EXPECT_THAT(r.output, HasSubstr("Nothing was changed"));
  EXPECT_EQ(sb.rev(twin, "HEAD"), head);
  EXPECT_EQ(sb.git({"status", "--porcelain"}, twin), "");
}

TEST_F(RemoteCli, DivergedPullMergesThenPushShares) {
  share();
  agent_commits("state/extra.twin", "# agent's notes\n", "Agent");
  write_text(twin / "state/local.twin", "# local\n");
  sb.commit_all(twin, "local");
  auto refused = twin_cmd({"push"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("run `twin pull`"));
  auto pulled = twin_cmd({"pull", "--root", root.string()});
  ASSERT_EQ(pulled.exit_code, 0) << pulled.output;
  EXPECT_THAT(pulled.output, HasSubstr("merged them with this twin's own"));
  auto pushed = twin_cmd({"push"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  EXPECT_EQ(sb.rev(bare, "main"), sb.rev(twin, "HEAD"));
  auto again = twin_cmd({"pull", "--root", root.string()});
  EXPECT_THAT(again.output, HasSubstr("Already up to date"));
}

}  // namespace
}  // namespace twin::cli
