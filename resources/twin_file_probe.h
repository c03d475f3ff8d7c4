// Whether a path names a regular file of the twin, for the checker's
// `twin_file` attributes (`source`), asked once per declaration; and, for
// the file provider's validation right after, the lstat of each regular file
// it found, so that each `source` is stat'ed once per run instead of twice.
//
// The answer is exactly that of one fstatat(twin, path, AT_SYMLINK_NOFOLLOW)
// relative to the twin directory: intermediate directories are followed as
// the kernel follows them, the final component is not. The cost is not: the
// directory part of each path is opened (O_PATH) once and kept, so thousands
// of sources in a few directories cost one single-component fstatat each
// instead of a walk of the whole path (a tenth of `twin plan` on 5,000
// sources). Only for looking: nothing is ever opened for writing.
#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>

#include "resources/rooted_fs.h"
#include "resources/unique_fd.h"

namespace twin::resources {

class TwinFileProbe {
 public:
  explicit TwinFileProbe(const std::filesystem::path& twin_dir);

  const std::filesystem::path& twin_dir() const { return twin_dir_; }

  /// True when `path` (relative to the twin directory) is a regular file.
  bool is_file(const std::string& path);

  /// What is_file() saw of `path` when it found a regular file; nullptr
  /// when it was never asked or found something else (the caller then
  /// looks for itself, for a precise error). A regular file found beneath
  /// the twin is the same file RootedFs::lstat finds there (both resolve
  /// beneath the twin, links inside it followed, the last one not).
  /// Read-only: safe from several threads once the checker is done.
  const FileMeta* regular_file(const std::string& path) const;

 private:
  // More distinct directories than this are looked up path by path.
  static constexpr std::size_t kMaxKeptDirs = 256;

  // The kept handle of `dir` (relative to the twin), -1 when it cannot be
  // opened as a directory, or nullptr when no more handles are kept.
  const UniqueFd* dir_handle(const std::string& dir);
  bool remember(const std::string& path, const struct stat& st);

  std::filesystem::path twin_dir_;
  UniqueFd twin_;
  std::unordered_map<std::string, UniqueFd> dirs_;
  std::unordered_map<std::string, FileMeta> files_;
};

}  // namespace twin::resources
