// One apply (or rollback, or prune) at a time per twin: an exclusive flock
// on TWIN/.twin/lock, held for the whole command. The kernel drops it when
// the process dies, however it dies, so a killed apply never leaves a stale
// lock behind; the interrupted apply is found by its checkpoint instead.
#pragma once

#include <filesystem>

#include "engine/core/result.h"

namespace twin::engine {

class ApplyLock {
 public:
  /// Takes the lock without waiting. Creates TWIN/.twin (mode 0700) when
  /// missing. E1604 when another process holds it (the message names its
  /// pid when known); E1001 when the lock file cannot be opened.
  static Result<ApplyLock> acquire(const std::filesystem::path& twin_dir);

  ApplyLock(ApplyLock&& other) noexcept;
  ApplyLock& operator=(ApplyLock&& other) noexcept;
  ApplyLock(const ApplyLock&) = delete;
  ApplyLock& operator=(const ApplyLock&) = delete;
  /// Releases the lock.
  ~ApplyLock();

 private:
  explicit ApplyLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace twin::engine
