// GitRepo against real repositories in temp dirs; the git binary checks
// what libgit2 wrote, as a user's git would read it.
#include "engine/repo/git_repo.h"

#include <gtest/gtest.h>

#include "tests/engine/repo/git_testing.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;
using twin::testing::read_text;
using twin::testing::run_git;
using twin::testing::TempDir;
using twin::testing::write_text;

const GitIdentity kWho{"twin", "twin@testhost"};

class GitRepoTest : public twin::testing::GitRepoFixture {};

TEST_F(GitRepoTest, InitCreatesMainBranchWithNoCommits) {
  auto head = repo_->head();
  ASSERT_TRUE(head.ok());
  EXPECT_FALSE(*head);
  EXPECT_EQ(read_text(dir_ / ".git/HEAD"), "ref: refs/heads/main\n");
  EXPECT_TRUE(repo_->log().value().empty());
}

TEST_F(GitRepoTest, CommitsEverythingButIgnoredFilesAndGitSeesIt) {
  write_text(dir_ / ".gitignore", "/.twin/\n");
  write_text(dir_ / "state/a.twin", "one\n");
  write_text(dir_ / ".twin/checkpoints/x", "journal\n");
  fs::create_symlink("state/a.twin", dir_ / "link");
  std::string id = commit("snapshot host 2026\n\nbody");
  ASSERT_EQ(id.size(), 40u);

  auto files = run_git(dir_.path(), {"ls-files"});
  EXPECT_EQ(files.out, ".gitignore\nlink\nstate/a.twin\n");
  EXPECT_EQ(run_git(dir_.path(), {"log", "--format=%H %an <%ae> %s"}).out,
            id + " twin <twin@testhost> snapshot host 2026\n");
  EXPECT_EQ(run_git(dir_.path(), {"status", "--porcelain"}).out, "");
  EXPECT_EQ(run_git(dir_.path(), {"cat-file", "-p", "HEAD:link"}).out, "state/a.twin");
}

TEST_F(GitRepoTest, ChangesAgainstHeadNameAddedModifiedAndDeletedPaths) {
  write_text(dir_ / "keep", "1\n");
  write_text(dir_ / "edit", "1\n");
  write_text(dir_ / "gone", "1\n");
  commit("first");
  write_text(dir_ / "edit", "2\n");
  fs::remove(dir_ / "gone");
  write_text(dir_ / "sub/new", "1\n");

  auto worktree = repo_->worktree_changes();
  ASSERT_TRUE(worktree.ok()) << worktree.error().text();
  std::map<std::string, PathChange> expected = {{"edit", PathChange::kModified},
                                                {"gone", PathChange::kDeleted},
                                                {"sub/new", PathChange::kAdded}};
  EXPECT_EQ(*worktree, expected);
  EXPECT_TRUE(repo_->staged_changes().value().empty());  // nothing staged yet
  ASSERT_TRUE(repo_->add_all().ok());
  EXPECT_EQ(repo_->staged_changes().value(), expected);
}

TEST_F(GitRepoTest, LogIsNewestFirstWithParents) {
  write_text(dir_ / "f", "1\n");
  std::string first = commit("first");
  write_text(dir_ / "f", "2\n");
  std::string second = commit("second\n\ndetails");
  auto log = repo_->log();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].id, second);
  EXPECT_EQ((*log)[0].summary(), "second");
  EXPECT_EQ((*log)[0].parents, std::vector<std::string>{first});
  EXPECT_TRUE((*log)[1].parents.empty());
  EXPECT_EQ(repo_->log(1).value().size(), 1u);
}

TEST_F(GitRepoTest, ResolvesAbbreviatedIdsAndRefusesOtherNames) {
  write_text(dir_ / "f", "1\n");
  std::string first = commit("first");
  write_text(dir_ / "f", "2\n");
  commit("second");
  EXPECT_EQ(repo_->resolve(first.substr(0, 7)).value(), first);
  EXPECT_EQ(repo_->resolve("HEAD~1").value(), first);
  EXPECT_EQ(repo_->resolve("zzzz").error().code, "E2003");
  EXPECT_EQ(repo_->resolve("main@{0}").error().code, "E2003");
  EXPECT_EQ(repo_->resolve("--all").error().code, "E2003");
  EXPECT_EQ(repo_->resolve("0000000").error().code, "E2003");
}

