// The pure decision of what one package declaration needs, table-driven:
// desired state x installed state x what apt offers -> changes or error.
#include "resources/package_diff.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

using engine::Action;

PackageSpec spec(PackageEnsure ensure, std::string version = "", std::optional<bool> hold = {},
                 bool allow_risky = false) {
  PackageSpec s;
  s.name = "app";
  s.ensure = ensure;
  s.version = std::move(version);
  s.hold = hold;
  s.allow_risky = allow_risky;
  return s;
}

std::optional<InstalledPackage> pkg(InstallState state, std::string version = "1.0",
                                    bool held = false, bool essential = false,
                                    std::string priority = "optional") {
  InstalledPackage p;
  p.name = "app";
  p.version = std::move(version);
  p.state = state;
  p.status_letter = state == InstallState::kBroken ? 'F' : 'i';
  p.held = held;
  p.essential = essential;
  p.priority = std::move(priority);
  return p;
}

PackagePolicy offers(std::string candidate, std::vector<std::string> versions) {
  PackagePolicy p;
  p.name = "app";
  p.candidate = std::move(candidate);
  for (std::string& v : versions) p.versions.push_back({std::move(v), true});
  return p;
}

struct Case {
  const char* what;
  PackageSpec spec;
  std::optional<InstalledPackage> installed;
  std::optional<PackagePolicy> policy;
  std::string expected;  // "ACTION: description | ..." or "error CODE"
};

std::string render(const engine::Result<std::vector<engine::Change>>& result) {
  if (!result) return "error " + result.error().code;
  std::string text;
  for (const engine::Change& c : *result) {
    if (!text.empty()) text += " | ";
    text += std::string(engine::action_name(c.action)) + ": " + c.description;
  }
  return text;
}

TEST(PackageDiff, Table) {
  const auto kI = InstallState::kInstalled;
  const auto kC = InstallState::kConfigFiles;
  const auto two = offers("2.0", {"2.0", "1.0"});
  const Case kCases[] = {
      {"present, absent", spec(PackageEnsure::kPresent), {}, two, "INSTALL: install version 2.0"},
      {"present, rc", spec(PackageEnsure::kPresent), pkg(kC), two, "INSTALL: install version 2.0"},
      {"present, installed old", spec(PackageEnsure::kPresent), pkg(kI), two, ""},
      {"present, no candidate", spec(PackageEnsure::kPresent), {}, offers("", {}), "error E3303"},
      {"present, unknown to apt", spec(PackageEnsure::kPresent), {}, {}, "error E3303"},
      {"latest, old", spec(PackageEnsure::kLatest), pkg(kI), two, "UPGRADE: 1.0 → 2.0"},
      {"latest, newest", spec(PackageEnsure::kLatest), pkg(kI, "2.0"), two, ""},
      {"latest, newer than any source", spec(PackageEnsure::kLatest), pkg(kI, "3.0"),
       offers("3.0", {"2.0"}), ""},
      {"version, absent",
       spec(PackageEnsure::kVersion, "1.0"),
       {},
       two,
       "INSTALL: install version 1.0"},
      {"version, same", spec(PackageEnsure::kVersion, "1.0"), pkg(kI, "1.0-0"), {}, ""},
      {"version, up", spec(PackageEnsure::kVersion, "2.0"), pkg(kI), two, "UPGRADE: 1.0 → 2.0"},
      {"version, down", spec(PackageEnsure::kVersion, "1.0"), pkg(kI, "2.0"), two,
       "UPGRADE: 2.0 → 1.0 (downgrade)"},
      {"version, unavailable", spec(PackageEnsure::kVersion, "9.0"), pkg(kI), two, "error E3304"},
      {"absent, installed",
       spec(PackageEnsure::kAbsent),
       pkg(kI),
       {},
       "REMOVE: remove version 1.0 (configuration files are kept)"},
      {"absent, rc", spec(PackageEnsure::kAbsent), pkg(kC), {}, ""},
      {"absent, unknown", spec(PackageEnsure::kAbsent), {}, {}, ""},
      {"purged, installed",
       spec(PackageEnsure::kPurged),
       pkg(kI),
       {},
       "PURGE: purge version 1.0 and its configuration files"},
      {"purged, rc",
       spec(PackageEnsure::kPurged),
       pkg(kC),
       {},
       "PURGE: purge the configuration files left by a removal"},
      {"absent, essential",
       spec(PackageEnsure::kAbsent),
       pkg(kI, "1.0", false, true),
       {},
       "error E3305"},
      {"purged, required",
       spec(PackageEnsure::kPurged),
       pkg(kI, "1.0", false, false, "required"),
       {},
       "error E3305"},
      {"absent, essential, allowed",
       spec(PackageEnsure::kAbsent, "", {}, true),
       pkg(kI, "1.0", false, true),
       {},
       "REMOVE: remove version 1.0 (configuration files are kept)"},
      {"absent, essential, rc", spec(PackageEnsure::kAbsent), pkg(kC, "1.0", false, true), {}, ""},
      {"hold, installed",
       spec(PackageEnsure::kPresent, "", true),
       pkg(kI),
       {},
       "HOLD: hold at the installed version"},
      {"hold, held", spec(PackageEnsure::kPresent, "", true), pkg(kI, "1.0", true), {}, ""},
      {"unhold, held",
       spec(PackageEnsure::kPresent, "", false),
       pkg(kI, "1.0", true),
       {},
       "UNHOLD: release the hold"},
      {"unset hold keeps it", spec(PackageEnsure::kPresent), pkg(kI, "1.0", true), {}, ""},
      {"install and hold",
       spec(PackageEnsure::kPresent, "", true),
       {},
       two,
       "INSTALL: install version 2.0 | HOLD: hold at the installed version"},
      {"unhold and upgrade", spec(PackageEnsure::kLatest, "", false), pkg(kI, "1.0", true), two,
       "UNHOLD: release the hold | UPGRADE: 1.0 → 2.0"},
      {"broken", spec(PackageEnsure::kPresent), pkg(InstallState::kBroken), two, "error E3306"},
  };
  for (const Case& c : kCases) {
    auto changes = diff_package(c.spec, c.installed ? &*c.installed : nullptr,
                                c.policy ? &*c.policy : nullptr, "package[\"app\"]");
    EXPECT_EQ(render(changes), c.expected) << c.what;
  }
}

