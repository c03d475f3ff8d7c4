// The is-enabled cache against the real systemctl --root on a sandbox: an
// unchanged unit tree is answered from the cache, and every kind of change
// systemctl's answer depends on (a new enablement link, an edited unit
// file, an edited file a link leads to, a drop-in) sends us back to it.
#include "resources/unit_state_cache.h"

#include <gtest/gtest.h>

#include "tests/resources/deb_repo.h"
#include "tests/resources/recording_runner.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::CountingRunner;
using testing::write_file;

constexpr char kInstall[] =
    "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n";

// Observations start "later" than every file the test made, as they would
// on a machine whose unit files were not written within the last second.
std::int64_t later() { return engine::ObservationCache::now_ns() + 5'000'000'000; }

class UnitStateCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(root() / "lib/systemd/system/a.service", kInstall);
    write_file(root() / "lib/systemd/system/b.service", kInstall);
    write_file(root() / "lib/systemd/system/multi-user.target", "[Unit]\nDescription=m\n");
    systemctl({"enable", "a.service"});
  }
  fs::path root() const { return tmp_.path() / "root"; }
  void systemctl(std::vector<std::string> args) {
    args.insert(args.begin(), "--root=" + root().string());
    testing::run_tool("/bin/systemctl", args);
  }
  std::string fingerprint() {
    auto fp = fingerprint_unit_dirs(host_);
    EXPECT_TRUE(fp);
    return fp ? fp->digest : "";
  }
  UnitFileStates observe(const std::vector<std::string>& units) {
    auto states = observe_unit_file_states(host_, units, &cache_);
    EXPECT_TRUE(states.ok()) << states.error().text();
    return states.ok() ? *states : UnitFileStates{};
  }

  TempDir tmp_;
  CountingRunner runner_;
  engine::Host host_{root(), runner_};
  engine::ObservationCache cache_{root().string(), later()};
};

TEST_F(UnitStateCacheTest, AnUnchangedTreeIsAnsweredWithoutSystemctl) {
  UnitFileStates first = observe({"a.service", "b.service"});
  EXPECT_EQ(first, (UnitFileStates{{"a.service", "enabled"}, {"b.service", "disabled"}}));
  EXPECT_EQ(runner_.runs, 1);
  EXPECT_EQ(observe({"a.service", "b.service"}), first);
  EXPECT_EQ(observe({"b.service"}), (UnitFileStates{{"b.service", "disabled"}}));
  EXPECT_EQ(runner_.runs, 1);
}

TEST_F(UnitStateCacheTest, OnlyUnitsNotRememberedAreAskedFor) {
  write_file(root() / "lib/systemd/system/c.service", "[Service]\nExecStart=/bin/true\n");
  observe({"a.service"});
  UnitFileStates both = observe({"a.service", "c.service"});
  EXPECT_EQ(both, (UnitFileStates{{"a.service", "enabled"}, {"c.service", "static"}}));
  EXPECT_EQ(runner_.runs, 2);
  observe({"c.service", "a.service"});
  EXPECT_EQ(runner_.runs, 2);
}

TEST_F(UnitStateCacheTest, EnablingAUnitChangesTheAnswer) {
  observe({"a.service", "b.service"});
  systemctl({"enable", "b.service"});
  EXPECT_EQ(observe({"b.service"}), (UnitFileStates{{"b.service", "enabled"}}));
  systemctl({"disable", "a.service"});
  EXPECT_EQ(observe({"a.service"}), (UnitFileStates{{"a.service", "disabled"}}));
  systemctl({"mask", "b.service"});
  EXPECT_EQ(observe({"b.service"}), (UnitFileStates{{"b.service", "masked"}}));
  EXPECT_EQ(runner_.runs, 4);
}

TEST_F(UnitStateCacheTest, EditingAUnitFileChangesTheAnswer) {
  observe({"b.service"});
  write_file(root() / "lib/systemd/system/b.service", "[Service]\nExecStart=/bin/true\n");
  EXPECT_EQ(observe({"b.service"}), (UnitFileStates{{"b.service", "static"}}));
  EXPECT_EQ(runner_.runs, 2);
}

TEST_F(UnitStateCacheTest, TheFingerprintFollowsLinksAndDropIns) {
  // A unit linked in from outside the search path: its [Install] section
  // lives in a file no unit directory holds.
  write_file(root() / "opt/app/app.service", kInstall);
  fs::create_symlink("/opt/app/app.service", root() / "etc/systemd/system/app.service");
  std::string before = fingerprint();
  EXPECT_EQ(fingerprint(), before);
  write_file(root() / "opt/app/app.service", "[Service]\nExecStart=/bin/false\n");
  std::string edited_target = fingerprint();
  EXPECT_NE(edited_target, before);
  write_file(root() / "etc/systemd/system/b.service.d/x.conf", "[Install]\nAlias=bb.service\n");
  EXPECT_NE(fingerprint(), edited_target);
}

TEST_F(UnitStateCacheTest, WithoutACacheSystemctlAnswersEveryTime) {
  ASSERT_TRUE(observe_unit_file_states(host_, {"a.service"}, nullptr).ok());
  ASSERT_TRUE(observe_unit_file_states(host_, {"a.service"}, nullptr).ok());
  EXPECT_EQ(runner_.runs, 2);
}

TEST_F(UnitStateCacheTest, AUnitDirectoryLeavingTheRootIsNotVouchedFor) {
  fs::create_directories(root() / "run/systemd");
  fs::create_symlink("/", root() / "run/systemd/system");
  EXPECT_FALSE(fingerprint_unit_dirs(host_));
  EXPECT_EQ(observe({"a.service"}), (UnitFileStates{{"a.service", "enabled"}}));
  EXPECT_EQ(observe({"a.service"}), (UnitFileStates{{"a.service", "enabled"}}));
  EXPECT_EQ(runner_.runs, 2);
}

}  // namespace
}  // namespace twin::resources
