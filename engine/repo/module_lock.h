// modules.lock at the top of a twin: the exact commit each fleet module is
// pinned to, so every device that pulls the twin imports the same files.
// Written by `twin modules update` (atomically), committed with the twin,
// read by every later update and by `twin modules verify`. JSON:
//
//   {"version": 1, "modules": [
//     {"name": "web", "url": "https://git.example.org/web.git", "ref": "main",
//      "commit": "<40 hex>", "tree": "<40 hex>", "files_sha256": "<64 hex>",
//      "fetched_at": "2026-11-25T08:12:00Z"}]}
//
// Entries are sorted by name. `files_sha256` is module_files_digest() of the
// files checked out into modules/NAME, so a device can verify them without
// the module's Git objects.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/twin_layout.h"
#include "engine/core/result.h"

namespace twin::engine {

inline constexpr const char* kModuleLockFile = layout::kModulesLock;

struct LockedModule {
  std::string name;
  std::string url;
  std::string ref;           // as config.yaml had it when locked ("" = default branch)
  std::string commit;        // full id the ref resolved to
  std::string tree;          // that commit's tree id
  std::string files_sha256;  // module_files_digest() of the checked-out files
  std::string fetched_at;    // UTC, "2026-11-25T08:12:00Z": when `commit` was resolved

  bool operator==(const LockedModule&) const = default;
};

struct ModuleLock {
  std::vector<LockedModule> modules;  // sorted by name, names unique

  /// The entry named `name`, or null.
  const LockedModule* find(std::string_view name) const;
};

/// Parses the lock's text; `file_name` is used in messages. Every field is
/// checked (names as check_module_name, URLs as check_module_url, ids as hex
/// of the right length), since a hand-edited lock names directories.
/// Errors: E2042 "FILE: what is wrong".
Result<ModuleLock> parse_module_lock(std::string_view text, const std::string& file_name);

/// Reads TWIN/modules.lock; a twin without one has an empty lock.
/// Errors: E1001 unreadable, E2042 as parse_module_lock.
Result<ModuleLock> load_module_lock(const std::filesystem::path& twin_dir);

/// The lock's JSON text (entries sorted by name), ending in a newline.
std::string render_module_lock(const ModuleLock& lock);

/// Writes TWIN/modules.lock atomically (mode 0644), or removes it when the
/// lock is empty. Errors: E1001.
Status save_module_lock(const std::filesystem::path& twin_dir, const ModuleLock& lock);

}  // namespace twin::engine
