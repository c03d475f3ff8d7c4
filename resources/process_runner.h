// Runs commands for real: posix_spawn of an absolute program with an exact
// argv and environment, never through a shell. Output is read from both
// pipes with poll() so a child that fills one pipe while we wait on the other
// cannot deadlock us. The child leads its own process group so a timeout can
// kill everything it started.
#pragma once

#include <cstddef>

#include "engine/core/host.h"

namespace twin::resources {

class ProcessRunner : public engine::CommandRunner {
 public:
  /// Bytes kept per stream; anything beyond is read and discarded so the
  /// child never blocks on a full pipe.
  static constexpr std::size_t kMaxCapturedBytes = 64u << 20;

  /// Runs `command` to completion or until its timeout.
  /// Errors: E3001 when the program is not an absolute path, E3004 when an
  /// argument or environment entry holds a NUL byte or a name holds '=',
  /// E3002 when the program cannot be started (missing, not executable),
  /// E3003 when waiting for it fails. A non-zero exit, a signal or a timeout
  /// (the whole process group gets SIGKILL) is a successful run.
  engine::Result<engine::CommandOutput> run(const engine::Command& command) override;
  void share_lock(int fd) override { shared_lock_ = fd; }

 private:
  int shared_lock_ = -1;
};

}  // namespace twin::resources
