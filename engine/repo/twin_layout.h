// The twin's layout, named once. Every path of a twin directory that the
// code reaches is built here, so a reader finds the whole format in one
// place (SPEC.md §2 describes it) and no file spells "state/" by hand.
//
//   config.yaml       settings (engine/repo/twin_config.h)
//   state/*.twin      the desired state: manifests
//   filesystem/       mirrored files, by absolute path (filesystem/etc/motd)
//   live/             observed facts (packages, services, ...), for reading
//   logs/STAMP/       captured logs of each snapshot
//   plan/             plans people save (`twin plan --out plan/x.json`)
//   modules/NAME/     fleet modules pinned in modules.lock
//   .twin/            this machine's state, never committed: lock,
//                     checkpoints/, caches, agent/ runs, the recorded root
#pragma once

#include <filesystem>
#include <string_view>

namespace twin::engine {

/// Names of the twin's top-level entries (relative to the twin directory).
namespace layout {
inline constexpr std::string_view kConfig = "config.yaml";
inline constexpr std::string_view kState = "state";
inline constexpr std::string_view kFilesystem = "filesystem";
inline constexpr std::string_view kLive = "live";
inline constexpr std::string_view kLogs = "logs";
inline constexpr std::string_view kPlans = "plan";
inline constexpr std::string_view kModules = "modules";
inline constexpr std::string_view kModulesLock = "modules.lock";
inline constexpr std::string_view kLocal = ".twin";
inline constexpr std::string_view kManifestExtension = ".twin";

/// Inside .twin/.
inline constexpr std::string_view kLock = "lock";
inline constexpr std::string_view kCheckpoints = "checkpoints";
inline constexpr std::string_view kAgent = "agent";
inline constexpr std::string_view kStatCache = "stat-cache";
inline constexpr std::string_view kSnapshotCache = "snapshot-cache";
inline constexpr std::string_view kRecordedRoot = "root";
}  // namespace layout

/// The paths of one twin directory.
class TwinLayout {
 public:
  explicit TwinLayout(std::filesystem::path dir) : dir_(std::move(dir)) {}

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path config() const { return dir_ / layout::kConfig; }
  std::filesystem::path state() const { return dir_ / layout::kState; }
  std::filesystem::path filesystem() const { return dir_ / layout::kFilesystem; }
  std::filesystem::path live() const { return dir_ / layout::kLive; }
  std::filesystem::path logs() const { return dir_ / layout::kLogs; }
  std::filesystem::path plans() const { return dir_ / layout::kPlans; }
  std::filesystem::path modules() const { return dir_ / layout::kModules; }
  std::filesystem::path modules_lock() const { return dir_ / layout::kModulesLock; }

  /// .twin/: local state of this machine, ignored by Git.
  std::filesystem::path local() const { return dir_ / layout::kLocal; }
  std::filesystem::path lock() const { return local() / layout::kLock; }
  std::filesystem::path checkpoints() const { return local() / layout::kCheckpoints; }
  std::filesystem::path agent() const { return local() / layout::kAgent; }
  std::filesystem::path stat_cache() const { return local() / layout::kStatCache; }
  std::filesystem::path snapshot_cache() const { return local() / layout::kSnapshotCache; }
  /// The target root given at `twin init`, one line.
  std::filesystem::path recorded_root() const { return local() / layout::kRecordedRoot; }

  /// True when the directory has state/: what makes a directory a twin.
  bool is_twin() const;

 private:
  std::filesystem::path dir_;
};

}  // namespace twin::engine
