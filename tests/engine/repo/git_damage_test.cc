// engine/repo/git_damage.h through GitRepo, on real repositories damaged the
// ways disks and hands damage them: each damage is E2006 from every call
// that reads HEAD, never "no commits yet", and no commit is made on top.
#include "engine/repo/git_damage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "engine/repo/git_repo.h"
#include "tests/engine/repo/git_testing.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using twin::testing::read_text;
using twin::testing::run_git;
using twin::testing::TempDir;
using twin::testing::write_text;

const GitIdentity kWho{"twin", "twin@testhost"};

/// A repository in `dir` with one commit of state/a.twin.
void make_repo_with_a_commit(const fs::path& dir) {
  (void)twin::testing::isolated_git_home();
  auto repo = GitRepo::init(dir);
  ASSERT_TRUE(repo.ok()) << repo.error().text();
  write_text(dir / "state/a.twin", "one\n");
  ASSERT_TRUE(repo->add_all().ok());
  ASSERT_TRUE(repo->commit_index("first", kWho).ok());
}

struct Damage {
  const char* name;
  std::function<void(const fs::path& dir)> apply;
  const char* detail;  // what the E2006 message names
};

std::string git_out(const fs::path& dir, const std::vector<std::string>& args) {
  std::string out = run_git(dir, args).out;
  return out.substr(0, out.find('\n'));
}

const std::vector<Damage>& damages() {
  static const std::vector<Damage> list = {
      {"junk in HEAD", [](const fs::path& dir) { write_text(dir / ".git/HEAD", "junk\n"); },
       "HEAD cannot be read (corrupted loose reference file: HEAD)"},
      {"HEAD names something that is not a branch",
       [](const fs::path& dir) { write_text(dir / ".git/HEAD", "ref: main\n"); },
       "HEAD points at `main`, which is not a branch name"},
      {"the branch names a missing object",
       [](const fs::path& dir) {
         write_text(dir / ".git/refs/heads/main", std::string(40, '1') + "\n");
       },
       "refs/heads/main names commit 1111111111111111111111111111111111111111, which is missing "
       "from the object store"},
      {"the branch is a directory",
       [](const fs::path& dir) {
         fs::remove(dir / ".git/refs/heads/main");
         fs::create_directories(dir / ".git/refs/heads/main/x");
       },
       "refs/heads/main is a directory, not a reference"},
      {"the branch's ref is lost",
       [](const fs::path& dir) { fs::remove(dir / ".git/refs/heads/main"); },
       "refs/heads/main is missing, though HEAD's reflog records commit "},
      {"the branch names a tree",
       [](const fs::path& dir) {
         write_text(dir / ".git/refs/heads/main", git_out(dir, {"rev-parse", "HEAD^{tree}"}) + "\n");
       },
       ", which is a tree, not a commit"},
      {"the commit's tree is missing",
       [](const fs::path& dir) {
         std::string tree = git_out(dir, {"rev-parse", "HEAD^{tree}"});
         fs::remove(dir / ".git/objects" / tree.substr(0, 2) / tree.substr(2));
       },
       "the tree of commit "},
  };
  return list;
}

void expect_damaged(const Error& error, const char* detail) {
  EXPECT_EQ(error.code, "E2006") << error.text();
  EXPECT_THAT(error.message, HasSubstr("the twin's Git HEAD is damaged: "));
  EXPECT_THAT(error.message, HasSubstr(detail));
}

TEST(GitDamage, EveryDamageOfHeadIsE2006FromEveryCallThatReadsHead) {
  for (const auto& damage : damages()) {
    SCOPED_TRACE(damage.name);
    TempDir dir;
    make_repo_with_a_commit(dir.path());
    damage.apply(dir.path());
    auto repo = GitRepo::open(dir.path());
    ASSERT_TRUE(repo.ok()) << repo.error().text();

    auto head = repo->head();
    ASSERT_FALSE(head.ok());
    expect_damaged(head.error(), damage.detail);
    auto head_commit = repo->head_commit();
    ASSERT_FALSE(head_commit.ok());
    expect_damaged(head_commit.error(), damage.detail);
    auto log = repo->log();
    ASSERT_FALSE(log.ok());
    expect_damaged(log.error(), damage.detail);
    auto resolved = repo->resolve("HEAD~1");
    ASSERT_FALSE(resolved.ok());
    expect_damaged(resolved.error(), damage.detail);
    auto changes = repo->worktree_changes();
    ASSERT_FALSE(changes.ok());
    expect_damaged(changes.error(), damage.detail);
    auto history = repo->last_commit_changing("state/a.twin");
    ASSERT_FALSE(history.ok());
    expect_damaged(history.error(), damage.detail);
  }
}

