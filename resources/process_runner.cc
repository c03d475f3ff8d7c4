#include "resources/process_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "resources/error_codes.h"
#include "resources/unique_fd.h"

namespace twin::resources {
namespace {

// The descriptor number a shared lock gets in the child (share_lock).
constexpr int kSharedLockFd = 3;

using engine::Command;
using engine::CommandOutput;
using engine::make_error;
using Clock = std::chrono::steady_clock;

// After the child exits, a grandchild may still hold the pipes open; we read
// what it writes for this long and then stop waiting for EOF.
constexpr auto kDrainAfterExit = std::chrono::seconds(2);
// Without a pidfd we cannot sleep until the child exits, so poll() wakes up
// this often to check with waitpid(WNOHANG).
constexpr int kFallbackTickMs = 20;
constexpr std::size_t kReadChunk = 64 * 1024;

std::string errno_text(int err) { return std::strerror(err); }

bool has_nul(const std::string& s) { return s.find('\0') != std::string::npos; }

engine::Status check_command(const Command& command) {
  if (command.program.empty() || command.program.front() != '/')
    return make_error(codes::kProgramNotAbsolute,
                      "program must be an absolute path; it is never looked up in PATH",
                      command.program);
  if (has_nul(command.program))
    return make_error(codes::kBadCommand, "program path contains a NUL byte", command.program);
  for (const auto& arg : command.args)
    if (has_nul(arg))
      return make_error(codes::kBadCommand, "argument contains a NUL byte", command.program);
  for (const auto& [name, value] : command.env)
    if (name.empty() || name.find('=') != std::string::npos || has_nul(name) || has_nul(value))
      return make_error(codes::kBadCommand, "environment name must be non-empty without '=' or NUL",
                        name);
  return {};
}

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

engine::Result<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return make_error(codes::kSpawnFailed, "cannot create a pipe: " + errno_text(errno));
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// RAII for the posix_spawn attribute objects.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

// Blocks SIGPIPE in this thread while we feed stdin, so a child that closes
// its stdin early turns our write into EPIPE instead of killing us; a SIGPIPE
// raised meanwhile is consumed before the old mask comes back.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigset_t pipe_set;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_);
  }
  ~SigpipeBlock() {
    sigset_t pending;
    sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      sigset_t pipe_set;
      sigemptyset(&pipe_set);
      sigaddset(&pipe_set, SIGPIPE);
      timespec zero{};
      while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t old_;
  bool was_pending_ = false;
};

// Reads what one poll() said is ready; closes the fd at EOF or on error.
void read_ready(UniqueFd& fd, std::string& sink) {
  char buffer[kReadChunk];
  ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
  if (n > 0) {
    std::size_t room =
        ProcessRunner::kMaxCapturedBytes - std::min(sink.size(), ProcessRunner::kMaxCapturedBytes);
    sink.append(buffer, std::min(static_cast<std::size_t>(n), room));
  } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
    fd.reset();
  }
}

// Writes the next chunk of stdin; closes the fd when all is written or the
// child stopped reading.
void write_ready(UniqueFd& fd, const std::string& input, std::size_t& written) {
  ssize_t n = ::write(fd.get(), input.data() + written, input.size() - written);
  if (n > 0)
    written += static_cast<std::size_t>(n);
  else if (n < 0 && errno != EINTR && errno != EAGAIN)
    fd.reset();
  if (written == input.size()) fd.reset();
}

int waitpid_retrying(pid_t pid, int* status, int flags) {
  for (;;) {
    pid_t r = ::waitpid(pid, status, flags);
    if (r >= 0 || errno != EINTR) return static_cast<int>(r);
  }
}

int ms_until(Clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
  if (ms <= 0) return 0;
  return ms > 60'000 ? 60'000 : static_cast<int>(ms);
}

}  // namespace

