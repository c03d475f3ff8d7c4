// A real Debian 12 root for integration tests: built once per build tree
// with mmdebstrap (minbase + systemd, cron, nano, less; Debian's mirror
// only) into BUILD/real-root/root, then copied (`cp -a`) for each test.
// Synthetic sandboxes miss what real roots have: alternatives, conffiles,
// system accounts, a crontab spool, ~120 packages.
#pragma once

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "resources/process_runner.h"

namespace twin::testing {

/// BUILD/real-root (TWIN_BINARY is BUILD/cli/twin).
inline std::filesystem::path real_root_cache_dir() {
  return std::filesystem::path(TWIN_BINARY).parent_path().parent_path() / "real-root";
}

/// Detaches every mount at or under `dir`, deepest first. mmdebstrap (mode
/// "root") mounts proc and sys in the root it builds and can fail to
/// unmount them ("target is busy"); a copy of the root would then copy the
/// host's /proc and fill the disk.
inline void detach_mounts_under(const std::filesystem::path& dir) {
  std::ifstream mountinfo("/proc/self/mountinfo");
  std::string line, prefix = dir.string();
  std::vector<std::string> points;
  while (std::getline(mountinfo, line)) {
    std::istringstream fields(line);
    std::string id, parent, devno, root, point;
    fields >> id >> parent >> devno >> root >> point;
    if (point == prefix || point.rfind(prefix + "/", 0) == 0) points.push_back(point);
  }
  std::sort(points.begin(), points.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& point : points) ::umount2(point.c_str(), MNT_DETACH);
}

/// The cached root, built on first use (concurrent tests wait on a lock);
/// or why it cannot be had (no mmdebstrap, the mirror out of reach), for
/// GTEST_SKIP.
inline std::variant<std::filesystem::path, std::string> cached_real_root() {
  namespace fs = std::filesystem;
  fs::path dir = real_root_cache_dir();
  fs::path root = dir / "root";
  std::error_code ec;
  fs::create_directories(dir, ec);
  int lock = ::open((dir / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock < 0) return std::string("cannot open ") + (dir / "lock").string();
  ::flock(lock, LOCK_EX);
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{lock};
  if (fs::is_directory(root / "etc", ec)) {
    detach_mounts_under(root);
    return root;
  }
  if (!fs::exists("/usr/bin/mmdebstrap"))
    return std::string("mmdebstrap is not installed (apt-get install mmdebstrap)");
  fs::path building = dir / "building";
  fs::remove_all(building, ec);
  engine::Command build{"/usr/bin/mmdebstrap",
                        {"--variant=minbase", "--include=systemd,cron,nano,less", "bookworm",
                         building.string()},
                        {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}},
                        "",
                        std::chrono::minutes(20)};
  resources::ProcessRunner runner;
  auto ran = runner.run(build);
  if (!ran || !ran->succeeded()) {
    std::string why = ran ? ran->err : ran.error().text();
    if (why.size() > 600) why = "..." + why.substr(why.size() - 600);
    fs::remove_all(building, ec);
    return "mmdebstrap could not build a bookworm root (is Debian's mirror reachable?): " + why;
  }
  detach_mounts_under(building);
  fs::rename(building, root, ec);
  if (ec) return "cannot keep the built root: " + ec.message();
  return root;
}

/// A private copy of the cached root at `dest` (cp -a: owners, modes, links).
inline bool copy_real_root(const std::filesystem::path& cached, const std::filesystem::path& dest) {
  // --one-file-system: never into a mount left under the cached root.
  engine::Command copy{"/bin/cp", {"-a", "--one-file-system", cached.string(), dest.string()},
                       {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}}, "", std::chrono::minutes(5)};
  resources::ProcessRunner runner;
  auto ran = runner.run(copy);
  return ran && ran->succeeded();
}

}  // namespace twin::testing
