#include "resources/password_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/temp_dir.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;
using twin::testing::read_text;
using twin::testing::TempDir;
using twin::testing::write_text;

TEST(PasswordStore, KeepsOnlyRealHashesWithoutTheLock) {
  auto hashes = parse_shadow_hashes(
      "root:*:1::::::\nalice:$y$j9T$s$h:1::::::\nbob:!$6$s$h:1::::::\nnone:!:1::::::\n"
      "empty::1::::::\nBad.Name:$y$x$y:1::::::\n");
  EXPECT_EQ(hashes, (std::map<std::string, std::string>{{"alice", "$y$j9T$s$h"}, {"bob", "$6$s$h"}}));
}

TEST(PasswordStore, RemembersBesideTheTwinAndKeepsRemovedUsers) {
  TempDir dir;
  fs::path root = dir.path() / "root", twin = dir.path() / "twin";
  fs::create_directories(twin);
  write_text(root / "etc/shadow", "alice:$y$j9T$s$first:1::::::\nbob:$y$j9T$s$bob:1::::::\n");
  auto fs = RootedFs::open(root);
  ASSERT_TRUE(fs);
  ASSERT_TRUE(remember_password_hashes(*fs, twin));
  struct stat st {};
  ASSERT_EQ(::stat((twin / ".twin/password-hashes").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_mode & 07777 & 0077, 0u);
  ::stat((twin / ".twin").c_str(), &st);
  EXPECT_EQ(st.st_mode & 0077, 0u) << "made private when the snapshot makes it";

  // bob is removed and alice's password changes: bob's hash stays known.
  write_text(root / "etc/shadow", "alice:$y$j9T$s$second:1::::::\n");
  ASSERT_TRUE(remember_password_hashes(*fs, twin));
  EXPECT_EQ(remembered_password_hash(twin, "alice"), "$y$j9T$s$second");
  EXPECT_EQ(remembered_password_hash(twin, "bob"), "$y$j9T$s$bob");
  EXPECT_FALSE(remembered_password_hash(twin, "carol"));
}

TEST(PasswordStore, NeverReadsThroughALinkOutOfTheTwin) {
  TempDir dir;
  fs::path twin = dir.path() / "twin";
  fs::create_directories(twin / ".twin");
  write_text(dir.path() / "elsewhere", "alice:$y$j9T$planted$hash\n");
  fs::create_symlink(dir.path() / "elsewhere", twin / ".twin/password-hashes");
  EXPECT_FALSE(remembered_password_hash(twin, "alice"));
}

}  // namespace
}  // namespace twin::resources
