// The file provider on real sandboxes: plan shows typed changes, apply makes
// them, and a second plan is empty.
#include "resources/file_provider.h"

#include <gtest/gtest.h>

#include "resources/error_codes.h"
#include "resources/register.h"
#include "tests/resources/file_fixture.h"

namespace twin::resources {
namespace {

using engine::Action;
using testing::DeclBuilder;
namespace fs = std::filesystem;

class FileProviderTest : public testing::FileFixture {
 protected:
  // Plans, applies, and checks that planning again finds nothing to do.
  std::vector<engine::Step> converge(std::vector<lang::ResourceDecl> decls) {
    auto steps = plan(decls);
    EXPECT_TRUE(steps.ok()) << steps.error().text();
    if (!steps.ok()) return {};
    auto cp = new_checkpoint();
    auto st = apply_all(*steps, cp);
    EXPECT_TRUE(st.ok()) << st.error().text();
    auto again = plan(decls);
    EXPECT_TRUE(again.ok());
    if (again.ok()) {
      EXPECT_TRUE(again->empty()) << again->front().address << " "
                                  << again->front().changes.front().description;
    }
    return std::move(*steps);
  }
};

TEST_F(FileProviderTest, RegistersAsFile) {
  engine::ProviderRegistry registry;
  register_builtin_providers(registry);
  ASSERT_NE(registry.find("file"), nullptr);
  EXPECT_EQ(registry.find("file")->type(), "file");
}

TEST_F(FileProviderTest, CreatesAFileWithDefaults) {
  auto steps = converge({DeclBuilder("file", "/etc/motd").str("content", "hello\n").build()});
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].type, "file");
  EXPECT_EQ(steps[0].address, "file[\"/etc/motd\"]");
  ASSERT_EQ(steps[0].changes.size(), 1u);
  const auto& c = steps[0].changes[0];
  EXPECT_EQ(c.action, Action::kCreate);
  EXPECT_EQ(c.description, "new file, mode 0644, owner root:root");
  ASSERT_TRUE(c.diff.has_value());
  EXPECT_EQ(c.diff->old_label, "a/etc/motd");
  EXPECT_EQ(c.diff->new_label, "b/etc/motd");
  EXPECT_EQ(c.diff->old_text, "");
  EXPECT_EQ(c.diff->new_text, "hello\n");
  EXPECT_FALSE(c.diff->binary);
  EXPECT_EQ(testing::read_file(root() / "etc/motd"), "hello\n");
  auto st = testing::lstat_of(root() / "etc/motd");
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  EXPECT_EQ(st.st_uid, 0u);
}

TEST_F(FileProviderTest, ReplacesContentKeepingUndeclaredModeAndOwner) {
  testing::write_file(root() / "etc/motd", "old\n", 0640);
  ::chown((root() / "etc/motd").c_str(), kAliceUid, kAliceGid);
  auto steps = converge({DeclBuilder("file", "/etc/motd").str("content", "new text\n").build()});
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(actions(steps[0]), std::vector<Action>{Action::kReplace});
  EXPECT_EQ(steps[0].changes[0].description, "content differs (4 → 9 bytes)");
  EXPECT_EQ(steps[0].changes[0].diff->old_text, "old\n");
  EXPECT_EQ(steps[0].changes[0].diff->new_text, "new text\n");
  auto st = testing::lstat_of(root() / "etc/motd");
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(st.st_uid, kAliceUid);
  EXPECT_EQ(st.st_gid, kAliceGid);
}

TEST_F(FileProviderTest, ChmodAndChownWithNamesFromTheSandbox) {
  testing::write_file(root() / "srv/app.conf", "same\n", 0644);
  auto steps = converge({DeclBuilder("file", "/srv/app.conf")
                             .str("content", "same\n")
                             .str("mode", "0600")
                             .str("owner", "alice")
                             .str("group", "alice")
                             .build()});
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(actions(steps[0]), (std::vector<Action>{Action::kChown, Action::kChmod}));
  EXPECT_EQ(steps[0].changes[0].description, "owner root → alice, group root → alice");
  EXPECT_EQ(steps[0].changes[1].description, "mode 0644 → 0600");
  auto st = testing::lstat_of(root() / "srv/app.conf");
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_uid, kAliceUid);
  EXPECT_EQ(st.st_gid, kAliceGid);
}

TEST_F(FileProviderTest, UndeclaredContentIsLeftAlone) {
  testing::write_file(root() / "etc/keep", "theirs\n", 0644);
  auto steps = converge({DeclBuilder("file", "/etc/keep").str("mode", "0444").build()});
  ASSERT_EQ(actions(steps.at(0)), std::vector<Action>{Action::kChmod});
  EXPECT_EQ(testing::read_file(root() / "etc/keep"), "theirs\n");
}

