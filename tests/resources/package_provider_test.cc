// The package provider against the real dpkg and apt-get in a sandbox root:
// what plan shows (actions, versions, blast radius) and that apply makes
// the next plan empty.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/resources/package_fixture.h"
#include "resources/package_actions.h"

namespace twin::resources::testing {
namespace {

using engine::Action;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string all_details(const engine::Step& step) {
  std::string text;
  for (const engine::Change& c : step.changes)
    for (const std::string& d : c.details) text += d + "\n";
  return text;
}

std::vector<Action> actions(const engine::Step& step) {
  std::vector<Action> out;
  for (const engine::Change& c : step.changes) out.push_back(c.action);
  return out;
}

using PackageProviderSandbox = PackageSandboxTest;

TEST_F(PackageProviderSandbox, PlanInstallShowsDependenciesItPullsIn) {
  auto steps = plan({package("app-plugin")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  const engine::Step& step = (*steps)[0];
  EXPECT_EQ(step.address, "package[\"app-plugin\"]");
  EXPECT_EQ(step.type, "package");
  EXPECT_THAT(actions(step), ElementsAre(resources::package_action::kInstall));
  EXPECT_EQ(step.changes[0].description, "install version 1.0");
  EXPECT_EQ(all_details(step), "also installs: libfoo1 (2.0), app (2.0)\n");
  EXPECT_EQ(dpkg_rows(), "") << "plan must not change the machine";
}

// apt's and dpkg's own progress reaches the apply's status line as it runs.
TEST_F(PackageProviderSandbox, ApplyRelaysAptsProgressLines) {
  std::vector<std::string> relayed;
  step_output_ = [&](std::string_view line) { relayed.emplace_back(line); };
  auto steps = plan({package("app-plugin")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  auto result = apply(*steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  auto said = [&](const std::string& part) {
    return std::any_of(relayed.begin(), relayed.end(),
                       [&](const std::string& l) { return l.find(part) != std::string::npos; });
  };
  EXPECT_TRUE(said("Unpacking app-plugin")) << ::testing::PrintToString(relayed);
  EXPECT_TRUE(said("Setting up app-plugin")) << ::testing::PrintToString(relayed);
}

TEST_F(PackageProviderSandbox, ApplyInstallThenPlanIsEmpty) {
  auto steps = plan({package("app-plugin"), package("tool", "1.0"), package("libfoo1", "latest")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 3u);
  // One apt-get call serves all three; its blast radius is shown once.
  EXPECT_EQ(all_details((*steps)[0]), "also installs: app (2.0)\n");
  EXPECT_EQ(all_details((*steps)[1]), "");
  auto result = apply(*steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(result.completed, 3u);
  EXPECT_EQ(dpkg_rows(), "app 2.0 ii \napp-plugin 1.0 ii \nlibfoo1 2.0 ii \ntool 1.0 ii \n");
  // dpkg logged into the sandbox, not the host (the guard checks the host).
  EXPECT_THAT(read_file(root_ / "var/log/dpkg.log"), HasSubstr("install app-plugin:all"));

  auto again = plan({package("app-plugin"), package("tool", "1.0"), package("libfoo1", "latest")});
  ASSERT_TRUE(again.ok()) << again.error().text();
  EXPECT_TRUE(again->empty());
}

TEST_F(PackageProviderSandbox, UpgradeToLatestShowsDependencyUpgrade) {
  install({"app=1.0", "libfoo1=1.0"});
  auto steps = plan({package("app", "latest")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_THAT(actions((*steps)[0]), ElementsAre(resources::package_action::kUpgrade));
  EXPECT_EQ((*steps)[0].changes[0].description, "1.0 → 2.0");
  EXPECT_EQ(all_details((*steps)[0]), "also upgrades: libfoo1 (1.0 → 2.0)\n");
  auto result = apply(*steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(dpkg_rows(), "app 2.0 ii \nlibfoo1 2.0 ii \n");
  auto again = plan({package("app", "latest")});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  // "present" is satisfied by any installed version.
  auto present = plan({package("app")});
  ASSERT_TRUE(present.ok());
  EXPECT_TRUE(present->empty());
}

TEST_F(PackageProviderSandbox, ExplicitOlderVersionIsADowngrade) {
  install({"tool"});
  auto steps = plan({package("tool", "1.0")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].changes[0].description, "1.1 → 1.0 (downgrade)");
  auto result = apply(*steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(dpkg_rows(), "tool 1.0 ii \n");
}

TEST_F(PackageProviderSandbox, RemoveShowsWhatItTakesAlong) {
  install({"app-plugin"});
  auto steps = plan({package("app", "absent")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_THAT(actions((*steps)[0]), ElementsAre(resources::package_action::kRemove));
  EXPECT_EQ((*steps)[0].changes[0].description,
            "remove version 2.0 (configuration files are kept)");
  EXPECT_EQ(all_details((*steps)[0]), "also removes: app-plugin (1.0)\n");
  // What policy reads: the packages as data, its own and apt's blast radius.
  EXPECT_THAT((*steps)[0].changes[0].removes, ElementsAre("app", "app-plugin"));
  auto result = apply(*steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  // app ships a conffile, so removal leaves it in state "rc".
  EXPECT_EQ(dpkg_rows(), "app 2.0 rc \nlibfoo1 2.0 ii \n");
  auto again = plan({package("app", "absent")});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST_F(PackageProviderSandbox, PurgeRemovesLeftoverConfigurationFiles) {
  install({"app"});
  auto steps = plan({package("app", "absent")});
  ASSERT_TRUE(steps.ok());
  ASSERT_TRUE(apply(*steps).status.ok());
  ASSERT_TRUE(std::filesystem::exists(root_ / "etc/app.conf"));

  auto purge = plan({package("app", "purged")});
  ASSERT_TRUE(purge.ok()) << purge.error().text();
  ASSERT_EQ(purge->size(), 1u);
  EXPECT_THAT(actions((*purge)[0]), ElementsAre(resources::package_action::kPurge));
  EXPECT_EQ((*purge)[0].changes[0].description, "purge the configuration files left by a removal");
  auto result = apply(*purge);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(dpkg_rows(), "libfoo1 2.0 ii \n");
  EXPECT_FALSE(std::filesystem::exists(root_ / "etc/app.conf"));
  auto again = plan({package("app", "purged")});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST_F(PackageProviderSandbox, PurgeOfAnInstalledPackageTakesDependentsAlong) {
  install({"app-plugin"});
  auto steps = plan({package("app", "purged")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].changes[0].description, "purge version 2.0 and its configuration files");
  EXPECT_EQ(all_details((*steps)[0]), "also purges: app-plugin (1.0)\n");
  ASSERT_TRUE(apply(*steps).status.ok());
  EXPECT_EQ(dpkg_rows(), "libfoo1 2.0 ii \n");
}

TEST_F(PackageProviderSandbox, HoldAndUnhold) {
  install({"tool=1.0"});
  DeclBuilder held("package", "tool");
  held.attr("hold", true);
  auto steps = plan({held.build()});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_THAT(actions((*steps)[0]), ElementsAre(resources::package_action::kHold));
  ASSERT_TRUE(apply(*steps).status.ok());
  EXPECT_EQ(dpkg_rows(), "tool 1.0 hi \n");
  auto again = plan({held.build()});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());

  DeclBuilder released("package", "tool");
  released.attr("hold", false);
  auto unhold = plan({released.build()});
  ASSERT_TRUE(unhold.ok()) << unhold.error().text();
  ASSERT_EQ(unhold->size(), 1u);
  EXPECT_THAT(actions((*unhold)[0]), ElementsAre(resources::package_action::kUnhold));
  ASSERT_TRUE(apply(*unhold).status.ok());
  EXPECT_EQ(dpkg_rows(), "tool 1.0 ii \n");
}

TEST_F(PackageProviderSandbox, InstallAndHoldInOneStep) {
  DeclBuilder b("package", "tool");
  b.str("ensure", "1.0").attr("hold", true);
  auto steps = plan({b.build()});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_THAT(actions((*steps)[0]), ElementsAre(resources::package_action::kInstall, resources::package_action::kHold));
  ASSERT_TRUE(apply(*steps).status.ok());
  EXPECT_EQ(dpkg_rows(), "tool 1.0 hi \n");
}

TEST_F(PackageProviderSandbox, HeldPackageIsReleasedForAnUpgradeAndHeldAgain) {
  install({"tool=1.0"});
  hold("tool");
  auto steps = plan({package("tool", "latest")});
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_THAT(actions((*steps)[0]), ElementsAre(resources::package_action::kUpgrade));
  EXPECT_EQ(all_details((*steps)[0]),
            "the hold is released for the change and set again after it\n");
  auto result = apply(*steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(dpkg_rows(), "tool 1.1 hi \n");
}

TEST_F(PackageProviderSandbox, AptConfigFileIsPrivateAndRemoved) {
  std::filesystem::path config;
  {
    auto target = AptTarget::open(*host_);
    ASSERT_TRUE(target.ok());
    config = target->config_file();
    ASSERT_FALSE(config.empty());
    EXPECT_FALSE(config.string().starts_with(root_.string()));
    struct stat st = lstat_of(config);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    EXPECT_THAT(read_file(config), HasSubstr("\"--log=" + root_.string() + "/var/log/dpkg.log\""));
  }
  EXPECT_FALSE(std::filesystem::exists(config));
}

}  // namespace
}  // namespace twin::resources::testing
