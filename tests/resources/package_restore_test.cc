// Going back to a snapshot's package set: what `packages "unlisted"`
// decides from the record (tables), then against the real dpkg, apt-get
// and apt-mark in a sandbox root: the test takes a "snapshot" the way
// `twin snapshot` does (collect_packages() written as live/packages.yaml
// into the twin), changes the machine by hand, then plans and applies the
// twin (`package` declarations and `packages "unlisted"`).
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/core/reconciler.h"
#include "resources/collect_live.h"
#include "resources/collect_packages.h"
#include "resources/package_actions.h"
#include "resources/package_queries.h"
#include "resources/package_restore.h"
#include "resources/register.h"
#include "tests/resources/package_fixture.h"

namespace twin::resources {
namespace {

using testing::DeclBuilder;
using Names = std::vector<std::string>;

CollectedPackage pkg(std::string name, bool manual, std::string version = "1.0",
                     std::string priority = "", bool held = false) {
  return {std::move(name), "all", std::move(version), manual, held, false, std::move(priority)};
}

TEST(DecideUnlisted, WithoutARecordOnlyManualPackagesGo) {
  auto d = decide_unlisted({pkg("app", true), pkg("libfoo1", false), pkg("core", true, "1", "required"),
                            pkg("linux-image-6", true)},
                           nullptr, {"linux-image-*"});
  EXPECT_EQ(d.removals, Names{"app"});
  EXPECT_TRUE(d.restores.empty());
  EXPECT_TRUE(d.new_dependencies.empty());
}

TEST(DecideUnlisted, WithARecord) {
  PackageRecord record = {{"app", {"1.0", false, false}},      // manual: its declaration decides
                          {"libold", {"1.0", true, false}},    // auto, gone since: restored
                          {"libmark", {"1.0", true, false}},   // auto, manual now: marked back
                          {"libver", {"1.0", true, false}},    // auto, upgraded since: restored
                          {"libheld", {"1.0", true, true}},    // auto and held, released since
                          {"libsame", {"1.0", true, false}}};  // unchanged: nothing
  auto d = decide_unlisted({pkg("app", true), pkg("libmark", true), pkg("libver", false, "2.0"),
                            pkg("libheld", false), pkg("libsame", false), pkg("tree", true),
                            pkg("libnew", false), pkg("libreq", false, "1", "required"),
                            pkg("libkept", false)},
                           &record, {"libkept"});
  // app is recorded manual: the generated manifest declares it, and the
  // engine drops the stand-in; undeclared, the user took it out: removed.
  EXPECT_EQ(d.removals, (Names{"app", "tree"}));
  EXPECT_EQ(d.restores, (Names{"libheld", "libmark", "libold", "libver"}));
  EXPECT_EQ(d.new_dependencies, Names{"libnew"});
}


class PackageRestoreTest : public testing::PackageSandboxTest {
 protected:
  void SetUp() override {
    PackageSandboxTest::SetUp();
    register_builtin_providers(registry_);
  }

  /// Records the machine as a snapshot does, in the twin (ctx().twin_dir).
  void snapshot() {
    auto fs = RootedFs::open(root_);
    ASSERT_TRUE(fs.ok());
    auto collected = collect_packages(*host_, *fs);
    ASSERT_TRUE(collected.ok()) << collected.error().text();
    testing::write_file(tmp_.path() / "live/packages.yaml", packages_yaml(*collected));
  }

  void apt_mark(const std::string& how, const std::string& name) {
    auto target = AptTarget::open(*host_);
    ASSERT_TRUE(target.ok());
    auto out = target->run(target->apt_mark(how == "auto", {name}));
    ASSERT_TRUE(out.ok()) << out.error().text();
  }
  void remove(const std::string& name) {
    auto target = AptTarget::open(*host_);
    ASSERT_TRUE(target.ok());
    auto out = target->run(target->execute({"remove", {name}, false, false}));
    ASSERT_TRUE(out.ok()) << out.error().text();
  }
  std::set<std::string, std::less<>> auto_marks() {
    auto target = AptTarget::open(*host_);
    EXPECT_TRUE(target.ok());
    auto marks = observe_auto_marks(*target);
    EXPECT_TRUE(marks.ok());
    return marks.ok() ? *marks : std::set<std::string, std::less<>>{};
  }