TEST_F(FileProviderTest, CreatesMissingParentsOutermostFirst) {
  auto steps =
      converge({DeclBuilder("file", "/opt/app/conf.d/a.conf").str("content", "a").build()});
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(actions(steps[0]),
            (std::vector<Action>{Action::kMkdir, Action::kMkdir, Action::kMkdir, Action::kCreate}));
  EXPECT_EQ(steps[0].changes[0].description, "parent directory /opt (0755 root:root)");
  EXPECT_EQ(steps[0].changes[2].description, "parent directory /opt/app/conf.d (0755 root:root)");
  // The step is named by what it is for; the parents are made on the way.
  EXPECT_EQ(steps[0].primary(), Action::kCreate);
  for (const char* dir : {"opt", "opt/app", "opt/app/conf.d"}) {
    auto st = testing::lstat_of(root() / dir);
    EXPECT_TRUE(S_ISDIR(st.st_mode)) << dir;
    EXPECT_EQ(st.st_mode & 07777, 0755u) << dir;
  }
  EXPECT_EQ(testing::read_file(root() / "opt/app/conf.d/a.conf"), "a");
}

TEST_F(FileProviderTest, SecondResourceInTheSameParentReliesOnTheFirstsMkdir) {
  auto steps = converge({DeclBuilder("file", "/new/a").str("content", "a").build(),
                         DeclBuilder("file", "/new/b").str("content", "b").build()});
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(actions(steps[0]), (std::vector<Action>{Action::kMkdir, Action::kCreate}));
  EXPECT_EQ(actions(steps[1]), (std::vector<Action>{Action::kCreate}));
  EXPECT_EQ(testing::read_file(root() / "new/b"), "b");
}

TEST_F(FileProviderTest, DeclaredDirectoryIsNotPlannedAgainAsAParent) {
  auto steps = converge({DeclBuilder("file", "/srv/app").str("ensure", "directory").build(),
                         DeclBuilder("file", "/srv/app/x.conf").str("content", "x").build()});
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(actions(steps[0]), (std::vector<Action>{Action::kMkdir, Action::kCreate}));
  EXPECT_EQ(actions(steps[1]), (std::vector<Action>{Action::kCreate}));
  EXPECT_EQ(testing::read_file(root() / "srv/app/x.conf"), "x");
}

TEST_F(FileProviderTest, DirectoryEnsure) {
  auto steps = converge({DeclBuilder("file", "/var/lib/app")
                             .str("ensure", "directory")
                             .str("mode", "0750")
                             .str("owner", "alice")
                             .build()});
  ASSERT_EQ(actions(steps.at(0)),
            (std::vector<Action>{Action::kMkdir, Action::kMkdir, Action::kCreate}));
  EXPECT_EQ(steps[0].changes[2].description, "new directory, mode 0750, owner alice:root");
  auto st = testing::lstat_of(root() / "var/lib/app");
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0750u);
  EXPECT_EQ(st.st_uid, kAliceUid);
}

TEST_F(FileProviderTest, FileReplacedByDirectoryAndEmptyDirectoryByFile) {
  testing::write_file(root() / "a", "was a file");
  fs::create_directories(root() / "b");
  auto steps = converge({DeclBuilder("file", "/a").str("ensure", "directory").build(),
                         DeclBuilder("file", "/b").str("content", "now a file").build()});
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].changes[0].description,
            "file (10 bytes) replaced by a directory, mode 0755, owner root:root");
  EXPECT_EQ(steps[0].changes[0].diff->old_text, "was a file");
  EXPECT_EQ(steps[1].changes[0].description,
            "empty directory replaced by a file, mode 0644, owner root:root");
  EXPECT_TRUE(fs::is_directory(root() / "a"));
  EXPECT_EQ(testing::read_file(root() / "b"), "now a file");
}

TEST_F(FileProviderTest, DeletesFilesSymlinksAndEmptyDirectories) {
  testing::write_file(root() / "etc/old", "bye\n");
  fs::create_symlink("/nowhere", root() / "etc/link");
  fs::create_directories(root() / "etc/empty");
  auto steps = converge({DeclBuilder("file", "/etc/old").str("ensure", "absent").build(),
                         DeclBuilder("file", "/etc/link").str("ensure", "absent").build(),
                         DeclBuilder("file", "/etc/empty").str("ensure", "absent").build(),
                         DeclBuilder("file", "/etc/never").str("ensure", "absent").build()});
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].changes[0].action, Action::kDelete);
  EXPECT_EQ(steps[0].changes[0].description, "file (4 bytes)");
  EXPECT_EQ(steps[0].changes[0].diff->old_text, "bye\n");
  EXPECT_EQ(steps[1].changes[0].description, "symlink (→ /nowhere)");
  EXPECT_EQ(steps[2].changes[0].description, "empty directory");
  EXPECT_FALSE(fs::exists(fs::symlink_status(root() / "etc/old")));
  EXPECT_FALSE(fs::exists(fs::symlink_status(root() / "etc/link")));
  EXPECT_FALSE(fs::exists(fs::symlink_status(root() / "etc/empty")));
}

