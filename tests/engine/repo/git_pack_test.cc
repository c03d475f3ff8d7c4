// How GitRepo stores a commit's objects (engine/repo/git_object_buffer.h) and
// merges packs (engine/repo/git_pack_consolidate.h), checked with the git
// binary as a user's git would see the repository: `count-objects -v`
// for loose objects and packs, `fsck --full` for integrity.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "engine/repo/git_object_buffer.h"
#include "engine/repo/git_pack_consolidate.h"
#include "engine/repo/git_repo.h"
#include "engine/repo/snapshot_commit.h"
#include "tests/engine/repo/git_testing.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;
using twin::testing::run_git;
using twin::testing::TempDir;
using twin::testing::write_text;

const GitIdentity kWho{"twin", "twin@testhost"};

/// `git count-objects -v` as numbers: "count" (loose objects), "packs", "in-pack".
std::map<std::string, long> count_objects(const fs::path& dir) {
  std::map<std::string, long> counts;
  std::istringstream lines(run_git(dir, {"count-objects", "-v"}).out);
  for (std::string key, value; std::getline(lines, key, ':') && std::getline(lines, value);)
    counts[key] = std::stol(value);
  return counts;
}

/// `n` files (in a few directories) whose content names `round`.
void write_files(const fs::path& dir, int n, const std::string& round) {
  for (int i = 0; i < n; ++i)
    write_text(dir / ("filesystem/etc/d" + std::to_string(i % 7)) / ("f" + std::to_string(i)),
               round + " " + std::to_string(i) + "\n");
}

class GitPackTest : public twin::testing::GitRepoFixture {
 protected:
  void expect_fsck_clean() {
    auto fsck = run_git(dir_.path(), {"fsck", "--full", "--no-dangling"});
    EXPECT_EQ(fsck.exit_code, 0) << fsck.out;
  }
};

TEST_F(GitPackTest, ALargeCommitIsOnePackWithNoLooseObject) {
  write_files(dir_.path(), 300, "one");
  std::string id = commit("snapshot host 2026\n\nbody");

  auto counts = count_objects(dir_.path());
  EXPECT_EQ(counts["count"], 0);  // loose
  EXPECT_EQ(counts["packs"], 1);
  EXPECT_EQ(counts["in-pack"],
            300 + 7 + 2 + 1 + 1);  // blobs, d0..d6, etc, filesystem, root, commit
  expect_fsck_clean();
  EXPECT_EQ(run_git(dir_.path(), {"status", "--porcelain"}).out, "");  // the index was written
  EXPECT_EQ(run_git(dir_.path(), {"reflog", "--format=%gs"}).out,
            "commit (initial): snapshot host 2026\n");

  // The same handle reads it all back, and stages nothing more.
  auto files = repo_->read_tree(id);
  ASSERT_TRUE(files.ok()) << files.error().text();
  EXPECT_EQ(files->size(), 300u);
  EXPECT_EQ(files->at("filesystem/etc/d3/f10").bytes, "one 10\n");
  EXPECT_EQ(repo_->log().value().size(), 1u);
  EXPECT_TRUE(repo_->staged_changes().value().empty());
  EXPECT_TRUE(repo_->worktree_changes().value().empty());
}

TEST_F(GitPackTest, ASmallCommitStaysLooseEvenAfterAPack) {
  write_files(dir_.path(), 150, "one");
  std::string first = commit("first");
  write_text(dir_ / "state/a.twin", "a\n");
  write_text(dir_ / "filesystem/etc/d0/f0", "changed\n");
  std::string second = commit("second");

  auto counts = count_objects(dir_.path());
  EXPECT_EQ(counts["packs"], 1);
  // Blobs a.twin and f0; trees state, d0, etc, filesystem, root; the commit.
  EXPECT_EQ(counts["count"], 8);
  expect_fsck_clean();
  EXPECT_EQ(run_git(dir_.path(), {"log", "--format=%s"}).out, "second\nfirst\n");
  EXPECT_EQ(run_git(dir_.path(), {"reflog", "--format=%gs"}).out,
            "commit: second\ncommit (initial): first\n");
  EXPECT_EQ(repo_->read_tree(second, "state").value().at("state/a.twin").bytes, "a\n");
  EXPECT_EQ(repo_->read_tree(first, "filesystem/etc/d0").value().at("filesystem/etc/d0/f0").bytes,
            "one 0\n");
}

