// RootedFs on real temp dirs: every operation stays under the root; symlinks
// and ".." that would leave it are refused, and the final component is never
// followed.
#include "resources/rooted_fs.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resources/error_codes.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

class RootedFsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = sandbox_.path() / "root";
    outside_ = sandbox_.path() / "outside";
    fs::create_directories(root_ / "etc");
    fs::create_directories(outside_);
    testing::write_file(outside_ / "secret", "outside bytes\n", 0600);
    auto opened = RootedFs::open(root_);
    ASSERT_TRUE(opened.ok()) << opened.error().text();
    rfs_.emplace(std::move(*opened));
  }

  void expect_escape(const engine::Error& error, const std::string& path) {
    EXPECT_EQ(error.code, codes::kEscapesRoot);
    EXPECT_EQ(error.text(), "path leaves the target root through a symlink or '..' (" + path + ")");
  }

  TempDir sandbox_;
  fs::path root_, outside_;
  std::optional<RootedFs> rfs_;
};

TEST_F(RootedFsTest, OpenRefusesRelativeOrMissingRoot) {
  auto relative = RootedFs::open("relative/root");
  ASSERT_FALSE(relative.ok());
  EXPECT_EQ(relative.error().code, codes::kBadRoot);
  auto missing = RootedFs::open(sandbox_.path() / "missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, codes::kBadRoot);
}

TEST_F(RootedFsTest, WriteReadStatRoundTrip) {
  ASSERT_TRUE(rfs_->write_file_atomic("/etc/motd", "hello\n", 0640, 12, 34).ok());
  struct stat st = testing::lstat_of(root_ / "etc/motd");
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(st.st_uid, 12u);
  EXPECT_EQ(st.st_gid, 34u);
  auto bytes = rfs_->read_file("/etc/motd");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "hello\n");
  auto meta = rfs_->lstat("etc/motd");  // the leading slash is optional
  ASSERT_TRUE(meta.ok());
  ASSERT_TRUE(meta->has_value());
  EXPECT_EQ((*meta)->kind, FileKind::kFile);
  EXPECT_EQ((*meta)->mode, 0640u);
  EXPECT_EQ((*meta)->size, 6u);
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(root_ / "etc"), fs::directory_iterator()), 1);
}

TEST_F(RootedFsTest, SetuidBitsSurviveWriteAndChown) {
  ASSERT_TRUE(rfs_->write_file_atomic("/etc/tool", "x", 04755, 5, 5).ok());
  EXPECT_EQ(testing::lstat_of(root_ / "etc/tool").st_mode & 07777, 04755u);
  ASSERT_TRUE(rfs_->chown("/etc/tool", 7, 7).ok());
  EXPECT_EQ(testing::lstat_of(root_ / "etc/tool").st_mode & 07777, 04755u);
  EXPECT_EQ(testing::lstat_of(root_ / "etc/tool").st_uid, 7u);
}

TEST_F(RootedFsTest, MissingPathsAndMissingParentsDoNotExist) {
  auto missing = rfs_->lstat("/etc/nothing");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto no_parent = rfs_->lstat("/no/such/dir/file");
  ASSERT_TRUE(no_parent.ok());
  EXPECT_FALSE(no_parent->has_value());
}

TEST_F(RootedFsTest, MakeDirHasExactModeDespiteUmask) {
  mode_t old = ::umask(077);
  auto st = rfs_->make_dir("/etc/app", 0755, 3, 4);
  ::umask(old);
  ASSERT_TRUE(st.ok()) << st.error().text();
  struct stat info = testing::lstat_of(root_ / "etc/app");
  EXPECT_TRUE(S_ISDIR(info.st_mode));
  EXPECT_EQ(info.st_mode & 07777, 0755u);
  EXPECT_EQ(info.st_uid, 3u);
}

TEST_F(RootedFsTest, FinalSymlinkIsReplacedNotFollowed) {
  fs::create_symlink(outside_ / "secret", root_ / "etc/motd");
  auto before = testing::mtime_ns(outside_ / "secret");
  auto meta = rfs_->lstat("/etc/motd");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ((*meta)->kind, FileKind::kSymlink);
  auto read = rfs_->read_file("/etc/motd");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, codes::kNotRegular);
  EXPECT_FALSE(rfs_->chmod("/etc/motd", 0600).ok());
  ASSERT_TRUE(rfs_->write_file_atomic("/etc/motd", "mine\n", 0644, 0, 0).ok());
  EXPECT_FALSE(fs::is_symlink(root_ / "etc/motd"));
  EXPECT_EQ(testing::read_file(root_ / "etc/motd"), "mine\n");
  EXPECT_EQ(testing::read_file(outside_ / "secret"), "outside bytes\n");
  EXPECT_EQ(testing::mtime_ns(outside_ / "secret"), before);
  EXPECT_EQ(testing::lstat_of(outside_ / "secret").st_mode & 07777, 0600u);
}

