// Listing and tail reading under a sandbox root: symlinks are reported,
// never followed, and nothing leads out of the root.
#include "resources/collect_walk.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

TEST(CollectWalk, ListsDepthFirstSortedWithoutFollowingLinks) {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  write_file(root / "etc/b.conf", "b\n");
  write_file(root / "etc/a/x", "x\n", 0600);
  write_file(tmp.path() / "outside/secret", "s\n");
  fs::create_symlink(tmp.path() / "outside", root / "etc/c-out");
  fs::create_directories(root / "etc/d");
  auto listing = list_tree(root, "/etc");
  ASSERT_TRUE(listing.ok()) << listing.error().text();
  ASSERT_TRUE(*listing);
  std::vector<std::string> paths;
  for (const auto& e : (*listing)->entries) paths.push_back(e.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/etc/a", "/etc/a/x", "/etc/b.conf", "/etc/c-out",
                                             "/etc/d"}));
  EXPECT_EQ((*listing)->entries[1].meta.mode, 0600u);
  EXPECT_EQ((*listing)->entries[3].meta.kind, FileKind::kSymlink);
  EXPECT_EQ((*listing)->entries[3].link_target, (tmp.path() / "outside").string());
  EXPECT_TRUE((*listing)->problems.empty());
}

TEST(CollectWalk, MissingDirectoryIsNulloptAndEscapesAreRefused) {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  fs::create_directories(root / "etc");
  fs::create_symlink("../..", root / "etc/up");
  EXPECT_FALSE(list_tree(root, "/nope").value());
  auto escape = list_tree(root, "/etc/up/x");
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.error().code, "E3102");
}

TEST(CollectWalk, NonRecursiveListsOneLevel) {
  TempDir tmp;
  write_file(tmp.path() / "d/a/b", "b\n");
  write_file(tmp.path() / "d/c", "c\n");
  auto listing = list_tree(tmp.path(), "/d", false);
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ((*listing)->entries.size(), 2u);
}

TEST(CollectTail, LastLinesOfText) {
  EXPECT_EQ(last_lines("a\nb\nc\n", 2), "b\nc\n");
  EXPECT_EQ(last_lines("a\nb\nc", 2), "b\nc");
  EXPECT_EQ(last_lines("a\nb\n", 5), "a\nb\n");
  EXPECT_EQ(last_lines("a\n", 0), "");
}

TEST(CollectTail, ReadsOnlyTheEndOfABigFileAndRefusesLinks) {
  TempDir tmp;
  std::string big;
  for (int i = 0; i < 5000; ++i) big += "line " + std::to_string(i) + "\n";
  write_file(tmp.path() / "var/log/syslog", big);
  auto tail = read_tail(tmp.path(), "/var/log/syslog", 3, 100);
  ASSERT_TRUE(tail.ok()) << tail.error().text();
  EXPECT_EQ(**tail, "line 4997\nline 4998\nline 4999\n");
  fs::create_symlink("/etc/passwd", tmp.path() / "var/log/auth.log");
  auto link = read_tail(tmp.path(), "/var/log/auth.log", 3);
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, "E3106");
  EXPECT_FALSE(read_tail(tmp.path(), "/var/log/none", 3).value());
}

}  // namespace
}  // namespace twin::resources
