// Deciding for the file provider: observe what stands at a path (and its
// parent directories) under the target root and list the typed changes that
// would make it match a FileSpec. Never mutates anything; plan() shows the
// result and apply() recomputes it right before acting, so the two cannot
// disagree about what a change means.
#pragma once

#include <optional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/core/plan.h"
#include "engine/core/result.h"
#include "resources/account_db.h"
#include "resources/desired_content.h"
#include "resources/file_spec.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

/// One change and the path it acts on (the resource's own path, or a missing
/// parent directory for kMkdir).
struct FileChange {
  engine::Change change;
  std::string path;
};

/// New files and directories get these unless the manifest says otherwise.
inline constexpr mode_t kDefaultFileMode = 0644;
inline constexpr mode_t kDefaultDirMode = 0755;

/// Lists, in the order they must be made: kMkdir for each missing parent
/// (outermost first), then kCreate / kReplace / kDelete, then kChown, then
/// kChmod (chown clears set-user-ID bits, so mode goes last). Empty when the
/// path is in sync. `content` gives the desired bytes (from `content` or
/// `source`; unmanaged when the manifest has neither), read only when needed:
/// a regular file that `content.known_in()` vouches for is not read at all,
/// and one found equal by reading is reported with `content.found_in()`.
/// Errors from reading `content` (E3207) are returned as they are.
/// Errors (nothing is changed; the plan fails loudly):
///   E3102  a parent or the path leaves the root through a symlink or '..'
///   E3202  a parent exists but is not a directory (or is a dangling symlink)
///   E3203  a non-empty directory would have to be deleted or replaced
///   E3204  a FIFO, socket or device stands at the path
/// Directories already seen to exist during one plan, shared by the threads
/// that observe files, so each parent is looked at once, not once per file.
class KnownDirs {
 public:
  bool contains(const std::string& path) const {
    std::lock_guard lock(mutex_);
    return dirs_.count(path) > 0;
  }
  void add(const std::string& path) {
    std::lock_guard lock(mutex_);
    dirs_.insert(path);
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> dirs_;
};

/// `provided_dirs` are directories that earlier steps of the same plan will
/// create (declared directories, parents already planned): a missing parent
/// among them gets no MKDIR of its own. `removed` are the paths the same
/// plan removes: a directory to remove whose every entry is among them is
/// empty by the time its step runs (removals of what is inside come first).
engine::Result<std::vector<FileChange>> diff_file(const FileSpec& spec, DesiredContent& content,
                                                  const RootedFs& fs, const AccountDb& accounts,
                                                  const std::set<std::string>& provided_dirs = {},
                                                  KnownDirs* known_dirs = nullptr,
                                                  const std::set<std::string>& removed = {});

/// "0644": four octal digits, as manifests write modes.
std::string mode_text(mode_t mode);

}  // namespace twin::resources
