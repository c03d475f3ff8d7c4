// WorktreeUndo on real directory trees: whatever write_snapshot() and
// rotate_logs() do through it, restore() (or the destructor) brings the
// tree back byte for byte, and keep() accepts the new one.
#include "engine/repo/worktree_undo.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/repo/snapshot.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;
using twin::testing::read_text;
using twin::testing::TempDir;
using twin::testing::tree_fingerprint;
using twin::testing::write_text;

/// The tree without .twin/, where the undo keeps what it set aside.
std::map<std::string, std::string> worktree(const fs::path& dir) {
  auto tree = tree_fingerprint(dir);
  std::erase_if(tree, [](const auto& e) { return e.first.rfind(".twin", 0) == 0; });
  return tree;
}

/// A twin with files to replace, remove and leave alone, an empty directory
/// the snapshot prunes, and logs to rotate.
void make_twin(const fs::path& dir) {
  write_text(dir / "live/system.yaml", "host: a\n");
  write_text(dir / "live/gone.yaml", "old\n");
  fs::create_directories(dir / "live/empty");
  write_text(dir / "filesystem/etc/motd", "hello\n");
  fs::create_symlink("motd", dir / "filesystem/etc/motd.link");
  write_text(dir / "logs/current/index.yaml", "captured_at: 2026-01-02T03:04:05Z\n");
  write_text(dir / "logs/current/syslog.log", "old log\n");
  write_text(dir / "logs/20260101T000000Z/syslog.log", "older log\n");
  write_text(dir / "state/mine.twin", "# the person's own\n");
}

SnapshotContent new_content() {
  SnapshotContent content;
  content.owned = {"live", "filesystem/etc", "logs/current"};
  content.files["live/system.yaml"] = {"host: b\n", false};
  content.files["live/new/added.yaml"] = {"new\n", false};
  content.files["filesystem/etc/motd"] = {"changed\n", false};
  content.files["filesystem/etc/motd.link"] = {"other", true};
  content.files["filesystem/etc/app/app.conf"] = {"a = 1\n", false};
  content.files["logs/current/index.yaml"] = {"captured_at: 2026-02-02T00:00:00Z\n", false};
  content.files["logs/current/syslog.log"] = {"token ghp_...\n", false};
  return content;
}

TEST(WorktreeUndo, RestoreBringsBackEveryReplacedRemovedAndCreatedPath) {
  TempDir twin;
  make_twin(twin.path());
  auto before = worktree(twin.path());
  auto undo = WorktreeUndo::begin(twin.path());
  ASSERT_TRUE(undo.ok()) << undo.error().text();
  ASSERT_TRUE(rotate_logs(twin.path(), 1, &*undo).ok());  // keeps 1: the older capture goes
  auto written = write_snapshot(twin.path(), new_content(), &*undo);
  ASSERT_TRUE(written.ok()) << written.error().text();
  EXPECT_EQ(read_text(twin / "filesystem/etc/motd"), "changed\n");
  EXPECT_FALSE(fs::exists(twin / "logs/20260101T000000Z"));
  EXPECT_NE(worktree(twin.path()), before);

  ASSERT_TRUE(undo->restore().ok());
  EXPECT_EQ(worktree(twin.path()), before);
  EXPECT_FALSE(fs::exists(twin / ".twin/snapshot-undo"));
}

// Set aside by rename, a file comes back as the same inode with its mtime:
// not a copy that every reader (and Git's stat cache) would see as rewritten.
TEST(WorktreeUndo, AFileSetAsideComesBackAsTheSameFileNotACopy) {
  TempDir twin;
  make_twin(twin.path());
  struct stat st_before {}, st_after {};
  ASSERT_EQ(::stat((twin / "filesystem/etc/motd").c_str(), &st_before), 0);
  {
    auto undo = WorktreeUndo::begin(twin.path());
    ASSERT_TRUE(undo.ok());
    ASSERT_TRUE(write_snapshot(twin.path(), new_content(), &*undo).ok());
  }  // destroyed without keep(): restored
  ASSERT_EQ(::stat((twin / "filesystem/etc/motd").c_str(), &st_after), 0);
  EXPECT_EQ(st_after.st_ino, st_before.st_ino);
  EXPECT_EQ(st_after.st_mtim.tv_nsec, st_before.st_mtim.tv_nsec);
  EXPECT_EQ(read_text(twin / "filesystem/etc/motd"), "hello\n");
}

TEST(WorktreeUndo, KeepAcceptsTheNewTreeAndDeletesWhatWasSetAside) {
  TempDir twin;
  make_twin(twin.path());
  TempDir expected;
  make_twin(expected.path());
  ASSERT_TRUE(rotate_logs(expected.path(), 1).ok());
  ASSERT_TRUE(write_snapshot(expected.path(), new_content()).ok());

  auto undo = WorktreeUndo::begin(twin.path());
  ASSERT_TRUE(undo.ok());
  ASSERT_TRUE(rotate_logs(twin.path(), 1, &*undo).ok());
  ASSERT_TRUE(write_snapshot(twin.path(), new_content(), &*undo).ok());
  undo->keep();
  EXPECT_EQ(worktree(twin.path()), worktree(expected.path()));  // as without an undo
  EXPECT_FALSE(fs::exists(twin / ".twin/snapshot-undo"));
}

TEST(WorktreeUndo, BeginClearsWhatAKilledSnapshotLeftAside) {
  TempDir twin;
  make_twin(twin.path());
  write_text(twin / ".twin/snapshot-undo/0", "left by a killed snapshot\n");
  auto undo = WorktreeUndo::begin(twin.path());
  ASSERT_TRUE(undo.ok());
  EXPECT_TRUE(fs::is_empty(twin / ".twin/snapshot-undo"));
  EXPECT_EQ(read_text(twin / ".twin/.gitignore"), "*\n");  // never committed
  undo->keep();
}

}  // namespace
}  // namespace twin::engine