TEST_F(FileProviderTest, NonEmptyDirectoryIsNeverDeletedOrReplaced) {
  testing::write_file(root() / "data/keep.db", "rows");
  for (auto ensure : {"absent", "file"}) {
    auto steps = plan({DeclBuilder("file", "/data").str("ensure", ensure).build()});
    ASSERT_FALSE(steps.ok()) << ensure;
    EXPECT_EQ(steps.error().code, codes::kDirNotEmpty);
  }
  auto steps = plan({DeclBuilder("file", "/data").str("ensure", "absent").build()});
  EXPECT_EQ(steps.error().text(),
            "a non-empty directory stands here; twin does not delete directories recursively; "
            "empty it first or declare its entries absent (/data)");
  EXPECT_EQ(testing::read_file(root() / "data/keep.db"), "rows");
}

TEST_F(FileProviderTest, ContentFromTheTwinDirectory) {
  testing::write_file(twin() / "files/motd", "from the twin\n");
  converge({DeclBuilder("file", "/etc/motd").str("source", "files/motd").build()});
  EXPECT_EQ(testing::read_file(root() / "etc/motd"), "from the twin\n");
}

TEST_F(FileProviderTest, SymlinkAtTheFinalComponentIsReplacedNotFollowed) {
  fs::create_directories(root() / "etc");
  fs::create_symlink(outside() / "precious", root() / "etc/motd");
  auto steps = converge({DeclBuilder("file", "/etc/motd").str("content", "mine\n").build()});
  ASSERT_EQ(actions(steps.at(0)), std::vector<Action>{Action::kReplace});
  EXPECT_EQ(steps[0].changes[0].description,
            "symlink (→ " + (outside() / "precious").string() +
                ") replaced by a file, mode 0644, owner root:root");
  EXPECT_FALSE(fs::is_symlink(root() / "etc/motd"));
  EXPECT_EQ(testing::read_file(root() / "etc/motd"), "mine\n");
  // TearDown checks the symlink's old target outside the root is untouched.
}

TEST_F(FileProviderTest, SensitiveContentNeverEntersThePlan) {
  testing::write_file(root() / "etc/secret", "old-password\n", 0600);
  auto steps = converge({DeclBuilder("file", "/etc/secret")
                             .str("content", "new-password\n")
                             .attr("sensitive", true)
                             .build()});
  const auto& diff = steps.at(0).changes.at(0).diff;
  ASSERT_TRUE(diff.has_value());
  EXPECT_TRUE(diff->sensitive);
  EXPECT_EQ(diff->old_text, "");
  EXPECT_EQ(diff->new_text, "");
  EXPECT_EQ(testing::read_file(root() / "etc/secret"), "new-password\n");
}

TEST_F(FileProviderTest, BinaryContentIsFlagged) {
  auto steps = converge({DeclBuilder("file", "/bin.dat")
                             .str("content", std::string("\x7f"
                                                         "ELF\0\1\2",
                                                         7))
                             .build()});
  EXPECT_TRUE(steps.at(0).changes.at(0).diff->binary);
  EXPECT_EQ(testing::read_file(root() / "bin.dat").size(), 7u);
}

TEST_F(FileProviderTest, SpecialFilesAreRefused) {
  ASSERT_EQ(::mkfifo((root() / "fifo").c_str(), 0644), 0);
  auto steps = plan({DeclBuilder("file", "/fifo").str("content", "x").build()});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, codes::kSpecialFile);
}

TEST_F(FileProviderTest, AParentThatIsAFileIsRefusedAtPlan) {
  testing::write_file(root() / "srv", "a file, not a directory");
  auto steps = plan({DeclBuilder("file", "/srv/data/x").str("content", "x").build()});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, codes::kParentNotDir);
  EXPECT_EQ(steps.error().text(), "parent /srv is a file, not a directory (/srv/data/x)");
}

TEST_F(FileProviderTest, NamesWithSpacesAndUnicode) {
  auto steps = converge(
      {DeclBuilder("file", "/etc/with space/caf\xc3\xa9 menu.txt").str("content", "ok").build()});
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(testing::read_file(root() / "etc/with space/caf\xc3\xa9 menu.txt"), "ok");
}

TEST_F(FileProviderTest, RootDirectoryItselfCanBeManaged) {
  ::chmod(root().c_str(), 0700);
  auto steps =
      converge({DeclBuilder("file", "/").str("ensure", "directory").str("mode", "0755").build()});
  ASSERT_EQ(actions(steps.at(0)), std::vector<Action>{Action::kChmod});
}

}  // namespace
}  // namespace twin::resources