TEST_F(GitPackTest, StagingWithoutACommitWritesNothing) {
  write_text(dir_ / "kept", "1\n");
  commit("first");
  auto index_before = twin::testing::read_text(dir_ / ".git/index");
  write_files(dir_.path(), 120, "never");
  ASSERT_TRUE(repo_->add_all().ok());
  EXPECT_EQ(repo_->staged_changes().value().size(), 120u);
  repo_.reset();  // as if the process ended (or crashed) here

  auto counts = count_objects(dir_.path());
  EXPECT_EQ(counts["count"], 3);  // the first commit's blob, tree and commit
  EXPECT_EQ(counts["packs"], 0);
  EXPECT_EQ(twin::testing::read_text(dir_ / ".git/index"), index_before);
  expect_fsck_clean();
}

TEST_F(GitPackTest, ARefusedCommitWritesNoObjectAndNoIndex) {
  write_text(dir_ / "state/a.twin", "x\n");
  write_text(dir_ / "filesystem/etc/key.pem", "-----BEGIN PRIVATE KEY-----\n");
  auto refused = commit_twin(*repo_, "snapshot h t", "", kWho, TwinConfig{});
  ASSERT_TRUE(refused.ok()) << refused.error().text();
  ASSERT_EQ(refused->refused.size(), 1u);
  repo_.reset();
  auto counts = count_objects(dir_.path());
  EXPECT_EQ(counts["count"], 0);  // not even the key's blob
  EXPECT_EQ(counts["packs"], 0);
  EXPECT_FALSE(fs::exists(dir_ / ".git/index"));
}

TEST_F(GitPackTest, WriteIndexStoresTheObjectsItNamesFirst) {
  write_text(dir_ / "kept", "1\n");
  commit("first");
  write_text(dir_ / "staged", "2\n");
  ASSERT_TRUE(repo_->add_all().ok());
  ASSERT_TRUE(repo_->write_index().ok());
  EXPECT_EQ(run_git(dir_.path(), {"diff", "--cached", "--name-only"}).out, "staged\n");
  EXPECT_EQ(run_git(dir_.path(), {"cat-file", "-p", ":staged"}).out, "2\n");
  expect_fsck_clean();
  // And the handle goes on committing normally.
  std::string second = commit("second");
  EXPECT_EQ(repo_->read_tree(second).value().size(), 2u);
}

/// A repository handle for the consolidation functions.
struct RawRepo {
  explicit RawRepo(const fs::path& dir) { git_repository_open(&repo, dir.c_str()); }
  ~RawRepo() { git_repository_free(repo); }
  git_repository* repo = nullptr;
};

TEST_F(GitPackTest, ConsolidationLeavesOnePackAndAllHistory) {
  std::vector<std::string> ids;
  for (int round = 0; round < 4; ++round) {
    write_files(dir_.path(), 110, "round " + std::to_string(round));
    ids.push_back(commit("round " + std::to_string(round)));
  }
  ASSERT_TRUE(repo_->set_reference("refs/twin/before-reset", ids[1], "test").ok());
  EXPECT_EQ(count_objects(dir_.path())["packs"], 4);
  {
    RawRepo raw(dir_.path());
    EXPECT_EQ(consolidate_packs(raw.repo, 4).value(), 0u);  // not more than 4
    EXPECT_EQ(consolidate_packs(raw.repo, 3).value(), 4u);
    EXPECT_EQ(list_packs(raw.repo).value().size(), 1u);
  }
  auto counts = count_objects(dir_.path());
  EXPECT_EQ(counts["packs"], 1);
  EXPECT_EQ(counts["count"], 0);
  expect_fsck_clean();
  EXPECT_EQ(run_git(dir_.path(), {"rev-list", "--count", "HEAD"}).out, "4\n");
  auto reopened = GitRepo::open(dir_.path());
  ASSERT_TRUE(reopened.ok());
  for (int round = 0; round < 4; ++round) {
    auto files = reopened->read_tree(ids[round]);
    ASSERT_TRUE(files.ok()) << files.error().text();
    EXPECT_EQ(files->at("filesystem/etc/d5/f12").bytes, "round " + std::to_string(round) + " 12\n");
  }
}

