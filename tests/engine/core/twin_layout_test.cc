// The twin's layout, named once (engine/core/twin_layout.h).
#include "engine/core/twin_layout.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

TEST(TwinLayout, NamesEveryPathOfATwin) {
  TwinLayout twin("/srv/twin");
  EXPECT_EQ(twin.config(), "/srv/twin/config.yaml");
  EXPECT_EQ(twin.state(), "/srv/twin/state");
  EXPECT_EQ(twin.filesystem(), "/srv/twin/filesystem");
  EXPECT_EQ(twin.live(), "/srv/twin/live");
  EXPECT_EQ(twin.current_logs(), "/srv/twin/logs/current");
  EXPECT_EQ(twin.plans(), "/srv/twin/plan");
  EXPECT_EQ(twin.modules_lock(), "/srv/twin/modules.lock");
  EXPECT_EQ(twin.lock(), "/srv/twin/.twin/lock");
  EXPECT_EQ(twin.checkpoints(), "/srv/twin/.twin/checkpoints");
  EXPECT_EQ(twin.agent(), "/srv/twin/.twin/agent");
  EXPECT_EQ(twin.stat_cache(), "/srv/twin/.twin/stat-cache");
  EXPECT_EQ(twin.snapshot_cache(), "/srv/twin/.twin/snapshot-cache");
  EXPECT_EQ(twin.module_store(), "/srv/twin/.twin/modules");
  EXPECT_EQ(twin.recorded_root(), "/srv/twin/.twin/root");
}

TEST(TwinLayout, TwinRelativePaths) {
  EXPECT_EQ(layout::in_state("files.twin"), "state/files.twin");
  EXPECT_EQ(layout::in_live("system.yaml"), "live/system.yaml");
  EXPECT_EQ(layout::in_current_logs("index.yaml"), "logs/current/index.yaml");
  EXPECT_EQ(layout::in_filesystem("/etc/motd"), "filesystem/etc/motd");
  EXPECT_TRUE(layout::is_in(layout::kState, "state"));
  EXPECT_TRUE(layout::is_in(layout::kState, "state/a.twin"));
  EXPECT_FALSE(layout::is_in(layout::kState, "states/a.twin"));
  EXPECT_FALSE(layout::is_in(layout::kState, "filesystem/state"));
}

TEST(TwinLayout, ADirectoryIsATwinWhenItHasState) {
  testing::TempDir dir;
  EXPECT_FALSE(TwinLayout(dir.path()).is_twin());
  std::filesystem::create_directory(dir / "state");
  EXPECT_TRUE(TwinLayout(dir.path()).is_twin());
}

}  // namespace
}  // namespace twin::engine
