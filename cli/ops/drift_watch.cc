#include "cli/ops/drift_watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <set>


namespace twin::ops {
namespace fs = std::filesystem;

std::vector<fs::path> twin_watch_dirs(const fs::path& twin, std::size_t max_dirs) {
  std::vector<fs::path> dirs{twin};
  std::error_code ec;
  for (fs::recursive_directory_iterator it(twin, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end && dirs.size() < max_dirs; it.increment(ec)) {
    if (it->is_symlink(ec) || !it->is_directory(ec)) continue;
    const std::string name = it->path().filename().string();
    if (it.depth() == 0 && (name == ".git" || name == ".twin")) {
      it.disable_recursion_pending();
      continue;
    }
    dirs.push_back(it->path());
  }
  return dirs;
}

std::vector<fs::path> drift_watch_dirs(const Workspace& workspace) {
  std::vector<fs::path> twin_dirs = twin_watch_dirs(workspace.target().twin.dir);
  std::set<fs::path> dirs(twin_dirs.begin(), twin_dirs.end());
  const fs::path& root = workspace.target().root;
  for (const engine::Resource& resource : *workspace.prepared().resources) {
    const engine::Provider* provider = workspace.registry().find(resource.type);
    if (provider == nullptr) continue;
    for (const std::string& dir : provider->watched_dirs(resource))
      dirs.insert((root / fs::path(dir).relative_path()).lexically_normal());
  }
  return {dirs.begin(), dirs.end()};
}

DirectoryWatch::DirectoryWatch() : inotify_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

DirectoryWatch::Watched DirectoryWatch::watch(const std::vector<fs::path>& dirs) {
  Watched result;
  if (!valid()) {
    result.missed = dirs.size();
    return result;
  }
  constexpr std::uint32_t kMask = IN_ATTRIB | IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE |
                                  IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF |
                                  IN_ONLYDIR | IN_DONT_FOLLOW;
  std::map<fs::path, int> kept;
  for (fs::path dir : dirs) {
    // A directory that does not exist yet is seen appearing in its parent.
    for (;;) {
      if (kept.count(dir)) break;
      if (auto it = watched_.find(dir); it != watched_.end()) {
        kept.insert(watched_.extract(it));
        break;
      }
      int wd = ::inotify_add_watch(inotify_.get(), dir.c_str(), kMask);
      if (wd >= 0) {
        kept.emplace(dir, wd);
        ++result.added;
        break;
      }
      if ((errno != ENOENT && errno != ENOTDIR) || dir == dir.root_path() ||
          !dir.has_parent_path()) {
        ++result.missed;
        break;
      }
      dir = dir.parent_path();
    }
  }
  // One directory reached by two paths has one watch: it goes only when no
  // path kept needs it.
  std::set<int> kept_wds;
  for (const auto& [dir, wd] : kept) kept_wds.insert(wd);
  for (const auto& [dir, wd] : watched_)
    if (!kept_wds.count(wd)) ::inotify_rm_watch(inotify_.get(), wd);
  watched_ = std::move(kept);
  return result;
}

bool DirectoryWatch::drain() {
  alignas(inotify_event) char buffer[16 * 1024];
  bool overflow = false;
  for (;;) {
    ssize_t n = ::read(inotify_.get(), buffer, sizeof buffer);
    if (n <= 0) return overflow;  // EAGAIN: nothing more queued
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      if (event->mask & IN_Q_OVERFLOW) overflow = true;
      // A watched directory deleted or moved away: its watch now sees
      // nothing (or another place), so it is forgotten and the next watch()
      // sets it again on whatever stands at the path then.
      if (event->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
        if (!(event->mask & IN_IGNORED)) ::inotify_rm_watch(inotify_.get(), event->wd);
        std::erase_if(watched_, [&](const auto& entry) { return entry.second == event->wd; });
      }
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
}

DirectoryWatch::Wake DirectoryWatch::wait(std::chrono::milliseconds timeout,
                                          std::chrono::milliseconds settle, int stop_fd) {
  using Clock = std::chrono::steady_clock;
  // A directory that never goes quiet (a busy log) still gets a plan.
  constexpr std::chrono::seconds kMostSettling(2);
  const auto deadline = Clock::now() + timeout;
  std::optional<Clock::time_point> first_change;
  bool overflow = false;
  for (;;) {
    const auto now = Clock::now();
    if (first_change && now - *first_change >= kMostSettling)
      return overflow ? Wake::kOverflow : Wake::kChanged;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    // After a change, wait only for the quiet that ends it.
    if (first_change) left = settle;
    if (left.count() < 0) left = std::chrono::milliseconds(0);
    pollfd fds[2] = {{inotify_.get(), POLLIN, 0}, {stop_fd, POLLIN, 0}};
    int ready = ::poll(fds, stop_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      // Cannot wait (out of memory): pause, then let the caller plan.
      ::poll(nullptr, 0, 1000);
      return Wake::kTimeout;
    }
    if (stop_fd >= 0 && (fds[1].revents & POLLIN)) return Wake::kStopped;
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      overflow |= drain();
      if (!first_change) first_change = Clock::now();
      continue;
    }
    // Quiet for `settle` after a change, or the timeout passed.
    if (first_change) return overflow ? Wake::kOverflow : Wake::kChanged;
    if (Clock::now() >= deadline) return Wake::kTimeout;
  }
}

}  // namespace twin::ops