TEST_F(RootedFsTest, AbsoluteSymlinkInAParentIsRefused) {
  fs::remove(root_ / "etc");
  fs::create_symlink(outside_, root_ / "etc");
  expect_escape(rfs_->lstat("/etc/secret").error(), "/etc/secret");
  expect_escape(rfs_->read_file("/etc/secret").error(), "/etc/secret");
  expect_escape(rfs_->write_file_atomic("/etc/secret", "pwned", 0644, 0, 0).error(), "/etc/secret");
  expect_escape(rfs_->make_dir("/etc/newdir", 0755, 0, 0).error(), "/etc/newdir");
  expect_escape(rfs_->remove("/etc/secret").error(), "/etc/secret");
  expect_escape(rfs_->chmod("/etc/secret", 0777).error(), "/etc/secret");
  expect_escape(rfs_->chown("/etc/secret", 1, 1).error(), "/etc/secret");
  EXPECT_EQ(testing::read_file(outside_ / "secret"), "outside bytes\n");
  EXPECT_EQ(testing::lstat_of(outside_ / "secret").st_mode & 07777, 0600u);
  EXPECT_FALSE(fs::exists(outside_ / "newdir"));
}

TEST_F(RootedFsTest, HostEtcSymlinkIsRefused) {
  fs::remove(root_ / "etc");
  fs::create_symlink("/etc", root_ / "etc");
  expect_escape(rfs_->read_file("/etc/passwd").error(), "/etc/passwd");
  expect_escape(rfs_->stat("/etc").error(), "/etc");
}

TEST_F(RootedFsTest, RelativeSymlinkClimbingOutIsRefused) {
  fs::create_symlink("../../..", root_ / "a");
  expect_escape(rfs_->lstat("/a/etc/passwd").error(), "/a/etc/passwd");
  fs::create_symlink("../outside", root_ / "b");
  expect_escape(rfs_->write_file_atomic("/b/secret", "pwned", 0644, 0, 0).error(), "/b/secret");
  EXPECT_EQ(testing::read_file(outside_ / "secret"), "outside bytes\n");
}

TEST_F(RootedFsTest, DotDotClimbingOutIsRefusedButInsideIsFine) {
  expect_escape(rfs_->lstat("/etc/../../outside/secret").error(), "/etc/../../outside/secret");
  testing::write_file(root_ / "inside", "in");
  auto inside = rfs_->read_file("/etc/../inside");
  ASSERT_TRUE(inside.ok()) << inside.error().text();
  EXPECT_EQ(*inside, "in");
}

TEST_F(RootedFsTest, RelativeSymlinkStayingInsideIsFollowedForParents) {
  fs::create_directories(root_ / "real/dir");
  fs::create_symlink("real", root_ / "alias");
  auto st = rfs_->write_file_atomic("/alias/dir/f", "via alias", 0644, 0, 0);
  ASSERT_TRUE(st.ok()) << st.error().text();
  EXPECT_EQ(testing::read_file(root_ / "real/dir/f"), "via alias");
}

TEST_F(RootedFsTest, RefusesDotDotAsFinalComponentAndNul) {
  auto dotdot = rfs_->lstat("/etc/..");
  ASSERT_FALSE(dotdot.ok());
  EXPECT_EQ(dotdot.error().code, codes::kBadPath);
  auto nul = rfs_->lstat(std::string("/etc/a\0b", 8));
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.error().code, codes::kBadPath);
}

TEST_F(RootedFsTest, RemoveTakesFilesLinksAndEmptyDirsOnly) {
  testing::write_file(root_ / "etc/f", "x");
  fs::create_symlink(outside_ / "secret", root_ / "etc/l");
  fs::create_directories(root_ / "etc/full/sub");
  ASSERT_TRUE(rfs_->remove("/etc/f").ok());
  ASSERT_TRUE(rfs_->remove("/etc/l").ok());
  EXPECT_TRUE(fs::exists(outside_ / "secret"));
  EXPECT_FALSE(rfs_->remove("/etc/full").ok());
  ASSERT_TRUE(rfs_->remove("/etc/full/sub").ok());
  auto empty = rfs_->is_empty_dir("/etc/full");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(*empty);
}

TEST_F(RootedFsTest, ReadRefusesFifosWithoutOpeningThem) {
  ASSERT_EQ(::mkfifo((root_ / "etc/fifo").c_str(), 0644), 0);
  auto read = rfs_->read_file("/etc/fifo");  // would block forever if opened
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, codes::kNotRegular);
  EXPECT_EQ(read.error().text(), "not a regular file but a FIFO, socket or device (/etc/fifo)");
}

