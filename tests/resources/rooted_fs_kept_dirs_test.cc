// RootedFs::keep_parent_dirs(): observing through kept directory handles
// sees what a fresh lookup sees, stays under the root, counts its reads, and
// never lends a kept handle to a call that writes.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>

#include "resources/error_codes.h"
#include "resources/rooted_fs.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

class RootedFsKeptDirsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = sandbox_.path() / "root";
    outside_ = sandbox_.path() / "outside";
    testing::write_file(root_ / "etc/app/a.conf", "a\n");
    testing::write_file(root_ / "etc/app/b.conf", "bb\n");
    testing::write_file(outside_ / "a.conf", "outside bytes\n", 0600);
    auto opened = RootedFs::open(root_);
    ASSERT_TRUE(opened.ok()) << opened.error().text();
    rfs_.emplace(std::move(*opened));
    rfs_->keep_parent_dirs();
  }

  TempDir sandbox_;
  fs::path root_, outside_;
  std::optional<RootedFs> rfs_;
};

TEST_F(RootedFsKeptDirsTest, SeesWhatAFreshLookupSees) {
  auto fresh = RootedFs::open(root_);
  ASSERT_TRUE(fresh.ok());
  for (const char* path : {"/etc/app/a.conf", "/etc/app/b.conf", "/etc/app/missing", "/etc/app",
                           "/etc/nodir/x", "/etc/app/a.conf/under-a-file"}) {
    auto kept = rfs_->lstat(path);
    auto looked_up = fresh->lstat(path);
    ASSERT_EQ(kept.ok(), looked_up.ok()) << path;
    ASSERT_TRUE(kept.ok()) << path << ": " << kept.error().text();
    ASSERT_EQ(kept->has_value(), looked_up->has_value()) << path;
    if (!kept->has_value()) continue;
    EXPECT_EQ((*kept)->kind, (*looked_up)->kind) << path;
    EXPECT_EQ((*kept)->ino, (*looked_up)->ino) << path;
    EXPECT_EQ((*kept)->ctime_ns, (*looked_up)->ctime_ns) << path;
  }
  auto bytes = rfs_->read_file("/etc/app/b.conf");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "bb\n");
  EXPECT_EQ(rfs_->lstat("/etc/app/../a.conf/..").error().code, codes::kBadPath);
}

TEST_F(RootedFsKeptDirsTest, StatDataIncludesIdentityAndChangeTimes) {
  auto meta = rfs_->lstat("/etc/app/a.conf");
  ASSERT_TRUE(meta.ok());
  struct stat st = testing::lstat_of(root_ / "etc/app/a.conf");
  EXPECT_EQ((*meta)->dev, static_cast<std::uint64_t>(st.st_dev));
  EXPECT_EQ((*meta)->ino, static_cast<std::uint64_t>(st.st_ino));
  EXPECT_EQ((*meta)->mtime_ns, st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec);
  EXPECT_EQ((*meta)->ctime_ns, st.st_ctim.tv_sec * 1'000'000'000LL + st.st_ctim.tv_nsec);
}

TEST_F(RootedFsKeptDirsTest, AKeptDirectoryNeverSteersAWrite) {
  ASSERT_TRUE(rfs_->lstat("/etc/app/a.conf").ok());  // /etc/app is kept now
  // The directory is swapped for a symlink out of the root.
  fs::rename(root_ / "etc/app", sandbox_.path() / "moved-app");
  fs::create_symlink(outside_, root_ / "etc/app");

  auto write = rfs_->write_file_atomic("/etc/app/a.conf", "pwned", 0644, 0, 0);
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().code, codes::kEscapesRoot);
  EXPECT_EQ(rfs_->remove("/etc/app/a.conf").error().code, codes::kEscapesRoot);
  EXPECT_EQ(rfs_->chmod("/etc/app/a.conf", 0777).error().code, codes::kEscapesRoot);
  EXPECT_EQ(testing::read_file(outside_ / "a.conf"), "outside bytes\n");
  EXPECT_EQ(testing::lstat_of(outside_ / "a.conf").st_mode & 07777, 0600u);
  // Observing still goes through the handle kept before the swap: the old
  // directory, not the outside one (apply looks again before acting).
  auto bytes = rfs_->read_file("/etc/app/a.conf");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "a\n");
}

TEST_F(RootedFsKeptDirsTest, ASymlinkOutOfTheRootIsRefusedBeforeAnythingIsKept) {
  fs::create_symlink(outside_, root_ / "etc/out");
  EXPECT_EQ(rfs_->lstat("/etc/out/a.conf").error().code, codes::kEscapesRoot);
  EXPECT_EQ(rfs_->read_file("/etc/out/a.conf").error().code, codes::kEscapesRoot);
  EXPECT_EQ(rfs_->lstat("/etc/out/a.conf").error().code, codes::kEscapesRoot);  // not kept
}

TEST_F(RootedFsKeptDirsTest, ManyDirectoriesStayWithinAFewHundredOpenHandles) {
  for (int i = 0; i < 600; ++i)
    testing::write_file(root_ / ("d/" + std::to_string(i) + "/f"), std::to_string(i));
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 600; ++i) {
      auto bytes = rfs_->read_file("/d/" + std::to_string(i) + "/f");
      ASSERT_TRUE(bytes.ok()) << i << ": " << bytes.error().text();
      EXPECT_EQ(*bytes, std::to_string(i));
    }
  std::size_t open_fds = 0;
  for ([[maybe_unused]] auto& entry : fs::directory_iterator("/proc/self/fd")) ++open_fds;
  EXPECT_LT(open_fds, 400u);
}

TEST_F(RootedFsKeptDirsTest, CountsSuccessfulReads) {
  std::atomic<std::size_t> reads{0};
  rfs_->count_reads_in(&reads);
  ASSERT_TRUE(rfs_->read_file("/etc/app/a.conf").ok());
  ASSERT_TRUE(rfs_->read_file("/etc/app/b.conf").ok());
  EXPECT_FALSE(rfs_->read_file("/etc/app/missing").ok());
  ASSERT_TRUE(rfs_->lstat("/etc/app/a.conf").ok());
  EXPECT_EQ(reads.load(), 2u);
}

}  // namespace
}  // namespace twin::resources
