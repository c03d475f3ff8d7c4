// Rollback of package changes against the real dpkg and apt-get: apply,
// then undo the checkpoint's records newest first, and the sandbox's dpkg
// status must be byte for byte what it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "resources/package_codes.h"
#include "tests/resources/package_fixture.h"

namespace twin::resources::testing {
namespace {

using ::testing::HasSubstr;

using PackageRollback = PackageSandboxTest;

TEST_F(PackageRollback, InstallWithDependenciesIsUndone) {
  install({"tool=1.0"});
  const std::string before = status_bytes();
  auto steps = plan({package("app-plugin"), package("tool", "latest")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  auto result = apply(*steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(dpkg_rows(), "app 2.0 ii \napp-plugin 1.0 ii \nlibfoo1 2.0 ii \ntool 1.1 ii \n");
  rollback();
  EXPECT_EQ(dpkg_rows(), "tool 1.0 ii \n");
  EXPECT_EQ(status_bytes(), before);
}

TEST_F(PackageRollback, RecordsCoverTheBlastRadius) {
  install({"app-plugin"});
  auto steps = plan({package("app", "absent")});
  ASSERT_TRUE(steps.ok());
  ASSERT_TRUE(apply(*steps).status.ok());
  ASSERT_EQ(checkpoint_->records().size(), 1u);
  const engine::UndoRecord& record = checkpoint_->records()[0];
  EXPECT_EQ(record.type, "package");
  EXPECT_EQ(record.address, "package[\"app\"]");
  EXPECT_EQ(record.data["call"], "apt-get remove -- app");
  std::vector<std::string> names;
  for (const auto& p : record.data["packages"]) names.push_back(p["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"app", "app-plugin"}));
  EXPECT_EQ(record.data["packages"][1]["version"], "1.0");
  EXPECT_EQ(record.data["packages"][1]["state"], "installed");
}

TEST_F(PackageRollback, RemovalAndUpgradeAreUndone) {
  install({"app-plugin", "tool=1.0", "libbase"});
  const std::string before = status_bytes();
  auto steps =
      plan({package("app", "absent"), package("tool", "1.1"), package("libbase", "purged")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  auto result = apply(*steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(dpkg_rows(), "app 2.0 rc \nlibfoo1 2.0 ii \ntool 1.1 ii \n");
  rollback();
  EXPECT_EQ(status_bytes(), before);
}

TEST_F(PackageRollback, PurgeOfRemovedPackageCannotBringConfigBack) {
  install({"app"});
  auto removal = plan({package("app", "absent")});
  ASSERT_TRUE(removal.ok());
  ASSERT_TRUE(apply(*removal).status.ok());
  auto purge = plan({package("app", "purged")});
  ASSERT_TRUE(purge.ok());
  ASSERT_TRUE(apply(*purge).status.ok());
  const engine::UndoRecord& record = checkpoint_->records().back();
  engine::Status st = provider_.undo(record, ctx(), *checkpoint_);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, package_codes::kUndoIncomplete);
  EXPECT_THAT(st.error().message, HasSubstr("app: expected app (configuration files only)"));
}

TEST_F(PackageRollback, HoldsAreRestored) {
  install({"tool=1.0", "libfoo1=1.0"});
  hold("libfoo1");
  const std::string before = status_bytes();
  DeclBuilder tool("package", "tool");
  tool.str("ensure", "latest").attr("hold", true);
  DeclBuilder lib("package", "libfoo1");
  lib.attr("hold", false);
  auto steps = plan({tool.build(), lib.build()});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_TRUE(apply(*steps).status.ok());
  EXPECT_EQ(dpkg_rows(), "libfoo1 1.0 ii \ntool 1.1 hi \n");
  rollback();
  EXPECT_EQ(dpkg_rows(), "libfoo1 1.0 hi \ntool 1.0 ii \n");
  EXPECT_EQ(status_bytes(), before);
}

TEST_F(PackageRollback, RiskyRemovalAllowedAndUndone) {
  install({"esspkg", "corepkg"});
  const std::string before = status_bytes();
  DeclBuilder ess("package", "esspkg");
  ess.str("ensure", "absent").attr("allow_risky", true);
  DeclBuilder core("package", "corepkg");
  core.str("ensure", "purged").attr("allow_risky", true);
  auto steps = plan({ess.build(), core.build()});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 2u);
  auto result = apply(*steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(dpkg_rows(), "");
  rollback();
  EXPECT_EQ(status_bytes(), before);
}

TEST_F(PackageRollback, OldVersionNoSourceOffersIsReportedByUndo) {
  dpkg_install_file(PackageWorld::get().orphan_deb);
  auto steps = plan({package("orphan", "absent")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_TRUE(apply(*steps).status.ok());
  EXPECT_EQ(dpkg_rows(), "");
  engine::Status st = provider_.undo(checkpoint_->records()[0], ctx(), *checkpoint_);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, package_codes::kUndoIncomplete);
  EXPECT_EQ(st.error().message,
            "could not restore every package: orphan 1.0: no package source offers that version "
            "any more");
}

TEST_F(PackageRollback, ApplyStopsBeforeChangingWhenAptRefuses) {
  // Packages that disappear between plan and apply make the simulation
  // fail, before anything is journaled or changed.
  install({"tool=1.0"});
  const std::string before = status_bytes();
  auto steps = plan({package("app"), package("tool", "1.1")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  // Sabotage: the sandbox forgets the repository.
  std::filesystem::remove_all(root_ / "var/lib/apt/lists");
  std::filesystem::create_directories(root_ / "var/lib/apt/lists/partial");
  std::filesystem::remove(root_ / "var/cache/apt/pkgcache.bin");
  std::filesystem::remove(root_ / "var/cache/apt/srcpkgcache.bin");
  auto result = apply(*steps);
  ASSERT_FALSE(result.status.ok());
  EXPECT_EQ(result.completed, 0u);
  EXPECT_EQ(result.status.error().code, package_codes::kToolFailed);
  EXPECT_EQ(status_bytes(), before);
}

}  // namespace
}  // namespace twin::resources::testing

namespace twin::resources::testing {
namespace {

TEST_F(PackageRollback, FailureMidGroupIsRolledBackByTheRecordsSoFar) {
  install({"app-plugin"});
  // clash owns /usr/share/tool/version: dpkg refuses to overwrite it when
  // unpacking tool, which apt's simulation cannot foresee.
  dpkg_install_file(PackageWorld::get().clash_deb);
  const std::string before = status_bytes();
  auto steps = plan({package("app-plugin", "absent"), package("tool")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  auto result = apply(*steps);
  ASSERT_FALSE(result.status.ok());
  EXPECT_EQ(result.status.error().code, package_codes::kToolFailed);
  EXPECT_EQ(result.completed, 1u);  // the removal ran; the install did not
  ASSERT_EQ(checkpoint_->records().size(), 2u);
  EXPECT_THAT(result.status.error().message, HasSubstr("dpkg: error processing archive"));
  EXPECT_THAT(result.status.error().message,
              HasSubstr(" trying to overwrite '/usr/share/tool/version', which is also in package "
                        "clash 1.0"));
  rollback();
  EXPECT_EQ(dpkg_rows(), "app 2.0 ii \napp-plugin 1.0 ii \nclash 1.0 ii \nlibfoo1 2.0 ii \n");
  EXPECT_EQ(status_bytes(), before);
}

}  // namespace
}  // namespace twin::resources::testing
