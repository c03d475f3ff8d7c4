// The one way providers reach a machine: a target root (where files live;
// "/" for the real machine, a directory for a sandbox or a mounted image) and
// a command runner that execs argv directly, never through a shell.
#pragma once

#include <chrono>
#include <functional>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

struct Command {
  std::string program;             // absolute path; never looked up in PATH
  std::vector<std::string> args;   // argv[1..]
  std::vector<std::pair<std::string, std::string>> env;  // the whole environment
  std::string input;               // written to stdin; stdin is /dev/null when empty
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  /// Called with each complete line of stdout as it arrives (the output is
  /// still captured whole), so a long run can show its progress. Optional.
  std::function<void(std::string_view line)> on_output_line;
};

struct CommandOutput {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  bool timed_out = false;
  std::string out;
  std::string err;
  bool succeeded() const { return exit_code == 0 && !timed_out; }
};

class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  /// Runs the command to completion. An error means it could not be started
  /// (or waited for); a non-zero exit is a successful run with exit_code set.
  virtual Result<CommandOutput> run(const Command& command) = 0;
  /// Every command started from now on inherits `fd`, an flock()ed lock
  /// descriptor, as its descriptor 3: a tool still running when twin is
  /// killed (apt-get, dpkg) keeps the lock until it ends, so a rollback or
  /// resume waits for it instead of racing it. -1 stops sharing. Runners
  /// that start no process (test doubles) have nobody to share it with.
  virtual void share_lock(int fd) { (void)fd; }
};

class Host {
 public:
  /// `root` must be an absolute path to an existing directory; the runner
  /// must outlive the Host.
  Host(std::filesystem::path root, CommandRunner& runner)
      : root_(std::move(root)), runner_(&runner) {}

  const std::filesystem::path& root() const { return root_; }
  /// True when the target is this machine itself ("/"), so commands such as
  /// systemctl and crontab may act on it directly.
  bool is_system_root() const { return root_ == "/"; }
  CommandRunner& runner() const { return *runner_; }

 private:
  std::filesystem::path root_;
  CommandRunner* runner_;
};

}  // namespace twin::engine