TEST(PackageDiff, RemovingAnEssentialPackageStaysARiskyChangeOfThePlan) {
  auto essential = pkg(InstallState::kInstalled, "1.0", false, true);
  auto allowed = diff_package(spec(PackageEnsure::kAbsent, "", {}, true), &*essential, nullptr,
                              "package[\"app\"]");
  ASSERT_TRUE(allowed.ok()) << allowed.error().text();
  ASSERT_EQ(allowed->size(), 1u);
  const engine::Change& removal = allowed->front();
  EXPECT_EQ(removal.removes, (std::vector<std::string>{"app"}));
  ASSERT_EQ(removal.risks.size(), 1u);
  EXPECT_EQ(removal.risks[0].code, "W0300");  // requested, still to be approved on the machine
  EXPECT_EQ(removal.risks[0].message,
            "risky change: package[\"app\"] removes an Essential package [W0301, requested with "
            "allow_risky]");
  // An ordinary package: removed, but nothing risky about it.
  auto installed = pkg(InstallState::kInstalled);
  auto plain = diff_package(spec(PackageEnsure::kAbsent), &*installed, nullptr,
                            "package[\"app\"]");
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->front().risks.empty());
  EXPECT_EQ(plain->front().removes, (std::vector<std::string>{"app"}));
}

// A downgrade or a hold of the base system keeps security fixes out:
// W0312 on the plan; an ordinary package's hold or downgrade is not risky.
TEST(PackageDiff, HoldingOrDowngradingTheBaseSystemIsRisky) {
  auto libc = pkg(InstallState::kInstalled, "2.36-9", false, false, "required");
  PackagePolicy old = offers("2.36-9", {"2.36-9", "2.36-8"});
  auto down = diff_package(spec(PackageEnsure::kVersion, "2.36-8"), &*libc, &old,
                           "package[\"app\"]");
  ASSERT_TRUE(down.ok()) << down.error().text();
  ASSERT_EQ(down->size(), 1u);
  ASSERT_EQ(down->front().risks.size(), 1u);
  EXPECT_EQ(down->front().risks[0].code, "W0312");
  EXPECT_EQ(down->front().risks[0].message,
            "risky change: package[\"app\"] downgrades a Priority: required package");

  auto held = diff_package(spec(PackageEnsure::kPresent, "", true), &*libc, nullptr,
                           "package[\"app\"]");
  ASSERT_TRUE(held.ok()) << held.error().text();
  ASSERT_FALSE(held->empty());
  ASSERT_EQ(held->back().risks.size(), 1u);
  EXPECT_EQ(held->back().risks[0].message,
            "risky change: package[\"app\"] holds a Priority: required package");

  auto ordinary = pkg(InstallState::kInstalled, "2.36-9");
  auto plain = diff_package(spec(PackageEnsure::kVersion, "2.36-8"), &*ordinary, &old,
                            "package[\"app\"]");
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->front().risks.empty());
}

TEST(PackageDiff, NeedsPolicyOnlyWhenAVersionMayBeInstalled) {
  auto installed = pkg(InstallState::kInstalled);
  EXPECT_TRUE(needs_policy(spec(PackageEnsure::kPresent), nullptr));
  EXPECT_FALSE(needs_policy(spec(PackageEnsure::kPresent), &*installed));
  EXPECT_TRUE(needs_policy(spec(PackageEnsure::kLatest), &*installed));
  EXPECT_FALSE(needs_policy(spec(PackageEnsure::kVersion, "1.0"), &*installed));
  EXPECT_TRUE(needs_policy(spec(PackageEnsure::kVersion, "1.1"), &*installed));
  EXPECT_FALSE(needs_policy(spec(PackageEnsure::kAbsent), nullptr));
}

TEST(PackageDiff, HeldPackageChangingVersionSaysTheHoldIsKept) {
  auto held = pkg(InstallState::kInstalled, "1.0", true);
  auto policy = offers("2.0", {"2.0", "1.0"});
  auto changes = diff_package(spec(PackageEnsure::kLatest), &*held, &policy, "package[\"app\"]");
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ(
      (*changes)[0].details,
      (std::vector<std::string>{"the hold is released for the change and set again after it"}));
}

}  // namespace
}  // namespace twin::resources
