// What a long apply shows as it goes (SPEC.md §5): in a pipe one flushed
// line per step and no terminal codes; on a terminal (a real pty) the
// running step on one rewritten line; with --quiet only the outcome.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/cli/example_twin.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ApplyProgress, APipeGetsOneLinePerStepAndNoTerminalCodes) {
  WebhostTwin ex;
  auto run = ex.run({"apply", "--yes"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("REPLACE file[\"/etc/motd\"]: done\n"));
  EXPECT_EQ(run.out.find('\r'), std::string::npos);
  EXPECT_EQ(run.out.find("\033["), std::string::npos);
}

TEST(ApplyProgress, QuietPrintsOnlyTheOutcome) {
  WebhostTwin ex;
  auto run = ex.run({"apply", "--yes", "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, Not(HasSubstr(": done")));
  EXPECT_THAT(run.out, Not(HasSubstr("Applying (checkpoint")));
  EXPECT_THAT(run.out, Not(HasSubstr("Plan:")));
  EXPECT_THAT(run.out, HasSubstr("Applied"));
  EXPECT_EQ(ex.run({"plan"}).exit_code, 0);
}

// Runs `twin ARGS` on a fresh pseudo-terminal (argv only, no shell) and
// returns everything it wrote there.
std::string run_on_a_terminal(const std::vector<std::string>& args, const std::string& cwd) {
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
                         "LC_ALL=C", "HOME=/nonexistent", nullptr};
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

TEST(ApplyProgress, ATerminalShowsTheRunningStepOnOneRewrittenLine) {
  WebhostTwin ex;
  std::string out = run_on_a_terminal(
      {"apply", "--yes", "--root", ex.root.string()}, ex.twin.string());
  // Each step as it starts, "[i/N] ACTION ADDRESS …", drawn over the last,
  // then cleared before the step's done line.
  EXPECT_THAT(out, HasSubstr("\r\033[K[1/"));
  EXPECT_THAT(out, HasSubstr(" …"));
  EXPECT_THAT(out, HasSubstr("\r\033[KREPLACE file[\"/etc/motd\"]: done"));
}

}  // namespace
}  // namespace twin::testing
