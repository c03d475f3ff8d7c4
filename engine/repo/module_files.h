// The files of one fleet module as plain data: checked for safety (every
// path stays inside the module, no Git metadata, symlinks only to places
// inside it, a size limit), fingerprinted for modules.lock, read from and
// written to TWIN/modules/NAME. The twin commits these files like any other,
// so a reviewer sees exactly what a device imports; the module's Git objects
// stay in .twin/ (engine/repo/module_store.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

struct ModuleFile {
  enum class Kind { kRegular, kExecutable, kSymlink };
  Kind kind = Kind::kRegular;
  std::string bytes;  // the content, or a symlink's target

  bool operator==(const ModuleFile&) const = default;
};

/// Paths relative to the module's directory ("web.twin", "files/nginx.conf").
using ModuleFiles = std::map<std::string, ModuleFile>;

/// Refused beyond these (E2046): a module is configuration, not a payload.
inline constexpr std::uint64_t kMaxModuleBytes = 50u << 20;
inline constexpr std::size_t kMaxModuleFiles = 10000;

/// Checks every entry: each path is relative, '/'-separated, with no empty,
/// ".", ".." or ".git" segment (E2045); each symlink's target is relative
/// and, resolved from the link's directory as the kernel would (following
/// the module's other symlinks), stays inside the module (E2045); and the
/// totals stay under the limits (E2046 naming the size or count).
Status check_module_files(const ModuleFiles& files);

/// sha256 (hex) over one line "KIND SHA256-OF-BYTES PATH\n" per file in path
/// order, KIND being 100644, 100755 or 120000 as in Git trees. The same
/// files always give the same digest, wherever they came from.
std::string module_files_digest(const ModuleFiles& files);

/// Reads a module's directory from disk without following symlinks. Empty
/// directories are ignored (Git cannot hold them); anything that is not a
/// regular file, symlink or directory is E2045. Errors: E1001.
Result<ModuleFiles> read_module_dir(const std::filesystem::path& dir);

/// How the files on disk differ from the expected ones: "modified PATH",
/// "added PATH" (not in `expected`), "deleted PATH", in path order.
std::vector<std::string> module_files_drift(const ModuleFiles& expected, const ModuleFiles& actual);

/// TWIN/modules, refusing (E2047) one that is a symlink or not a directory.
/// Creates it when missing and `create` is set.
Result<std::filesystem::path> modules_root(const std::filesystem::path& twin_dir, bool create);

/// TWIN/.twin/modules, created (0700) when missing, holding a .gitignore of
/// "*": the modules' stores and staging copies are never committed, even in
/// a twin whose own .gitignore lacks /.twin/. Errors: E1001.
Result<std::filesystem::path> module_scratch_dir(const std::filesystem::path& twin_dir);

/// Replaces TWIN/modules/NAME with exactly `files` (checked first): writes
/// them into a staging directory under .twin/modules/ and swaps it in with
/// renames, so an interrupted write never leaves a half-written module.
/// Errors: E2045/E2046 from the checks, E2047, E1001.
Status write_module_dir(const std::filesystem::path& twin_dir, const std::string& name,
                        const ModuleFiles& files);

/// Removes TWIN/modules/NAME (and TWIN/modules when that leaves it empty).
Status remove_module_dir(const std::filesystem::path& twin_dir, const std::string& name);

}  // namespace twin::engine
