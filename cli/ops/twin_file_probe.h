// Whether a path names a regular file of the twin, for the checker's
// `twin_file` attributes (`source`), asked once per declaration.
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

#include "resources/unique_fd.h"

namespace twin::ops {

class TwinFileProbe {
 public:
  explicit TwinFileProbe(const std::filesystem::path& twin_dir);

  /// True when `path` (relative to the twin directory) is a regular file.
  bool is_file(const std::string& path);

 private:
  // More distinct directories than this are looked up path by path.
  static constexpr std::size_t kMaxKeptDirs = 256;

  // The kept handle of `dir` (relative to the twin), -1 when it cannot be
  // opened as a directory, or nullptr when no more handles are kept.
  const resources::UniqueFd* dir_handle(const std::string& dir);

  resources::UniqueFd twin_;
  std::unordered_map<std::string, resources::UniqueFd> dirs_;
};

}  // namespace twin::ops
