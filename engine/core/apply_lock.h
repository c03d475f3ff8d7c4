// One apply (or rollback, or prune) at a time per twin: an exclusive flock
// on TWIN/.twin/lock, held for the whole command. The kernel drops it when
// the process dies, however it dies, so a killed apply never leaves a stale
// lock behind; the interrupted apply is found by its checkpoint instead.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "engine/core/result.h"

namespace twin::engine {

class ApplyLock {
 public:
  /// Takes the lock without waiting. Creates TWIN/.twin (mode 0700) when
  /// missing. E1604 when another process holds it (the message names its
  /// pid when known); E1001 when the lock file cannot be opened.
  static Result<ApplyLock> acquire(const std::filesystem::path& twin_dir);

  /// One apply at a time per target root, whatever twin it comes from: an
  /// exclusive flock on the root directory itself (its device and inode,
  /// by whatever path it is named; nothing is written into the root), so
  /// two twins (or two copies of one) cannot change one machine at once.
  /// Waits up to `wait` for a holder to finish, calling `waiting` once with
  /// what it waits for; then E1609. E1001 when the root cannot be opened.
  static Result<ApplyLock> acquire_root(const std::filesystem::path& root,
                                        std::chrono::seconds wait,
                                        const std::function<void(const std::string&)>& waiting);

  ApplyLock(ApplyLock&& other) noexcept;
  ApplyLock& operator=(ApplyLock&& other) noexcept;
  ApplyLock(const ApplyLock&) = delete;
  ApplyLock& operator=(const ApplyLock&) = delete;
  /// Releases the lock.
  ~ApplyLock();

  /// The locked descriptor, for CommandRunner::share_lock: the root's lock
  /// is handed to the tools an apply or rollback runs, so that one still
  /// running after twin was killed keeps the root locked until it ends.
  int descriptor() const { return fd_; }

 private:
  explicit ApplyLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace twin::engine
