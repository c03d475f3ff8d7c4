// Grouping package work into apt-get calls, and reading a simulation's
// blast radius: details, refusals, flags. Pure: canned simulations.
#include "resources/package_batches.h"

#include <gtest/gtest.h>

#include "resources/package_codes.h"
#include "resources/package_actions.h"

namespace twin::resources {
namespace {

using engine::Action;
using Kind = SimulatedChange::Kind;

PackageWork work(std::string name, Action action, PackageEnsure ensure = PackageEnsure::kPresent,
                 std::string version = "", bool allow_risky = false) {
  PackageWork w;
  w.spec.name = name;
  w.spec.ensure = ensure;
  w.spec.version = std::move(version);
  w.spec.allow_risky = allow_risky;
  w.address = "package[\"" + name + "\"]";
  w.changes.push_back({action, "", std::nullopt, {}});
  return w;
}

DpkgDatabase db_of(std::vector<InstalledPackage> packages) {
  DpkgDatabase db;
  for (InstalledPackage& p : packages) db[p.name] = std::move(p);
  return db;
}

InstalledPackage installed(std::string name, std::string version, bool held = false,
                           bool essential = false, std::string priority = "") {
  InstalledPackage p;
  p.name = std::move(name);
  p.version = std::move(version);
  p.state = InstallState::kInstalled;
  p.held = held;
  p.essential = essential;
  p.priority = std::move(priority);
  return p;
}

TEST(PackageBatches, OneCallPerKindInDeclarationOrder) {
  std::vector<PackageWork> w = {
      work("a", resources::package_action::kInstall),
      work("b", resources::package_action::kRemove, PackageEnsure::kAbsent),
      work("c", resources::package_action::kUpgrade, PackageEnsure::kVersion, "1.0"),
      work("d", resources::package_action::kPurge, PackageEnsure::kPurged),
      work("e", resources::package_action::kHold),
  };
  AptBatches batches = batch_apt_calls(w);
  EXPECT_EQ(batches.install.call.packages, (std::vector<std::string>{"a", "c=1.0"}));
  EXPECT_EQ(batches.install.members, (std::vector<std::size_t>{0, 2}));
  EXPECT_TRUE(batches.install.call.allow_downgrades);
  EXPECT_EQ(batches.remove.call.packages, (std::vector<std::string>{"b"}));
  EXPECT_EQ(batches.purge.call.packages, (std::vector<std::string>{"d"}));
  EXPECT_EQ(describe_call(batches.install.call), "apt-get install -- a c=1.0");
}

TEST(PackageBatches, BlastRadiusDetails) {
  std::vector<PackageWork> w = {work("app", resources::package_action::kInstall)};
  AptBatches batches = batch_apt_calls(w);
  DpkgDatabase db = db_of(
      {installed("libbar", "1.0"), installed("libold", "2.0"), installed("conflicting", "1.0")});
  std::vector<SimulatedChange> sim = {
      {Kind::kInstall, "libfoo1", "", "2.0"},   {Kind::kInstall, "libbar", "1.0", "1.1"},
      {Kind::kInstall, "libold", "2.0", "1.0"}, {Kind::kRemove, "conflicting", "1.0", ""},
      {Kind::kInstall, "app", "", "2.0"},
  };
  auto radius = blast_radius(batches.install, w, sim, db);
  ASSERT_TRUE(radius.ok()) << radius.error().text();
  EXPECT_EQ(radius->details, (std::vector<std::string>{
                                 "also installs: libfoo1 (2.0)",
                                 "also upgrades: libbar (1.0 → 1.1)",
                                 "also downgrades: libold (2.0 → 1.0)",
                                 "also removes: conflicting (1.0)",
                             }));
  EXPECT_EQ(radius->touched.size(), 5u);
  EXPECT_FALSE(radius->removes_essential);
}

TEST(PackageBatches, UndeclaredHeldPackageIsRefused) {
  std::vector<PackageWork> w = {work("app", resources::package_action::kRemove, PackageEnsure::kAbsent)};
  AptBatches batches = batch_apt_calls(w);
  DpkgDatabase db = db_of({installed("app", "2.0"), installed("app-plugin", "1.0", true)});
  auto radius = blast_radius(
      batches.remove, w,
      {{Kind::kRemove, "app-plugin", "1.0", ""}, {Kind::kRemove, "app", "2.0", ""}}, db);
  ASSERT_FALSE(radius.ok());
  EXPECT_EQ(radius.error().code, package_codes::kHeldPackage);
  EXPECT_EQ(radius.error().message,
            "apt-get remove -- app would also change package app-plugin, which is held; declare "
            "it (with the version you want) or release its hold first");
}

TEST(PackageBatches, RiskyRemovalsNeedAllowRisky) {
  DpkgDatabase db = db_of({installed("libbase", "1.0"), installed("esspkg", "1.0", false, true),
                           installed("base", "1.0", false, false, "required")});
  std::vector<SimulatedChange> sim = {{Kind::kRemove, "base", "1.0", ""},
                                      {Kind::kRemove, "libbase", "1.0", ""}};
  // Taken along: every member must allow it.
  std::vector<PackageWork> w = {work("libbase", resources::package_action::kRemove, PackageEnsure::kAbsent),
                                work("other", resources::package_action::kRemove, PackageEnsure::kAbsent, "", true)};
  auto refused = blast_radius(batch_apt_calls(w).remove, w, sim, db);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, package_codes::kRiskyRemoval);
  EXPECT_EQ(refused.error().context, "package[\"libbase\"]");
  w[0].spec.allow_risky = true;
  auto allowed = blast_radius(batch_apt_calls(w).remove, w, sim, db);
  ASSERT_TRUE(allowed.ok());
  EXPECT_FALSE(allowed->removes_essential);  // required, not Essential: apt needs no flag

  // Declared essential package: its own flag decides, and apt needs the flag.
  std::vector<PackageWork> ess = {work("esspkg", resources::package_action::kPurge, PackageEnsure::kPurged, "", true)};
  auto essential =
      blast_radius(batch_apt_calls(ess).purge, ess, {{Kind::kPurge, "esspkg", "1.0", ""}}, db);
  ASSERT_TRUE(essential.ok());
  EXPECT_TRUE(essential->removes_essential);
  EXPECT_TRUE(essential->details.empty());
}

}  // namespace
}  // namespace twin::resources
