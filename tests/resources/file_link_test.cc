// ensure = "link": the file provider makes, retargets and replaces symbolic
// links atomically, reads their targets without following them, refuses
// declarations that cannot be links, and rolls every change back exactly.
#include <gtest/gtest.h>

#include "resources/account_db.h"
#include "resources/error_codes.h"
#include "resources/file_spec.h"
#include "resources/file_provider.h"
#include "tests/resources/file_fixture.h"

namespace twin::resources {
namespace {

using engine::Action;
using testing::DeclBuilder;
namespace fs = std::filesystem;

class FileLinkTest : public testing::FileFixture {
 protected:
  /// Plans and applies; returns the plan's steps.
  std::vector<engine::Step> apply(std::vector<lang::ResourceDecl> decls, engine::Checkpoint& cp) {
    auto steps = plan(std::move(decls));
    EXPECT_TRUE(steps.ok()) << steps.error().text();
    if (!steps.ok()) return {};
    auto st = apply_all(*steps, cp);
    EXPECT_TRUE(st.ok()) << st.error().text();
    return std::move(*steps);
  }
  static lang::ResourceDecl link(const std::string& path, const std::string& target) {
    return DeclBuilder("file", path).str("ensure", "link").str("target", target).build();
  }
};

TEST_F(FileLinkTest, CreatesALinkAndThenPlansNothing) {
  auto cp = new_checkpoint();
  auto steps = apply({link("/etc/nginx/sites-enabled/default", "../sites-available/default")}, cp);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(actions(steps[0]),
            (std::vector<Action>{Action::kMkdir, Action::kMkdir, Action::kCreate}));
  EXPECT_EQ(steps[0].changes.back().description,
            "new symlink → ../sites-available/default, owner root:root");
  EXPECT_EQ(fs::read_symlink(root() / "etc/nginx/sites-enabled/default"),
            "../sites-available/default");  // dangling is fine: stored as written
  auto again = plan({link("/etc/nginx/sites-enabled/default", "../sites-available/default")});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST_F(FileLinkTest, RetargetsALinkAndReplacesAFileWithOne) {
  fs::create_directories(root() / "etc");
  fs::create_symlink("/usr/share/zoneinfo/UTC", root() / "etc/localtime");
  testing::write_file(root() / "etc/resolv.conf", "nameserver 1.1.1.1\n");
  auto before = testing::fingerprint(root());
  auto cp = new_checkpoint();
  auto steps = apply({link("/etc/localtime", "/usr/share/zoneinfo/Europe/Paris"),
                      link("/etc/resolv.conf", "/run/systemd/resolve/stub-resolv.conf")},
                     cp);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(actions(steps[0]), std::vector<Action>{Action::kReplace});
  EXPECT_EQ(steps[0].changes[0].description,
            "symlink → /usr/share/zoneinfo/UTC becomes → /usr/share/zoneinfo/Europe/Paris");
  EXPECT_EQ(actions(steps[1]), std::vector<Action>{Action::kReplace});
  ASSERT_TRUE(steps[1].changes[0].diff.has_value());  // the file's lines leave
  EXPECT_EQ(steps[1].changes[0].diff->old_text, "nameserver 1.1.1.1\n");
  EXPECT_EQ(fs::read_symlink(root() / "etc/localtime"), "/usr/share/zoneinfo/Europe/Paris");
  EXPECT_EQ(fs::read_symlink(root() / "etc/resolv.conf"), "/run/systemd/resolve/stub-resolv.conf");
  // No temporary link is left behind by the atomic rename.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(root() / "etc")) ++entries;
  EXPECT_EQ(entries, 4u);  // passwd, group, localtime, resolv.conf

  undo_all(cp);
  EXPECT_EQ(testing::fingerprint(root()), before);
}

TEST_F(FileLinkTest, ReplacesAnEmptyDirectoryButNeverAFullOne) {
  fs::create_directories(root() / "etc/empty");
  fs::create_directories(root() / "etc/full");
  testing::write_file(root() / "etc/full/x", "x\n");
  auto cp = new_checkpoint();
  apply({link("/etc/empty", "/srv/data")}, cp);
  EXPECT_EQ(fs::read_symlink(root() / "etc/empty"), "/srv/data");
  auto refused = plan({link("/etc/full", "/srv/data")});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, codes::kDirNotEmpty);
}

TEST_F(FileLinkTest, TheLinkItselfGetsTheOwnerNeverItsTarget) {
  testing::write_file(root() / "etc/real.conf", "x\n");
  fs::create_symlink("real.conf", root() / "etc/alias.conf");
  auto cp = new_checkpoint();
  auto steps = apply({DeclBuilder("file", "/etc/alias.conf")
                          .str("ensure", "link")
                          .str("target", "real.conf")
                          .str("owner", "alice")
                          .build()},
                     cp);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(actions(steps[0]), std::vector<Action>{Action::kChown});
  EXPECT_EQ(testing::lstat_of(root() / "etc/alias.conf").st_uid, kAliceUid);
  EXPECT_EQ(testing::lstat_of(root() / "etc/real.conf").st_uid, 0u);
}

TEST_F(FileLinkTest, DeclarationsThatCannotBeLinksAreRefused) {
  AccountDb accounts;
  struct Case {
    lang::ResourceDecl decl;
    const char* code;
  };
  std::vector<Case> cases;
  cases.push_back({DeclBuilder("file", "/etc/a").str("ensure", "link").build(),
                   codes::kDiagBadLinkTarget});
  cases.push_back({DeclBuilder("file", "/etc/a").str("ensure", "link").str("target", "").build(),
                   codes::kDiagBadLinkTarget});
  cases.push_back(
      {DeclBuilder("file", "/etc/a").str("ensure", "link").str("target", "b").str("mode", "0777").build(),
       codes::kDiagContentOnNonFile});
  cases.push_back({DeclBuilder("file", "/etc/a").str("target", "b").build(),
                   codes::kDiagContentOnNonFile});
  for (const auto& c : cases) {
    lang::DiagnosticSink sink;
    EXPECT_FALSE(read_file_spec(c.decl, accounts, sink).has_value());
    ASSERT_FALSE(sink.empty());
    EXPECT_EQ(sink.all().front().code, c.code) << sink.all().front().message;
  }
}

}  // namespace
}  // namespace twin::resources