// read_file(path, &seen): the caller's lstat stands for the check before
// opening; whatever changed since is caught by the read and read again with
// every check.
TEST_F(RootedFsTest, ReadWithTheCallersLstatGivesTheBytesWhateverChangedSince) {
  testing::write_file(root_ / "etc/app.conf", "twelve bytes", 0644);
  auto seen = rfs_->lstat("/etc/app.conf");
  ASSERT_TRUE(seen.ok() && seen->has_value());
  auto same = rfs_->read_file("/etc/app.conf", &**seen);
  ASSERT_TRUE(same.ok()) << same.error().text();
  EXPECT_EQ(*same, "twelve bytes");

  testing::write_file(root_ / "etc/app.conf", "twelve bytes and more", 0644);  // grew
  auto grown = rfs_->read_file("/etc/app.conf", &**seen);
  ASSERT_TRUE(grown.ok()) << grown.error().text();
  EXPECT_EQ(*grown, "twelve bytes and more");

  testing::write_file(root_ / "etc/app.conf", "short", 0644);  // shrank
  auto shrunk = rfs_->read_file("/etc/app.conf", &**seen);
  ASSERT_TRUE(shrunk.ok()) << shrunk.error().text();
  EXPECT_EQ(*shrunk, "short");

  // Replaced by a FIFO after the lstat: refused, and nothing blocks.
  fs::remove(root_ / "etc/app.conf");
  ASSERT_EQ(::mkfifo((root_ / "etc/app.conf").c_str(), 0644), 0);
  auto fifo = rfs_->read_file("/etc/app.conf", &**seen);
  ASSERT_FALSE(fifo.ok());
  EXPECT_EQ(fifo.error().code, codes::kNotRegular);
}

TEST_F(RootedFsTest, AFifoThatGivesTheSeenNumberOfBytesIsStillRefused) {
  testing::write_file(root_ / "etc/app.conf", "12345", 0644);
  auto seen = rfs_->lstat("/etc/app.conf");
  ASSERT_TRUE(seen.ok() && seen->has_value());
  fs::remove(root_ / "etc/app.conf");
  ASSERT_EQ(::mkfifo((root_ / "etc/app.conf").c_str(), 0644), 0);
  // A writer has queued exactly as many bytes as the lstat saw.
  int writer = ::open((root_ / "etc/app.conf").c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(writer, 0);
  ASSERT_EQ(::write(writer, "abcde", 5), 5);
  auto read = rfs_->read_file("/etc/app.conf", &**seen);
  ::close(writer);
  ASSERT_FALSE(read.ok()) << *read;
  EXPECT_EQ(read.error().code, codes::kNotRegular);
}

TEST_F(RootedFsTest, AFileReplacedByAnotherOfTheSameSizeIsReadAsItIsNow) {
  testing::write_file(root_ / "etc/app.conf", "old bytes", 0644);
  auto seen = rfs_->lstat("/etc/app.conf");
  ASSERT_TRUE(seen.ok() && seen->has_value());
  testing::write_file(root_ / "etc/new.conf", "new bytes", 0644);
  fs::rename(root_ / "etc/new.conf", root_ / "etc/app.conf");
  auto read = rfs_->read_file("/etc/app.conf", &**seen);
  ASSERT_TRUE(read.ok()) << read.error().text();
  EXPECT_EQ(*read, "new bytes");
}

TEST_F(RootedFsTest, ReadOfAnEmptyFileTakesNoShortcut) {
  testing::write_file(root_ / "etc/empty", "", 0644);
  auto seen = rfs_->lstat("/etc/empty");
  ASSERT_TRUE(seen.ok() && seen->has_value());
  fs::remove(root_ / "etc/empty");
  // An empty read would look like the empty file the lstat saw.
  ASSERT_EQ(::mkfifo((root_ / "etc/empty").c_str(), 0644), 0);
  auto read = rfs_->read_file("/etc/empty", &**seen);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, codes::kNotRegular);
  EXPECT_EQ(read.error().text(), "not a regular file but a FIFO, socket or device (/etc/empty)");
}

TEST_F(RootedFsTest, SymlinkRoundTripKeepsTargetAndOwner) {
  ASSERT_TRUE(rfs_->make_symlink("/etc/link", "/does/not/matter", 9, 9).ok());
  auto target = rfs_->read_link("/etc/link");
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(*target, "/does/not/matter");
  EXPECT_EQ(testing::lstat_of(root_ / "etc/link").st_uid, 9u);
}

TEST(RootedFsSystemRoot, InRootResolutionReadsTheHostReadOnly) {
  // Root "/" uses RESOLVE_IN_ROOT: reading works, nothing is written here.
  auto rfs = RootedFs::open("/");
  ASSERT_TRUE(rfs.ok());
  auto meta = rfs->lstat("/etc/passwd");
  ASSERT_TRUE(meta.ok());
  ASSERT_TRUE(meta->has_value());
  auto root_meta = rfs->lstat("/");
  ASSERT_TRUE(root_meta.ok());
  EXPECT_EQ((*root_meta)->kind, FileKind::kDirectory);
  // ".." at the top of "/" stays at "/".
  auto climbed = rfs->lstat("/../../etc/passwd");
  ASSERT_TRUE(climbed.ok());
  EXPECT_TRUE(climbed->has_value());
}

}  // namespace
}  // namespace twin::resources
