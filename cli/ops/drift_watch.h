// What `twin status --watch` waits on between two plans: inotify watches on
// the twin's directories (manifests, sources, config; not .git or .twin,
// which the plan itself writes) and on the target directories the providers
// name for their resources (engine::Provider::watched_dirs). An event means
// "plan again"; the plan, not the event, says what drifted, so a watch that
// resolves through a link, or an event for an undeclared file, costs one
// plan and nothing else.
//
// Events can be lost (a full queue, a directory made after the watch was
// set, a resource type that names no directory, the limit on watches): the
// caller plans again on a timer as well, so a lost event delays a drift by
// at most that interval and never hides it.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli/ops/workspace.h"
#include "resources/unique_fd.h"

namespace twin::ops {

/// The twin's own directories: its top and those below it (at most
/// `max_dirs`, links not followed), without .git/ and .twin/.
std::vector<std::filesystem::path> twin_watch_dirs(const std::filesystem::path& twin,
                                                   std::size_t max_dirs = 4096);

/// The directories to watch for `workspace`: twin_watch_dirs() and each
/// resource's watched_dirs() under the root, without duplicates, in a
/// stable order.
std::vector<std::filesystem::path> drift_watch_dirs(const Workspace& workspace);

class DirectoryWatch {
 public:
  enum class Wake { kChanged, kTimeout, kOverflow, kStopped };

  /// An inotify instance; valid() is false when the kernel refuses one.
  DirectoryWatch();
  bool valid() const { return inotify_.valid(); }

  /// Watches exactly `dirs` from now on (a missing one through its nearest
  /// existing parent), keeping the watches it already has on them.
  struct Watched {
    std::size_t added = 0;   // directories not watched before: a change there
                             // before now was not seen
    std::size_t missed = 0;  // could not be watched (the limit on watches)
  };
  Watched watch(const std::vector<std::filesystem::path>& dirs);

  /// Waits until something changes in a watched directory and then stays
  /// quiet for `settle` (an editor's save, a `git pull` are many events),
  /// until `timeout` passes, or until `stop_fd` (a signalfd, -1 for none)
  /// becomes readable.
  Wake wait(std::chrono::milliseconds timeout, std::chrono::milliseconds settle, int stop_fd);

 private:
  // Reads what is queued; true when the kernel dropped events.
  bool drain();

  resources::UniqueFd inotify_;
  std::map<std::filesystem::path, int> watched_;  // directory -> watch descriptor
};

}  // namespace twin::ops
