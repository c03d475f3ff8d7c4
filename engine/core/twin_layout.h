// The twin's layout, named once. Every path of a twin directory that the
// code reaches is built here, so a reader finds the whole format in one
// place (SPEC.md §1 describes it) and no file spells "state/" by hand.
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
#include <string>
#include <string_view>

namespace twin::engine {

/// Names of the twin's top-level entries (relative to the twin directory).
namespace layout {
inline constexpr char kConfig[] = "config.yaml";
inline constexpr char kState[] = "state";
inline constexpr char kFilesystem[] = "filesystem";
inline constexpr char kLive[] = "live";
inline constexpr char kLogs[] = "logs";
inline constexpr char kPlans[] = "plan";
inline constexpr char kModules[] = "modules";
inline constexpr char kModulesLock[] = "modules.lock";
inline constexpr char kLocal[] = ".twin";
inline constexpr char kManifestExtension[] = ".twin";

/// Inside .twin/.
inline constexpr char kLock[] = "lock";
inline constexpr char kCheckpoints[] = "checkpoints";
inline constexpr char kAgent[] = "agent";
inline constexpr char kStatCache[] = "stat-cache";
inline constexpr char kSnapshotCache[] = "snapshot-cache";
/// What a snapshot in progress replaced or removed in the working tree,
/// kept until its commit succeeds (engine/repo/worktree_undo.h).
inline constexpr char kSnapshotUndo[] = "snapshot-undo";
/// The password hashes this machine's accounts had at snapshots (mode
/// 0600, never committed): what lets going forward make a removed
/// account's password usable again (resources/password_store.h).
inline constexpr char kPasswordHashes[] = "password-hashes";
/// The bytes of the machine's secret files at the last snapshot (mode 0600,
/// never committed): what `machine_secret = "ID"` puts back
/// (resources/secret_file_store.h).
inline constexpr char kSecretFiles[] = "secret-files";
/// The key sensitive content is digested with in plans (mode 0600, never
/// committed; resources/digest_key.h).
inline constexpr char kDigestKey[] = "digest-key";
inline constexpr char kRecordedRoot[] = "root";
inline constexpr char kCurrentLogs[] = "current";  // logs/current/
inline constexpr char kCurrentLogsPath[] = "logs/current";  // twin-relative

/// Twin-relative paths, as Git and a snapshot's content name them:
/// in_state("files.twin") is "state/files.twin".
std::string in_state(std::string_view name);
std::string in_live(std::string_view name);
std::string in_current_logs(std::string_view name);
/// Where an absolute machine path is mirrored: "/etc/motd" -> "filesystem/etc/motd".
std::string in_filesystem(std::string_view absolute_path);
/// True for "state/..." paths (and "state" itself); likewise for the others.
bool is_in(std::string_view top, std::string_view relative_path);
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
  std::filesystem::path current_logs() const { return logs() / layout::kCurrentLogs; }

  /// .twin/: local state of this machine, ignored by Git.
  std::filesystem::path local() const { return dir_ / layout::kLocal; }
  std::filesystem::path lock() const { return local() / layout::kLock; }
  std::filesystem::path checkpoints() const { return local() / layout::kCheckpoints; }
  std::filesystem::path agent() const { return local() / layout::kAgent; }
  std::filesystem::path stat_cache() const { return local() / layout::kStatCache; }
  std::filesystem::path snapshot_cache() const { return local() / layout::kSnapshotCache; }
  std::filesystem::path snapshot_undo() const { return local() / layout::kSnapshotUndo; }
  std::filesystem::path password_hashes() const { return local() / layout::kPasswordHashes; }
  /// .twin/modules/: each module's Git objects and staging copies.
  std::filesystem::path module_store() const { return local() / layout::kModules; }
  /// The target root given at `twin init`, one line.
  std::filesystem::path recorded_root() const { return local() / layout::kRecordedRoot; }

  /// True when the directory has state/: what makes a directory a twin.
  bool is_twin() const;

 private:
  std::filesystem::path dir_;
};

}  // namespace twin::engine
