// Read-only access the snapshot collectors need beyond RootedFs: listing a
// directory tree and reading the end of a (possibly huge) log file, both
// resolved by the kernel under the target root (openat2 with
// RESOLVE_IN_ROOT for "/", RESOLVE_BENEATH otherwise; no magic links), and
// never following a symlink below the starting directory.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

/// One entry under a listed directory.
struct TreeEntry {
  std::string path;         // absolute inside the root, e.g. "/etc/motd"
  FileMeta meta;            // of the entry itself (lstat)
  std::string link_target;  // for a symlink, as stored
};

/// A directory that could not be read, and why (strerror text).
struct TreeProblem {
  std::string path;
  std::string reason;
};

struct TreeListing {
  std::vector<TreeEntry> entries;  // depth first, names sorted bytewise; directories too
  std::vector<TreeProblem> problems;
};

/// Everything under `dir` (absolute inside `root`), or only its direct
/// entries when `recursive` is false. nullopt when `dir` does not exist or
/// is not a directory. Subdirectories that cannot be opened are listed as
/// problems and skipped. Errors: E3102 when `dir` leaves the root, E3104.
engine::Result<std::optional<TreeListing>> list_tree(const std::filesystem::path& root,
                                                     std::string_view dir, bool recursive = true);

/// The last `max_lines` lines of the regular file `path` inside `root`,
/// reading at most its last `max_bytes` (a partial first line is dropped).
/// nullopt when it does not exist. Errors: E3106 when it is not a regular
/// file, E3102, E3104.
engine::Result<std::optional<std::string>> read_tail(const std::filesystem::path& root,
                                                     std::string_view path, std::size_t max_lines,
                                                     std::size_t max_bytes = 4u << 20);

/// The last `max_lines` lines of `text` (pure; a final newline is kept).
std::string last_lines(std::string_view text, std::size_t max_lines);

}  // namespace twin::resources