TEST_F(GitRepoTest, ReadsATreeUnderAPrefix) {
  write_text(dir_ / "state/a.twin", "a\n");
  write_text(dir_ / "state/sub/b.twin", "b\n");
  write_text(dir_ / "stateful", "no\n");
  write_text(dir_ / "live/x.yaml", "x\n");
  std::string id = commit("first");
  auto tree = repo_->read_tree(id, "state");
  ASSERT_TRUE(tree.ok()) << tree.error().text();
  ASSERT_EQ(tree->size(), 2u);
  EXPECT_EQ(tree->at("state/a.twin").bytes, "a\n");
  EXPECT_EQ(tree->at("state/sub/b.twin").bytes, "b\n");
  EXPECT_EQ(repo_->read_tree(id).value().size(), 4u);
}

TEST_F(GitRepoTest, RestoreMakesANewCommitAndCanBeUndone) {
  write_text(dir_ / ".gitignore", "/.twin/\n");
  write_text(dir_ / "f", "old\n");
  std::string first = commit("first");
  write_text(dir_ / "f", "new\n");
  write_text(dir_ / "added", "x\n");
  write_text(dir_ / ".twin/keep", "ignored\n");
  std::string second = commit("second");

  auto restored = repo_->restore_as_new_commit(first, "reset to first", kWho);
  ASSERT_TRUE(restored.ok()) << restored.error().text();
  EXPECT_EQ(read_text(dir_ / "f"), "old\n");
  EXPECT_FALSE(fs::exists(dir_ / "added"));
  EXPECT_EQ(read_text(dir_ / ".twin/keep"), "ignored\n");  // ignored files stay
  EXPECT_EQ(run_git(dir_.path(), {"log", "--format=%s"}).out, "reset to first\nsecond\nfirst\n");
  EXPECT_EQ(run_git(dir_.path(), {"status", "--porcelain"}).out, "");
  EXPECT_EQ(run_git(dir_.path(), {"rev-parse", "HEAD^{tree}"}).out,
            run_git(dir_.path(), {"rev-parse", first + "^{tree}"}).out);

  auto undone = repo_->restore_as_new_commit(second, "undo reset", kWho);
  ASSERT_TRUE(undone.ok());
  EXPECT_EQ(read_text(dir_ / "f"), "new\n");
  EXPECT_EQ(read_text(dir_ / "added"), "x\n");
}

TEST_F(GitRepoTest, AReferenceKeepsACommitAndGitReadsIt) {
  write_text(dir_ / "f", "one\n");
  std::string first = commit("first");
  EXPECT_FALSE(repo_->reference_target("refs/twin/before-reset").value());
  ASSERT_TRUE(repo_->set_reference("refs/twin/before-reset", first, "twin: before a reset").ok());
  EXPECT_EQ(repo_->reference_target("refs/twin/before-reset").value(), first);
  EXPECT_EQ(run_git(dir_.path(), {"rev-parse", "refs/twin/before-reset"}).out, first + "\n");
  write_text(dir_ / "f", "two\n");
  std::string second = commit("second");
  ASSERT_TRUE(repo_->set_reference("refs/twin/before-reset", second, "twin: again").ok());
  EXPECT_EQ(repo_->reference_target("refs/twin/before-reset").value(), second);
  EXPECT_EQ(repo_->set_reference("refs/twin/x", std::string(40, 'c'), "none").error().code, "E2003");
}

TEST(GitRepoOpen, RefusesADirectoryThatIsNotARepository) {
  TempDir dir;
  auto repo = GitRepo::open(dir.path());
  ASSERT_FALSE(repo.ok());
  EXPECT_EQ(repo.error().code, "E2002");
}

}  // namespace
}  // namespace twin::engine
