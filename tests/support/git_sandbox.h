// Git in a sandbox for tests: a temp HOME, GIT_CONFIG_NOSYSTEM=1, the git
// binary (only to set up and verify; the product uses libgit2), bare repos,
// and a `git daemon` on 127.0.0.1. Header-only, with its own posix_spawn
// runner, so the engine tests need no other layer. libgit2 in this process
// is pointed at the sandbox's empty config directories too.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <git2.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/temp_dir.h"

namespace twin::testing {

struct ProgramRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

/// Runs `argv` (argv[0] an absolute path) in `cwd` with exactly `env`.
inline ProgramRun run_program(const std::vector<std::string>& argv, const std::string& cwd,
                              const std::vector<std::string>& env) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::vector<char*> args, envp;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  ProgramRun run;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) run.output.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  if (rc != 0) return {-1, "spawn failed: " + argv[0]};
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

/// A free TCP port on 127.0.0.1, chosen by the OS (released for the caller).
inline int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

/// True once something accepts connections on 127.0.0.1:`port`.
inline bool wait_for_port(int port, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (up) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

class GitSandbox {
 public:
  GitSandbox() {
    std::filesystem::create_directories(home());
    // libgit2 in this process reads no real config either.
    git_libgit2_init();
    for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG,
                      GIT_CONFIG_LEVEL_PROGRAMDATA})
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, home().c_str());
  }
  ~GitSandbox() { git_libgit2_shutdown(); }

  const TempDir& tmp() const { return tmp_; }
  std::filesystem::path home() const { return tmp_ / "home"; }
  std::filesystem::path operator/(const std::filesystem::path& rel) const { return tmp_ / rel; }

  /// The environment for git (and twin) runs: temp HOME, no system config.
  std::vector<std::string> env(const std::string& author = "Tester") const {
    return {"HOME=" + home().string(), "GIT_CONFIG_NOSYSTEM=1", "PATH=/usr/bin:/bin",
            "LC_ALL=C", "GIT_AUTHOR_NAME=" + author, "GIT_AUTHOR_EMAIL=" + lower(author) + "@example.org",
            "GIT_COMMITTER_NAME=" + author, "GIT_COMMITTER_EMAIL=" + lower(author) + "@example.org"};
  }

  /// Runs git; throws when it fails, so a broken setup never passes quietly.
  std::string git(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                  const std::string& author = "Tester") const {
    std::vector<std::string> argv = {"/usr/bin/git"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto run = run_program(argv, cwd.string(), env(author));
    if (run.exit_code != 0) throw std::runtime_error("git failed: " + run.output);
    return run.output;
  }

  /// A bare repository at `rel` that accepts pushes over every transport.
  std::filesystem::path bare(const std::string& rel) const {
    auto dir = tmp_ / rel;
    std::filesystem::create_directories(dir);
    git({"init", "-q", "--bare", "-b", "main"}, dir);
    git({"config", "http.receivepack", "true"}, dir);
    return dir;
  }

  /// A non-bare repository on branch main with state/ and one commit.
  std::filesystem::path twin(const std::string& rel) const {
    auto dir = tmp_ / rel;
    write_text(dir / "state/site.twin", "# site\n");
    git({"init", "-q", "-b", "main"}, dir);
    commit_all(dir, "first snapshot");
    return dir;
  }

  void commit_all(const std::filesystem::path& dir, const std::string& message,
                  const std::string& author = "Tester") const {
    git({"add", "-A"}, dir);
    git({"commit", "-q", "-m", message}, dir, author);
  }

  std::string rev(const std::filesystem::path& dir, const std::string& name) const {
    std::string out = git({"rev-parse", name}, dir);
    return out.substr(0, out.find('\n'));
  }

 private:
  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  TempDir tmp_;
};

/// `git daemon` serving `base` on 127.0.0.1 (push enabled), stopped by pid.
class GitDaemon {
 public:
  GitDaemon(const GitSandbox& sandbox, const std::filesystem::path& base)
      : port_(free_loopback_port()), pid_file_(sandbox / "git-daemon.pid") {
    auto run = run_program({"/usr/bin/git", "daemon", "--listen=127.0.0.1",
                            "--port=" + std::to_string(port_), "--base-path=" + base.string(),
                            "--export-all", "--enable=receive-pack", "--reuseaddr", "--detach",
                            "--pid-file=" + pid_file_.string(), base.string()},
                           base.string(), sandbox.env());
    if (run.exit_code != 0 || !wait_for_port(port_))
      throw std::runtime_error("git daemon did not start: " + run.output);
  }
  ~GitDaemon() {
    pid_t pid = static_cast<pid_t>(std::stol("0" + read_text(pid_file_)));
    if (pid > 0) ::kill(pid, SIGTERM);
  }
  GitDaemon(const GitDaemon&) = delete;
  GitDaemon& operator=(const GitDaemon&) = delete;

  std::string url(const std::string& repo) const {
    return "git://127.0.0.1:" + std::to_string(port_) + "/" + repo;
  }

 private:
  int port_;
  std::filesystem::path pid_file_;
};

}  // namespace twin::testing
