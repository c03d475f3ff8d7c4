// The temporary names of RootedFs's atomic writes depend only on the name
// being replaced, so recovery after a kill knows where to look: a leftover
// is taken over by the next write of the same path and removed by
// remove_leftover_temp(), never written through when it is a symlink.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "resources/rooted_fs.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

class RootedFsTempName : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(root_ / "etc");
    auto opened = RootedFs::open(root_);
    ASSERT_TRUE(opened.ok()) << opened.error().text();
    rfs_.emplace(std::move(*opened));
  }
  fs::path leftover() const { return root_ / "etc" / temp_name_for("motd"); }

  TempDir sandbox_;
  fs::path root_ = sandbox_.path() / "root";
  std::optional<RootedFs> rfs_;
};

TEST(TempNameFor, IsStableHiddenAndDiffersPerName) {
  EXPECT_EQ(temp_name_for("motd"), temp_name_for("motd"));
  EXPECT_NE(temp_name_for("motd"), temp_name_for("issue"));
  // FNV-1a 64 of "" is its offset basis: the name is the same on every build.
  EXPECT_EQ(temp_name_for(""), ".twin-cbf29ce484222325.tmp");
  EXPECT_EQ(temp_name_for("motd").size(), std::string(".twin-0123456789abcdef.tmp").size());
}

TEST_F(RootedFsTempName, WriteTakesOverALeftoverOfAKilledWrite) {
  testing::write_file(leftover(), "half written", 0640);
  ASSERT_TRUE(rfs_->write_file_atomic("/etc/motd", "new\n", 0644, 0, 0).ok());
  EXPECT_EQ(testing::read_file(root_ / "etc/motd"), "new\n");
  EXPECT_FALSE(fs::exists(fs::symlink_status(leftover())));
}

TEST_F(RootedFsTempName, WriteNeverFollowsASymlinkStandingAtTheTempName) {
  fs::path outside = sandbox_.path() / "outside";
  testing::write_file(outside, "outside\n", 0600);
  fs::create_symlink(outside, leftover());
  ASSERT_TRUE(rfs_->write_file_atomic("/etc/motd", "new\n", 0644, 0, 0).ok());
  EXPECT_EQ(testing::read_file(outside), "outside\n");
  EXPECT_EQ(testing::read_file(root_ / "etc/motd"), "new\n");
  ASSERT_TRUE(rfs_->write_symlink_atomic("/etc/link", "/target", 0, 0).ok());
  EXPECT_EQ(fs::read_symlink(root_ / "etc/link"), "/target");
}

TEST_F(RootedFsTempName, RemoveLeftoverTempRemovesOnlyTheTempOfThatPath) {
  testing::write_file(leftover(), "half written", 0640);
  testing::write_file(root_ / "etc/motd", "old\n", 0644);
  ASSERT_TRUE(rfs_->remove_leftover_temp("/etc/issue").ok());
  EXPECT_TRUE(fs::exists(leftover()));
  ASSERT_TRUE(rfs_->remove_leftover_temp("/etc/motd").ok());
  EXPECT_FALSE(fs::exists(leftover()));
  EXPECT_EQ(testing::read_file(root_ / "etc/motd"), "old\n");
  // Nothing to remove, or no parent directory at all: nothing to do.
  EXPECT_TRUE(rfs_->remove_leftover_temp("/etc/motd").ok());
  EXPECT_TRUE(rfs_->remove_leftover_temp("/no/such/dir/file").ok());
}

}  // namespace
}  // namespace twin::resources
