// Hostile manifests and hostile targets: the file provider refuses, with a
// clear error, anything that would read or write outside the target root,
// and changes nothing (FileFixture::TearDown checks the outside directory's
// bytes, modes and mtime).
#include <gtest/gtest.h>

#include "resources/error_codes.h"
#include "resources/file_provider.h"
#include "tests/resources/file_fixture.h"

namespace twin::resources {
namespace {

using testing::DeclBuilder;
namespace fs = std::filesystem;

class FileRefusalTest : public testing::FileFixture {
 protected:
  // A step built by hand, as if an older plan had been made before the
  // target was tampered with.
  engine::Step hand_made_step(const lang::ResourceDecl& decl, engine::Action action) {
    engine::Step step;
    step.resource = &decl;
    step.type = "file";
    step.address = decl.address();
    step.changes.push_back(engine::Change{action, "hand made", std::nullopt});
    return step;
  }

  void expect_nothing_applied(const engine::Checkpoint& cp) {
    auto reopened = engine::Checkpoint::open(cp.dir());
    ASSERT_TRUE(reopened.ok());
    EXPECT_TRUE(reopened->records().empty());
  }
};

TEST_F(FileRefusalTest, TitleWithDotDotIsRefusedByPlanAndApply) {
  const auto& decl =
      keep(DeclBuilder("file", "/etc/../../outside/precious").str("content", "x").build());
  auto steps = plan({decl});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, codes::kInvalidDecl);
  EXPECT_EQ(steps.error().message,
            "invalid file declaration: invalid file path: path contains a "
            "'..' component");
  EXPECT_EQ(steps.error().span.begin, decl.title_span.begin);
  auto cp = new_checkpoint();
  auto st = provider_.apply(hand_made_step(decl, engine::Action::kReplace), context(), cp);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, codes::kInvalidDecl);
  expect_nothing_applied(cp);
}

TEST_F(FileRefusalTest, RelativeTitleIsRefused) {
  auto steps = plan({DeclBuilder("file", "etc/motd").str("content", "x").build()});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().message,
            "invalid file declaration: invalid file path: path must be absolute");
}

TEST_F(FileRefusalTest, AbsoluteSymlinkToOutsideInAParentIsRefused) {
  fs::create_symlink(outside(), root() / "etc2");
  const auto& decl = keep(DeclBuilder("file", "/etc2/precious").str("content", "pwned").build());
  auto steps = plan({decl});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, codes::kEscapesRoot);
  EXPECT_EQ(steps.error().text(), "path leaves the target root through a symlink or '..' (/etc2)");
  EXPECT_EQ(steps.error().span.begin, decl.title_span.begin);
  auto cp = new_checkpoint();
  auto st = provider_.apply(hand_made_step(decl, engine::Action::kReplace), context(), cp);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, codes::kEscapesRoot);
  expect_nothing_applied(cp);
}

TEST_F(FileRefusalTest, HostEtcSymlinkIsRefusedAtPlan) {
  // Plan only: plan never writes, so pointing at the real /etc is safe.
  fs::remove_all(root() / "etc");
  fs::create_symlink("/etc", root() / "etc");
  auto steps = plan({DeclBuilder("file", "/etc/hostname").str("content", "pwned").build()});
  ASSERT_FALSE(steps.ok());
  // The root's own etc/passwd is read first (for owner names) and refused.
  EXPECT_EQ(steps.error().code, codes::kEscapesRoot);
}

TEST_F(FileRefusalTest, RelativeSymlinkClimbingOutIsRefused) {
  fs::create_symlink("../../..", root() / "a");
  auto up = plan({DeclBuilder("file", "/a/tmp/x").str("content", "x").build()});
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.error().code, codes::kEscapesRoot);

  fs::create_symlink("../outside", root() / "b");
  const auto& decl = keep(DeclBuilder("file", "/b/precious").str("ensure", "absent").build());
  auto steps = plan({decl});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, codes::kEscapesRoot);
  auto cp = new_checkpoint();
  auto st = provider_.apply(hand_made_step(decl, engine::Action::kDelete), context(), cp);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, codes::kEscapesRoot);
}

TEST_F(FileRefusalTest, SymlinkPlantedBetweenPlanAndApplyIsRefused) {
  auto steps = plan({DeclBuilder("file", "/var/precious").str("content", "pwned").build()});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  // /var did not exist at plan time (MKDIR planned); now it leads outside.
  fs::create_symlink(outside(), root() / "var");
  auto cp = new_checkpoint();
  auto st = apply_all(*steps, cp);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, codes::kEscapesRoot);
  expect_nothing_applied(cp);
}

TEST_F(FileRefusalTest, UnplannedChangeIsRefusedBeforeAnyMutation) {
  testing::write_file(root() / "etc/motd", "same\n");
  auto steps =
      plan({DeclBuilder("file", "/etc/motd").str("content", "same\n").str("mode", "0600").build()});
  ASSERT_TRUE(steps.ok());
  testing::write_file(root() / "etc/motd", "edited meanwhile\n");
  auto cp = new_checkpoint();
  auto st = apply_all(*steps, cp);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, codes::kDrift);
  EXPECT_EQ(st.error().message,
            "the machine changed since the plan: REPLACE content differs (17 → 5 bytes) was not "
            "planned; run plan again");
  EXPECT_EQ(testing::read_file(root() / "etc/motd"), "edited meanwhile\n");
  expect_nothing_applied(cp);
}

TEST_F(FileRefusalTest, SourceThroughASymlinkOutOfTheTwinIsRefused) {
  fs::create_directories(twin() / "files");
  fs::create_symlink(outside() / "precious", twin() / "files/motd");
  auto link = plan({DeclBuilder("file", "/etc/motd").str("source", "files/motd").build()});
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, codes::kSourceUnreadable);
  EXPECT_EQ(link.error().message,
            "cannot read source \"files/motd\": not a regular file but a symlink (never "
            "followed) (files/motd)");

  fs::create_symlink(outside(), twin() / "out");
  auto dir = plan({DeclBuilder("file", "/etc/motd").str("source", "out/precious").build()});
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().code, codes::kSourceUnreadable);
  EXPECT_FALSE(fs::exists(root() / "etc/motd"));
}

TEST_F(FileRefusalTest, PasswdSymlinkedOutOfTheRootIsNotReadForOwners) {
  fs::remove(root() / "etc/passwd");
  fs::create_symlink(outside() / "precious", root() / "etc/passwd");
  auto steps = plan({DeclBuilder("file", "/f").str("owner", "alice").build()});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, codes::kNotRegular);
}

}  // namespace
}  // namespace twin::resources