TEST_F(GitPackTest, AnUnreachableRecentPackIsKeptUntilItIsOld) {
  write_files(dir_.path(), 110, "a");
  commit("a");
  fs::path orphan;
  {
    // Objects a commit packed without moving HEAD yet (another process, or a crash).
    RawRepo raw(dir_.path());
    git_odb* odb = nullptr;
    ASSERT_EQ(git_repository_odb(&odb, raw.repo), 0);
    auto buffer = GitObjectBuffer::attach(odb);
    ASSERT_TRUE(buffer.ok());
    OidSet ids;
    for (int i = 0; i < 100; ++i) {
      std::string blob = "orphan " + std::to_string(i);
      git_oid id;
      ASSERT_EQ(git_odb_write(&id, odb, blob.data(), blob.size(), GIT_OBJECT_BLOB), 0);
      ids.insert(id);
    }
    auto written = (*buffer)->write_out(raw.repo, ids);
    ASSERT_TRUE(written.ok()) << written.error().text();
    ASSERT_TRUE(written->pack);
    orphan = *written->pack;
    git_odb_free(odb);
  }
  write_files(dir_.path(), 110, "b");
  commit("b");
  EXPECT_EQ(count_objects(dir_.path())["packs"], 3);
  {
    RawRepo raw(dir_.path());
    EXPECT_EQ(consolidate_packs(raw.repo, 2).value(), 2u);
    EXPECT_TRUE(fs::exists(orphan));
    EXPECT_EQ(list_packs(raw.repo).value().size(), 2u);
  }
  fs::last_write_time(orphan, fs::file_time_type::clock::now() - std::chrono::hours(2));
  {
    RawRepo raw(dir_.path());
    EXPECT_EQ(consolidate_packs(raw.repo, 1).value(), 1u);
    EXPECT_FALSE(fs::exists(orphan));
    EXPECT_EQ(list_packs(raw.repo).value().size(), 1u);
  }
  expect_fsck_clean();
  EXPECT_EQ(run_git(dir_.path(), {"rev-list", "--count", "HEAD"}).out, "2\n");
}

TEST_F(GitPackTest, CommitsBeyondTheLimitConsolidateOnTheirOwn) {
  // kMaxPacks + 1 large commits: the last one merges all packs into one.
  for (std::size_t round = 0; round <= kMaxPacks; ++round) {
    for (int i = 0; i < 100; ++i)
      write_text(dir_ / "live" / ("f" + std::to_string(i)),
                 std::to_string(round) + " " + std::to_string(i) + "\n");
    commit("round " + std::to_string(round));
    if (round + 1 == kMaxPacks) {
      EXPECT_EQ(count_objects(dir_.path())["packs"], long(kMaxPacks));
    }
  }
  EXPECT_EQ(count_objects(dir_.path())["packs"], 1);
  expect_fsck_clean();
  EXPECT_EQ(run_git(dir_.path(), {"rev-list", "--count", "HEAD"}).out,
            std::to_string(kMaxPacks + 1) + "\n");
  EXPECT_EQ(repo_->log().value().size(), kMaxPacks + 1);  // the same handle still reads
  EXPECT_EQ(repo_->read_tree(repo_->resolve("HEAD~50").value(), "live").value().at("live/f7").bytes,
            "0 7\n");
}

}  // namespace
}  // namespace twin::engine
