// Undo: every change is journaled before it is made, and replaying the
// journal in reverse restores the sandbox byte for byte, with kinds, modes,
// owners and symlink targets.
//
// Failing midway for real, as root: permission bits do not stop root, so
// the tests use failures that do:
//   - RLIMIT_FSIZE (root is bound by it too): writing a file larger than the
//     limit fails with EFBIG once earlier steps have been applied;
//   - the immutable attribute (chattr +i, FS_IOC_SETFLAGS) on a directory:
//     creating an entry in it fails with EPERM even for root. Skipped where
//     the file system or the container does not allow setting it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include "engine/core/executor.h"
#include "resources/file_provider.h"
#include "resources/rooted_fs.h"
#include "tests/resources/file_fixture.h"

namespace twin::resources {
namespace {

using testing::DeclBuilder;
namespace fs = std::filesystem;

// Lowers the soft file-size limit of this process and ignores SIGXFSZ (so a
// write past it fails with EFBIG instead of killing the test); restores both.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &old_);
    old_handler_ = ::signal(SIGXFSZ, SIG_IGN);
    rlimit lowered{bytes, old_.rlim_max};
    ok_ = ::setrlimit(RLIMIT_FSIZE, &lowered) == 0;
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old_);
    ::signal(SIGXFSZ, old_handler_);
  }
  bool ok() const { return ok_; }

 private:
  rlimit old_{};
  sighandler_t old_handler_ = SIG_DFL;
  bool ok_ = false;
};

bool set_immutable(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  int flags = 0;
  bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
  flags |= FS_IMMUTABLE_FL;
  ok = ok && ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
  ::close(fd);
  return ok;
}

class FileRollbackTest : public testing::FileFixture {
 protected:
  // A target with one of everything the provider can change.
  void build_varied_tree() {
    testing::write_file(root() / "etc/motd", "old motd\n", 0640);
    ::chown((root() / "etc/motd").c_str(), kAliceUid, kAliceGid);
    testing::write_file(root() / "etc/tool", "#!/bin/true\n", 04755);
    testing::write_file(root() / "etc/gone", "delete me\n", 0600);
    testing::write_file(root() / "etc/becomes-dir", "file today\n", 0644);
    fs::create_symlink(outside() / "precious", root() / "etc/link-to-outside");
    fs::create_symlink("motd", root() / "etc/link-gone");
    fs::create_directories(root() / "etc/empty-dir");
    ::chmod((root() / "etc/empty-dir").c_str(), 0711);
    fs::create_directories(root() / "etc/empty-gone");
    testing::write_file(root() / "etc/binary", std::string("\0\1\2\3", 4), 0644);
  }

  std::vector<lang::ResourceDecl> varied_decls() {
    return {
        DeclBuilder("file", "/etc/motd").str("content", "new motd\n").str("mode", "0600").build(),
        DeclBuilder("file", "/etc/tool").str("owner", "alice").build(),
        DeclBuilder("file", "/etc/gone").str("ensure", "absent").build(),
        DeclBuilder("file", "/etc/becomes-dir").str("ensure", "directory").build(),
        DeclBuilder("file", "/etc/link-to-outside").str("content", "now a file\n").build(),
        DeclBuilder("file", "/etc/link-gone").str("ensure", "absent").build(),
        DeclBuilder("file", "/etc/empty-dir").str("content", "was a dir\n").build(),
        DeclBuilder("file", "/etc/empty-gone").str("ensure", "absent").build(),
        DeclBuilder("file", "/etc/binary").str("content", std::string("\0\x09", 2)).build(),
        DeclBuilder("file", "/opt/new/deep/file").str("content", "x").str("group", "alice").build(),
    };
  }
};

TEST_F(FileRollbackTest, UndoingEveryRecordRestoresTheTreeExactly) {
  build_varied_tree();
  const auto before = testing::fingerprint(root());
  auto steps = plan(varied_decls());
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 10u);
  auto cp = new_checkpoint();
  auto st = apply_all(*steps, cp);
  ASSERT_TRUE(st.ok()) << st.error().text();
  EXPECT_NE(testing::fingerprint(root()), before);
  // setuid survives the owner change (chown alone would clear it).
  EXPECT_EQ(testing::lstat_of(root() / "etc/tool").st_mode & 07777, 04755u);
  auto again = plan(varied_decls());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());

  undo_all(cp);
  EXPECT_EQ(testing::fingerprint(root()), before);
}

TEST_F(FileRollbackTest, FileSizeLimitFailureMidwayIsRolledBack) {
  build_varied_tree();
  const auto before = testing::fingerprint(root());
  auto decls = varied_decls();
  // Last: a 2 MiB file, which the 1 MiB limit makes fail with EFBIG.
  decls.push_back(
      DeclBuilder("file", "/var/big/blob.bin").str("content", std::string(2 << 20, 'B')).build());
  auto steps = plan(decls);
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 11u);
  auto cp = new_checkpoint();
  engine::Status st;
  {
    FileSizeLimit limit(1 << 20);
    ASSERT_TRUE(limit.ok());
    st = apply_all(*steps, cp);
  }
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().text(), "cannot write: File too large (/var/big/blob.bin)");
  // The earlier steps really happened, and the parents of the big file too.
  EXPECT_EQ(testing::read_file(root() / "etc/motd"), "new motd\n");
  EXPECT_TRUE(fs::is_directory(root() / "var/big"));
  // No temporary file is left in the failed file's directory.
  EXPECT_TRUE(fs::is_empty(root() / "var/big"));

  undo_all(cp);
  EXPECT_EQ(testing::fingerprint(root()), before);
}

