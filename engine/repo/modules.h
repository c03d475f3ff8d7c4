// Fleet modules: Git repositories listed under `modules:` in config.yaml,
// checked out as plain files into TWIN/modules/NAME at the commit pinned in
// modules.lock, and imported by manifests as `import "modules/NAME/x.twin"`.
//
// update_modules() fetches (libgit2, into .twin/modules/NAME.git), writes the
// files and the lock; the caller commits (engine/repo/modules_commit.h).
// verify_modules() compares modules/ with the lock without the network.
// Errors are E204x (SPEC.md section 8): E2040 bad name or ref, E2041 no such
// module in config.yaml, E2042 bad modules.lock, E2043 ref not found, E2044
// locked commit gone from the remote, E2045 unsafe tree, E2046 too big,
// E2047 modules/ not a plain directory, E2048 a module file looks like a secret.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/repo/git_remote.h"
#include "engine/repo/module_lock.h"
#include "engine/core/result.h"
#include "engine/repo/twin_config.h"

namespace twin::engine {

struct ModuleUpdateOptions {
  /// Move every module to the newest commit of its ref.
  bool all = false;
  /// Move only these (each must be in config.yaml, else E2041). The others
  /// stay at their locked commit; files that drifted from it are restored.
  std::vector<std::string> names;
  /// fetched_at for what is fetched now (seconds since the epoch); 0: now.
  std::int64_t now = 0;
};

enum class ModuleChange {
  kUnchanged,  // at its locked commit, files as locked
  kAdded,      // new in config.yaml: fetched and locked
  kMoved,      // locked to another commit (moved, or config.yaml's url/ref changed)
  kRestored,   // same commit; modules/NAME was missing or edited and is rewritten
  kRemoved,    // gone from config.yaml: removed from modules/ and the lock
};

struct ModuleUpdate {
  std::string name;
  ModuleChange change = ModuleChange::kUnchanged;
  std::string old_commit;  // empty when added
  std::string new_commit;  // empty when removed
};

/// Brings modules/ and modules.lock in line with config.yaml. A module is
/// moved to the newest commit of its ref when `options` says so, when it is
/// not locked yet, or when config.yaml's url or ref differ from the lock;
/// otherwise its locked commit is honoured (fetched only when modules/NAME
/// does not match the lock and the local store lacks the commit). Every
/// module is fetched and read before anything is written, so a failure
/// leaves modules/ and the lock as they were. Returns one entry per module
/// of the config and of the old lock, in name order.
Result<std::vector<ModuleUpdate>> update_modules(const std::filesystem::path& twin_dir,
                                                 const TwinConfig& config, const GitAuth& auth,
                                                 const ModuleUpdateOptions& options);

/// What `twin modules verify` found about one module (or stray directory).
struct ModuleStatus {
  enum class State {
    kOk,             // modules/NAME holds exactly the locked commit's files
    kNotLocked,      // in config.yaml, not in modules.lock: never updated
    kConfigChanged,  // config.yaml's url or ref differ from the lock
    kMissing,        // locked, but modules/NAME is absent
    kDrifted,        // modules/NAME differs from the locked files
    kNotConfigured,  // locked, or a directory under modules/, not in config.yaml
  };
  std::string name;
  State state = State::kOk;
  std::optional<LockedModule> locked;
  std::vector<std::string> drift;  // kDrifted: "modified PATH" ... when the store can list them
};

/// Checks modules/ against the lock and config.yaml, offline: the files'
/// digest against the lock's files_sha256, and, when the module's store
/// holds the locked commit, file by file against that commit's tree.
/// Sorted by name. Errors: E2042, E2047, E1001.
Result<std::vector<ModuleStatus>> verify_modules(const std::filesystem::path& twin_dir,
                                                 const TwinConfig& config);

/// "ok", "not fetched", "config changed", "missing", "drifted", "not in config.yaml".
std::string state_name(ModuleStatus::State state);

}  // namespace twin::engine
