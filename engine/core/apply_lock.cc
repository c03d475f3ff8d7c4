#include "engine/core/apply_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"

namespace twin::engine {

Result<ApplyLock> ApplyLock::acquire(const std::filesystem::path& twin_dir) {
  auto dir = TwinLayout(twin_dir).local();
  if (auto made = make_dirs(dir, 0700); !made) return made.error();
  auto path = dir / layout::kLock;
  // O_CLOEXEC: commands the apply runs (apt-get, systemctl) must not inherit
  // the lock and keep holding it after twin itself is gone.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return make_error("E1001", std::string("cannot open the lock file: ") + std::strerror(errno),
                      path.string());
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int why = errno;
    char buf[32] = {};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    if (why != EWOULDBLOCK)
      return make_error("E1001", std::string("cannot lock: ") + std::strerror(why), path.string());
    std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    return make_error("E1604",
                      "another twin apply, rollback or prune is running on this twin" +
                          (holder.empty() ? std::string() : " (pid " + holder + ")") +
                          "; wait for it to finish",
                      path.string());
  }
  // The pid is only for the message above; the flock is what excludes.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  return ApplyLock(fd);
}

Result<ApplyLock> ApplyLock::acquire_root(const std::filesystem::path& root,
                                          std::chrono::seconds wait,
                                          const std::function<void(const std::string&)>& waiting) {
  // The lock is taken on the root directory itself: no file is made in a
  // root whose bytes rollback must restore exactly, and every twin naming
  // the same directory (by any path) meets the same inode.
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return make_error("E1001", std::string("cannot open the root to lock it: ") +
                                   std::strerror(errno),
                      root.string());
  auto deadline = std::chrono::steady_clock::now() + wait;
  bool said = false;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int why = errno;
    if (why != EWOULDBLOCK) {
      ::close(fd);
      return make_error("E1001", std::string("cannot lock: ") + std::strerror(why), root.string());
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return make_error("E1609",
                        "another apply or rollback is changing " + root.string() +
                            ", from this twin or another; wait for it, or pass --timeout "
                            "SECONDS to wait",
                        root.string());
    }
    if (!said && waiting) waiting("waiting for the apply changing " + root.string());
    said = true;
    ::usleep(100 * 1000);
  }
  return ApplyLock(fd);
}

ApplyLock::ApplyLock(ApplyLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

ApplyLock& ApplyLock::operator=(ApplyLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

ApplyLock::~ApplyLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace twin::engine
