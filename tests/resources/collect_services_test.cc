// The services collector against the real systemctl --root on a sandbox
// (no manager runs here, so active states are not collected).
#include "resources/collect_services.h"

#include <gtest/gtest.h>

#include "resources/collect_manifests.h"
#include "resources/process_runner.h"
#include "tests/resources/deb_repo.h"
#include "tests/resources/recording_runner.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

TEST(CollectUnitNames, KeepsManagedTypesAndDropsTemplates) {
  EXPECT_EQ(managed_unit_names({"b.service", "getty@.service", "a.timer", "x.mount", "a.timer",
                                "multi-user.target", "README", "getty@tty1.service"}),
            (std::vector<std::string>{"a.timer", "b.service", "getty@tty1.service",
                                      "multi-user.target"}));
  EXPECT_EQ(service_title("cron.service"), "cron");
  EXPECT_EQ(service_title("apt-daily.timer"), "apt-daily.timer");
}

TEST(CollectServices, EnablementFromTheRealSystemctl) {
  TempDir tmp;
  fs::path root = tmp.path();
  std::string install = "[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\n"
                        "[Install]\nWantedBy=multi-user.target\n";
  write_file(root / "lib/systemd/system/on.service", install);
  write_file(root / "lib/systemd/system/off.service", install);
  write_file(root / "lib/systemd/system/fixed.service", "[Service]\nExecStart=/bin/true\n");
  write_file(root / "lib/systemd/system/multi-user.target", "[Unit]\nDescription=m\n");
  testing::run_tool("/bin/systemctl", {"--root=" + root.string(), "enable", "on.service"});
  ProcessRunner runner;
  engine::Host host(root, runner);
  auto collected = collect_services(host);
  ASSERT_TRUE(collected.ok()) << collected.error().text();
  EXPECT_FALSE(collected->manager_runs);
  std::map<std::string, std::string> states;
  for (const auto& s : collected->services) {
    states[s.unit] = s.unit_file_state;
    EXPECT_FALSE(s.active_state);
  }
  EXPECT_EQ(states["on.service"], "enabled");
  EXPECT_EQ(states["off.service"], "disabled");
  EXPECT_EQ(states["fixed.service"], "static");
}

// Masks and static units as the real systemctl reports them, and the
// declarations the snapshot makes of them: a mask made by hand in /etc for
// a unit with no file of its own is collected too (the link is a unit file
// to systemd), so applying brings it back.
TEST(CollectServices, MaskedAndStaticUnitsAreRecordedToBeRestored) {
  TempDir tmp;
  fs::path root = tmp.path();
  std::string install = "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n";
  write_file(root / "lib/systemd/system/hidden.service", install);
  write_file(root / "lib/systemd/system/fixed.service", "[Service]\nExecStart=/bin/true\n");
  write_file(root / "lib/systemd/system/multi-user.target", "[Unit]\nDescription=m\n");
  testing::run_tool("/bin/systemctl", {"--root=" + root.string(), "mask", "hidden.service"});
  fs::create_symlink("/dev/null", root / "etc/systemd/system/ghost.service");
  ProcessRunner runner;
  engine::Host host(root, runner);
  auto collected = collect_services(host);
  ASSERT_TRUE(collected.ok()) << collected.error().text();
  std::map<std::string, std::string> states;
  for (const auto& s : collected->services) states[s.unit] = s.unit_file_state;
  EXPECT_EQ(states, (std::map<std::string, std::string>{{"fixed.service", "static"},
                                                        {"ghost.service", "masked"},
                                                        {"hidden.service", "masked"},
                                                        {"multi-user.target", "static"}}));
  std::string manifest = services_manifest(collected->services, {});
  auto body = manifest.substr(manifest.find("\n\n") + 2);
  EXPECT_EQ(body,
            "service \"fixed\" { masked = false }\n"
            "service \"ghost\" { masked = true }\n"
            "service \"hidden\" { masked = true }\n"
            "service \"multi-user.target\" { masked = false }\n");
}

TEST(CollectServices, ACacheSparesSystemctlWhenNothingChanged) {
  TempDir tmp;
  fs::path root = tmp.path();
  write_file(root / "lib/systemd/system/a.service",
             "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n");
  testing::CountingRunner runner;
  engine::Host host(root, runner);
  // Observing "later" than the files were made, so they are not racy.
  engine::ObservationCache cache(root.string(), engine::ObservationCache::now_ns() + 5'000'000'000);
  auto first = collect_services(host, &cache);
  ASSERT_TRUE(first.ok()) << first.error().text();
  EXPECT_EQ(runner.runs, 1);  // is-enabled (no manager runs here: no `show`)
  auto second = collect_services(host, &cache);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(runner.runs, 1);
  ASSERT_EQ(second->services.size(), 1u);
  EXPECT_EQ(second->services[0].unit_file_state, "disabled");
}

TEST(CollectServices, NoUnitFilesGiveANote) {
  TempDir tmp;
  ProcessRunner runner;
  engine::Host host(tmp.path(), runner);
  auto collected = collect_services(host);
  ASSERT_TRUE(collected.ok());
  EXPECT_TRUE(collected->services.empty());
  EXPECT_TRUE(collected->note);
}

}  // namespace
}  // namespace twin::resources