TEST(GitDamage, NoCommitIsMadeOnTopOfADamagedHead) {
  for (const auto& damage : damages()) {
    SCOPED_TRACE(damage.name);
    TempDir dir;
    make_repo_with_a_commit(dir.path());
    damage.apply(dir.path());
    std::string refs_before = git_out(dir.path(), {"for-each-ref", "--format=%(refname)"});
    auto repo = GitRepo::open(dir.path());
    ASSERT_TRUE(repo.ok());
    write_text(dir / "state/b.twin", "two\n");
    ASSERT_TRUE(repo->add_all().ok());
    auto id = repo->commit_index("second", kWho);
    ASSERT_FALSE(id.ok()) << "committed " << *id;
    expect_damaged(id.error(), damage.detail);
    // Taken for unborn, the commit would have started a parentless branch.
    EXPECT_EQ(git_out(dir.path(), {"for-each-ref", "--format=%(refname)"}), refs_before);
  }
}

TEST(GitDamage, AnEmptyRepositoryIsUnbornNotDamaged) {
  TempDir dir;
  (void)twin::testing::isolated_git_home();
  auto repo = GitRepo::init(dir.path());
  ASSERT_TRUE(repo.ok());
  auto head = repo->head();
  ASSERT_TRUE(head.ok()) << head.error().text();
  EXPECT_FALSE(head->has_value());
  auto head_commit = repo->head_commit();
  ASSERT_FALSE(head_commit.ok());
  EXPECT_EQ(head_commit.error().code, "E2004");
  EXPECT_EQ(head_commit.error().message, "the twin has no commits yet");
  EXPECT_EQ(repo->resolve("HEAD").error().code, "E2004");
  ASSERT_TRUE(repo->log().ok());
  EXPECT_TRUE(repo->log()->empty());
}

TEST(GitDamage, AMissingParentIsNamedNotAShortHistory) {
  TempDir dir;
  make_repo_with_a_commit(dir.path());
  std::string first = git_out(dir.path(), {"rev-parse", "HEAD"});
  {
    auto repo = GitRepo::open(dir.path());
    write_text(dir / "state/a.twin", "two\n");
    ASSERT_TRUE(repo->add_all().ok());
    ASSERT_TRUE(repo->commit_index("second", kWho).ok());
  }
  fs::remove(dir / ".git/objects" / first.substr(0, 2) / first.substr(2));
  auto repo = GitRepo::open(dir.path());
  ASSERT_TRUE(repo->head().ok());  // HEAD itself is whole
  auto log = repo->log();
  ASSERT_FALSE(log.ok()) << log->size() << " commit(s)";
  EXPECT_EQ(log.error().code, "E2006");
  EXPECT_THAT(log.error().message, HasSubstr("cannot be walked"));
}

TEST(GitDamage, ADamagedIndexIsNamedWithHowToRebuildIt) {
  TempDir dir;
  make_repo_with_a_commit(dir.path());
  std::string index = read_text(dir / ".git/index");
  write_text(dir / ".git/index", index.substr(0, 60));  // torn: a valid header, half an entry
  auto repo = GitRepo::open(dir.path());
  auto staged = repo->add_all();
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.error().code, "E2006");
  EXPECT_THAT(staged.error().message, HasSubstr("the twin's Git index is damaged: "));
  EXPECT_THAT(staged.error().message, HasSubstr("remove .git/index"));
  // The advice works: without the file the index is rebuilt and nothing changed.
  fs::remove(dir / ".git/index");
  auto rebuilt = GitRepo::open(dir.path());
  ASSERT_TRUE(rebuilt->add_all().ok());
  auto changes = rebuilt->staged_changes();
  ASSERT_TRUE(changes.ok()) << changes.error().text();
  EXPECT_TRUE(changes->empty());
}

}  // namespace
}  // namespace twin::engine