TEST_F(FileRollbackTest, ImmutableDirectoryFailureMidwayIsRolledBack) {
  build_varied_tree();
  fs::create_directories(root() / "locked");
  const auto before = testing::fingerprint(root());
  auto decls = varied_decls();
  decls.push_back(DeclBuilder("file", "/locked/new").str("content", "x").build());
  auto steps = plan(decls);
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  if (!set_immutable(root() / "locked"))
    GTEST_SKIP() << "cannot set the immutable attribute here (file system or capability)";
  auto cp = new_checkpoint();
  auto st = apply_all(*steps, cp);
  testing::clear_immutable(root() / "locked");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().text(),
            "cannot create temporary file: Operation not permitted (/locked/new)");
  undo_all(cp);
  EXPECT_EQ(testing::fingerprint(root()), before);
}

// The engine's executor drives the same provider: on failure it rolls back
// through FileProvider::undo and reports it.
TEST_F(FileRollbackTest, EngineExecutorRollsBackThroughTheProvider) {
  build_varied_tree();
  const auto before = testing::fingerprint(root());
  auto decls = varied_decls();
  decls.push_back(
      DeclBuilder("file", "/var/big/blob.bin").str("content", std::string(2 << 20, 'B')).build());
  auto steps = plan(decls);
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  engine::Plan the_plan;
  the_plan.steps = std::move(*steps);
  engine::ProviderRegistry registry;
  registry.add(std::make_unique<FileProvider>());
  auto cp = new_checkpoint();
  std::vector<std::string> progress;
  engine::ApplyReport report;
  {
    FileSizeLimit limit(1 << 20);
    report = engine::execute_plan(the_plan, registry, context(), cp,
                                  [&](std::string_view line) { progress.emplace_back(line); });
  }
  EXPECT_FALSE(report.succeeded());
  EXPECT_TRUE(report.rolled_back);
  EXPECT_TRUE(report.rollback_errors.empty());
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_EQ(report.failures[0].address, "file[\"/var/big/blob.bin\"]");
  EXPECT_EQ(testing::fingerprint(root()), before);
}

TEST_F(FileRollbackTest, UndoOfCreatedDirectoryRefusesToRemoveForeignEntries) {
  auto steps = plan({DeclBuilder("file", "/new/file").str("content", "x").build()});
  ASSERT_TRUE(steps.ok());
  auto cp = new_checkpoint();
  ASSERT_TRUE(apply_all(*steps, cp).ok());
  testing::write_file(root() / "new/someone-elses", "keep me");
  auto reopened = engine::Checkpoint::open(cp.dir());
  ASSERT_TRUE(reopened.ok());
  const auto& records = reopened->records();
  ASSERT_EQ(records.size(), 2u);  // MKDIR /new, CREATE /new/file
  ASSERT_TRUE(provider_.undo(records[1], context(), *reopened).ok());
  auto st = provider_.undo(records[0], context(), *reopened);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "E3203");
  EXPECT_EQ(testing::read_file(root() / "new/someone-elses"), "keep me");
}

// A kill between creating a file's temporary copy and renaming it leaves
// the copy in a directory the apply made; undo used to stop there with
// E3203 ("no longer empty") and leave the copy behind.
TEST_F(FileRollbackTest, UndoRemovesTheTemporaryFileOfAKilledWrite) {
  const auto before = testing::fingerprint(root());
  auto steps = plan({DeclBuilder("file", "/new/file").str("content", "x").build()});
  ASSERT_TRUE(steps.ok());
  auto cp = new_checkpoint();
  ASSERT_TRUE(apply_all(*steps, cp).ok());
  fs::remove(root() / "new/file");  // as if killed before the rename
  testing::write_file(root() / "new" / temp_name_for("file"), "x", 0600);
  auto reopened = engine::Checkpoint::open(cp.dir());
  ASSERT_TRUE(reopened.ok());
  undo_all(*reopened);
  EXPECT_EQ(testing::fingerprint(root()), before);
}

TEST_F(FileRollbackTest, MalformedRecordIsAnErrorNotACrash) {
  auto cp = new_checkpoint();
  for (
      const char* text :
      {R"({})", R"({"op":"restore","path":"/x"})", R"({"op":"chmod","path":"/x","mode":"0644"})",
       R"({"op":"restore","path":{"hex":"zz"},"before":null})",
       R"({"op":"restore","path":"/x","before":{"kind":"file","mode":1,"uid":0,"gid":0,"blob":"../../etc/passwd"}})",
       R"({"op":"format-disk","path":"/"})", R"([1,2])"}) {
    engine::UndoRecord record{"file", "file[\"/x\"]", nlohmann::json::parse(text)};
    auto st = provider_.undo(record, context(), cp);
    EXPECT_FALSE(st.ok()) << text;
  }
}

}  // namespace
}  // namespace twin::resources
