// Test support: running `twin` on a real pseudo-terminal, for what it
// shows only there (status lines rewritten in place).
#pragma once

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace twin::testing {

// Runs `twin ARGS` on a fresh pseudo-terminal (argv only, no shell) and
// returns everything it wrote there. HOME is `home` (a test's temp dir when
// the command remembers a twin; /nonexistent, which twin never makes,
// otherwise).
inline std::string run_on_a_terminal(const std::vector<std::string>& args, const std::string& cwd,
                                     const std::string& home = "/nonexistent") {
  const std::string home_entry = "HOME=" + home;
  int master = -1;
  winsize size{24, 100, 0, 0};
  pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) return "forkpty failed";
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    std::vector<char*> argv{const_cast<char*>(TWIN_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const char* env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "NO_COLOR=1",
                         "LC_ALL=C", home_entry.c_str(), nullptr};
    ::execve(TWIN_BINARY, argv.data(), const_cast<char* const*>(env));
    ::_exit(127);
  }
  std::string out;
  char buffer[4096];
  for (;;) {
    pollfd fd{master, POLLIN, 0};
    if (::poll(&fd, 1, 60000) <= 0) break;
    ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n <= 0) break;  // EIO once the child closed the terminal
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

}  // namespace twin::testing