engine::Result<CommandOutput> ProcessRunner::run(const Command& command) {
  if (auto ok = check_command(command); !ok) return ok.error();

  std::vector<std::string> env_strings;
  env_strings.reserve(command.env.size());
  for (const auto& [name, value] : command.env) env_strings.push_back(name + "=" + value);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(command.program.c_str()));
  for (const auto& arg : command.args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  auto out_pipe = make_pipe();
  if (!out_pipe) return out_pipe.error();
  auto err_pipe = make_pipe();
  if (!err_pipe) return err_pipe.error();
  Pipe in_pipe;
  const bool feed_stdin = !command.input.empty();
  if (feed_stdin) {
    auto made = make_pipe();
    if (!made) return made.error();
    in_pipe = std::move(*made);
  }

  SpawnSetup setup;
  // The pipes are O_CLOEXEC; dup2 onto 0/1/2 clears that flag on the copies
  // only, so the child keeps exactly stdin, stdout and stderr.
  if (feed_stdin)
    posix_spawn_file_actions_adddup2(&setup.actions, in_pipe.read.get(), STDIN_FILENO);
  else
    posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&setup.actions, out_pipe->write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, err_pipe->write.get(), STDERR_FILENO);
  // The shared lock (share_lock) becomes descriptor 3; dup2 clears its
  // O_CLOEXEC on the copy. Descriptors that someone else (a library, our own
  // parent) left without O_CLOEXEC must not reach the child either.
  int first_closed = STDERR_FILENO + 1;
  if (shared_lock_ >= 0) {
    int from = shared_lock_;
    if (from == kSharedLockFd) {
      // dup2 onto itself would keep O_CLOEXEC; go through a spare number.
      posix_spawn_file_actions_adddup2(&setup.actions, from, kSharedLockFd + 1);
      from = kSharedLockFd + 1;
    }
    posix_spawn_file_actions_adddup2(&setup.actions, from, kSharedLockFd);
    first_closed = kSharedLockFd + 1;
  }
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, first_closed);

  // Own process group (a timeout kills all of it), no inherited signal mask
  // (we block SIGPIPE ourselves) and default handlers for every signal.
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  sigset_t all_signals;
  sigfillset(&all_signals);
  posix_spawnattr_setflags(&setup.attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&setup.attr, 0);
  posix_spawnattr_setsigmask(&setup.attr, &empty_mask);
  posix_spawnattr_setsigdefault(&setup.attr, &all_signals);

  SigpipeBlock sigpipe_block;
  pid_t pid = -1;
  int spawn_error = ::posix_spawn(&pid, command.program.c_str(), &setup.actions, &setup.attr,
                                  argv.data(), envp.data());
  if (spawn_error != 0)
    return make_error(codes::kSpawnFailed, "cannot start program: " + errno_text(spawn_error),
                      command.program);

  out_pipe->write.reset();
  err_pipe->write.reset();
  in_pipe.read.reset();
  if (feed_stdin) ::fcntl(in_pipe.write.get(), F_SETFL, O_NONBLOCK);

  // A pidfd wakes poll() the moment the child exits; without one (old
  // kernels) we fall back to ticking.
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));

  CommandOutput output;
  std::size_t written = 0;
  std::size_t lines_seen = 0;  // stdout bytes already given to on_output_line
  bool exited = false;
  int status = 0;
  const auto deadline = Clock::now() + command.timeout;
  auto read_deadline = deadline;

  for (;;) {
    if (!exited) {
      int r = waitpid_retrying(pid, &status, WNOHANG);
      if (r == pid) {
        exited = true;
        read_deadline = std::min(deadline, Clock::now() + kDrainAfterExit);
        in_pipe.write.reset();
      } else if (r < 0) {
        ::kill(-pid, SIGKILL);
        return make_error(codes::kWaitFailed, "cannot wait for program: " + errno_text(errno),
                          command.program);
      }
    }
    const bool reading = out_pipe->read.valid() || err_pipe->read.valid();
    if (exited && !reading) break;
    if (Clock::now() >= (exited ? read_deadline : deadline)) {
      if (!exited) {
        ::kill(-pid, SIGKILL);
        output.timed_out = true;
      }
      break;
    }

    pollfd fds[4];
    nfds_t count = 0;
    auto add = [&](const UniqueFd& fd, short events) {
      if (fd.valid()) fds[count++] = pollfd{fd.get(), events, 0};
    };
    add(out_pipe->read, POLLIN);
    add(err_pipe->read, POLLIN);
    add(in_pipe.write, POLLOUT);
    if (!exited) add(pidfd, POLLIN);
    int wait_ms = ms_until(exited ? read_deadline : deadline);
    if (!exited && !pidfd.valid()) wait_ms = std::min(wait_ms, kFallbackTickMs);

    int ready = ::poll(fds, count, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      ::kill(-pid, SIGKILL);
      waitpid_retrying(pid, &status, 0);
      return make_error(codes::kWaitFailed, "poll failed: " + errno_text(errno), command.program);
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == out_pipe->read.get()) {
        read_ready(out_pipe->read, output.out);
        // Each line that is now complete, once.
        while (command.on_output_line) {
          std::size_t newline = output.out.find('\n', lines_seen);
          if (newline == std::string::npos) break;
          command.on_output_line(
              std::string_view(output.out).substr(lines_seen, newline - lines_seen));
          lines_seen = newline + 1;
        }
      }
      else if (fds[i].fd == err_pipe->read.get())
        read_ready(err_pipe->read, output.err);
      else if (fds[i].fd == in_pipe.write.get()) {
        if (fds[i].revents & (POLLERR | POLLHUP))
          in_pipe.write.reset();
        else
          write_ready(in_pipe.write, command.input, written);
      }
    }
  }

  if (!exited && waitpid_retrying(pid, &status, 0) != pid)
    return make_error(codes::kWaitFailed, "cannot wait for program: " + errno_text(errno),
                      command.program);
  if (WIFEXITED(status)) {
    output.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    output.exit_code = -1;
    output.signal = WTERMSIG(status);
  }
  return output;
}

}  // namespace twin::resources