  static engine::Resource unlisted() {
    return DeclBuilder("packages", "unlisted").str("ensure", "absent").build();
  }

  /// prepare + compute_plan with every provider: "ACTION address: description"
  /// per change, or the error's code.
  std::vector<std::string> plan_all(std::vector<engine::Resource> declared) {
    declared_ = std::move(declared);
    lang::DiagnosticSink sink;
    prepared_ = engine::prepare(declared_, registry_, ctx(), sink);
    if (!prepared_) return {"invalid: " + sink.all().front().code + " " + sink.all().front().message};
    auto p = engine::compute_plan(*prepared_, registry_, ctx());
    if (!p.ok()) return {"error: " + p.error().code + " " + p.error().message};
    plan_ = std::move(*p);
    std::vector<std::string> lines;
    for (const auto& s : plan_.steps)
      for (const auto& c : s.changes) {
        lines.push_back(std::string(c.action.name) + " " + s.address + ": " + c.description);
        for (const auto& d : c.details) lines.push_back("  " + d);
      }
    return lines;
  }
  void apply_plan() {
    auto result = apply(plan_.steps);
    ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  }

  engine::ProviderRegistry registry_;
  std::vector<engine::Resource> declared_;
  std::optional<engine::PreparedTwin> prepared_;
  engine::Plan plan_;
};

using Lines = std::vector<std::string>;

TEST_F(PackageRestoreTest, ADependencyPulledInSinceGoesWithThePackageInstalledSince) {
  install({"tool"});
  snapshot();
  install({"app=1.0"});  // libfoo1 comes along, marked auto-installed
  EXPECT_EQ(plan_all({package("tool"), unlisted()}),
            (Lines{"REMOVE package[\"app\"]: remove version 1.0 (configuration files are kept)",
                   "REMOVE package[\"libfoo1\"]: remove version 2.0 (configuration files are kept)"}));
  apply_plan();
  EXPECT_EQ(dpkg_rows(), "app 1.0 rc \ntool 1.1 ii \n");  // app's conffile stays
  EXPECT_TRUE(plan_all({package("tool"), unlisted()}).empty());
}

TEST_F(PackageRestoreTest, ADependencyPulledInSinceStaysWhileAKeptPackageNeedsIt) {
  install({"tool"});
  snapshot();
  install({"app"});  // kept below: its dependency libfoo1 stays
  EXPECT_TRUE(plan_all({package("tool"), package("app"), unlisted()}).empty());
}

TEST_F(PackageRestoreTest, AutoInstalledMarksComeBackBothWaysAndUndoPutsThemBack) {
  install({"app"});  // libfoo1 auto
  snapshot();
  apt_mark("manual", "libfoo1");
  apt_mark("auto", "app");
  // libfoo1 is manual now but recorded auto: marked back, not removed.
  EXPECT_EQ(plan_all({package("app"), unlisted()}),
            (Lines{"MARK package[\"app\"]: mark as installed manually (apt-mark manual)",
                   "MARK package[\"libfoo1\"]: mark as installed automatically (apt-mark auto)"}));
  apply_plan();
  EXPECT_EQ(auto_marks(), (std::set<std::string, std::less<>>{"libfoo1"}));
  EXPECT_TRUE(plan_all({package("app"), unlisted()}).empty());
  rollback();
  EXPECT_EQ(auto_marks(), (std::set<std::string, std::less<>>{"app"}));
}

// An upgrade since the snapshot (a security fix, say) is never undone by the
// record: only the marks come back. A package installed again gets the
// recorded version (below).
TEST_F(PackageRestoreTest, UpgradesSinceAreKeptOnlyMarksComeBack) {
  install({"app=1.0", "libfoo1=1.0", "tool=1.0"});
  apt_mark("auto", "libfoo1");
  snapshot();
  install({"app=2.0", "tool=1.1"});  // libfoo1 upgraded along (and still auto)
  apt_mark("manual", "libfoo1");
  EXPECT_EQ(plan_all({package("app"), package("tool"), unlisted()}),
            (Lines{"MARK package[\"libfoo1\"]: mark as installed automatically (apt-mark auto)"}));
  apply_plan();
  EXPECT_EQ(dpkg_rows(), "app 2.0 ii \nlibfoo1 2.0 ii \ntool 1.1 ii \n");
  EXPECT_EQ(auto_marks(), (std::set<std::string, std::less<>>{"libfoo1"}));
  EXPECT_TRUE(plan_all({package("app"), package("tool"), unlisted()}).empty());
}

TEST_F(PackageRestoreTest, PackagesRemovedSinceComeBackAtTheRecordedVersionWithTheirMarks) {
  install({"app=1.0", "libfoo1=1.0"});
  apt_mark("auto", "libfoo1");
  snapshot();
  remove("libfoo1");  // takes app along
  EXPECT_EQ(dpkg_rows().find("app 1.0 ii"), std::string::npos);
  EXPECT_EQ(plan_all({package("app"), unlisted()}),
            (Lines{"INSTALL package[\"app\"]: install version 1.0 (the recorded version)",
                   "INSTALL package[\"libfoo1\"]: install version 1.0 (the recorded version)",
                   "MARK package[\"libfoo1\"]: mark as installed automatically (apt-mark auto)"}));
  apply_plan();
  EXPECT_NE(dpkg_rows().find("app 1.0 ii"), std::string::npos);
  EXPECT_NE(dpkg_rows().find("libfoo1 1.0 ii"), std::string::npos);
  EXPECT_EQ(auto_marks(), (std::set<std::string, std::less<>>{"libfoo1"}));
}

TEST_F(PackageRestoreTest, AVersionNoLongerOfferedIsSaidInThePlanNotAFailure) {
  install({"tool=1.1"});
  snapshot();
  // The record says 0.9, which no source offers.
  std::string yaml = testing::read_file(tmp_.path() / "live/packages.yaml");
  yaml.replace(yaml.find("\"1.1\""), 5, "\"0.9\"");
  testing::write_file(tmp_.path() / "live/packages.yaml", yaml);
  EXPECT_TRUE(plan_all({package("tool"), unlisted()}).empty());
  EXPECT_TRUE(plan_.notes.empty()) << "an installed package keeps its version";
  remove("tool");
  EXPECT_EQ(plan_all({package("tool"), unlisted()}),
            (Lines{"INSTALL package[\"tool\"]: install version 1.1",
                   "  the recorded version 0.9 is no longer offered by any package source; apt's "
                   "candidate is installed"}));
}

TEST_F(PackageRestoreTest, HoldsComeBackBothWays) {
  install({"tool", "app"});
  hold("tool");
  snapshot();
  auto target = AptTarget::open(*host_);
  ASSERT_TRUE(target.ok());
  ASSERT_TRUE(target->run(target->set_selections("tool install\napp hold\n")).ok());
  EXPECT_EQ(plan_all({package("tool"), package("app"), unlisted()}),
            (Lines{"HOLD package[\"tool\"]: hold at the installed version",
                   "UNHOLD package[\"app\"]: release the hold"}));
  apply_plan();
  EXPECT_NE(dpkg_rows().find("tool 1.1 hi"), std::string::npos) << dpkg_rows();
  EXPECT_NE(dpkg_rows().find("app 2.0 ii"), std::string::npos) << dpkg_rows();
}

TEST_F(PackageRestoreTest, ADeclarationSaysOtherwiseAndWins) {
  install({"tool=1.0"});
  snapshot();
  install({"tool=1.1"});
  hold("tool");
  DeclBuilder tool("package", "tool");
  tool.str("ensure", "latest").attr("hold", lang::Value::Data(true));
  EXPECT_TRUE(plan_all({tool.build(), unlisted()}).empty());
}

}  // namespace
}  // namespace twin::resources
