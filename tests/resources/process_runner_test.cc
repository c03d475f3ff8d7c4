// ProcessRunner against real programs (perl-base is Essential on Debian, so
// /usr/bin/perl is always there; it is run with -e, never through a shell).
#include "resources/process_runner.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "resources/error_codes.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

using engine::Command;
using namespace std::chrono_literals;

constexpr char kPerl[] = "/usr/bin/perl";

Command perl(std::string script) {
  Command c;
  c.program = kPerl;
  c.args = {"-e", std::move(script)};
  c.env = {{"LC_ALL", "C"}};
  c.timeout = 30s;
  return c;
}

TEST(ProcessRunner, ReportsExitCodeAndCapturesBothStreams) {
  ProcessRunner runner;
  auto out = runner.run(perl("print STDOUT 'to out'; print STDERR 'to err'; exit 3"));
  ASSERT_TRUE(out.ok()) << out.error().text();
  EXPECT_EQ(out->exit_code, 3);
  EXPECT_EQ(out->signal, 0);
  EXPECT_FALSE(out->timed_out);
  EXPECT_FALSE(out->succeeded());
  EXPECT_EQ(out->out, "to out");
  EXPECT_EQ(out->err, "to err");
}

// Lines reach the callback while the program still runs, each once and in
// order; the output is captured whole as well.
TEST(ProcessRunner, GivesEachStdoutLineAsItArrives) {
  ProcessRunner runner;
  std::vector<std::string> lines;
  std::vector<bool> file_existed;
  auto marker = std::filesystem::temp_directory_path() / ("twin-lines-" + std::to_string(::getpid()));
  std::filesystem::remove(marker);
  Command c = perl("$| = 1; print \"Get:1 one\\nUnpacking two\\n\"; "
                   "sleep 1 until -e $ARGV[0]; print \"Setting up three\\npartial\"");
  c.args.push_back(marker.string());
  c.on_output_line = [&](std::string_view line) {
    lines.emplace_back(line);
    // The program waits for the marker: the first lines came before it ended.
    if (lines.size() == 2) std::ofstream(marker) << "go";
  };
  auto out = runner.run(c);
  std::filesystem::remove(marker);
  ASSERT_TRUE(out.ok()) << out.error().text();
  EXPECT_EQ(lines, (std::vector<std::string>{"Get:1 one", "Unpacking two", "Setting up three"}));
  EXPECT_EQ(out->out, "Get:1 one\nUnpacking two\nSetting up three\npartial");
}

TEST(ProcessRunner, ZeroExitSucceeds) {
  ProcessRunner runner;
  auto out = runner.run(Command{"/bin/true", {}, {}, {}, 10s});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 0);
  EXPECT_TRUE(out->succeeded());
}

TEST(ProcessRunner, ReportsTheKillingSignal) {
  ProcessRunner runner;
  auto out = runner.run(perl("kill 'TERM', $$; sleep 5"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, -1);
  EXPECT_EQ(out->signal, SIGTERM);
}

// stderr is filled first: a runner that read stdout to EOF before looking at
// stderr would deadlock here, the child blocked on a full stderr pipe.
TEST(ProcessRunner, LargeOutputOnBothStreamsDoesNotDeadlock) {
  ProcessRunner runner;
  auto out = runner.run(
      perl("$| = 1; print STDERR 'e' x (3 * 1024 * 1024); print STDOUT 'o' x (2 * 1024 * 1024); "
           "print STDERR 'E' x (1024 * 1024);"));
  ASSERT_TRUE(out.ok()) << out.error().text();
  EXPECT_EQ(out->exit_code, 0);
  EXPECT_EQ(out->out.size(), 2u * 1024 * 1024);
  EXPECT_EQ(out->err.size(), 4u * 1024 * 1024);
  EXPECT_EQ(out->out.find_first_not_of('o'), std::string::npos);
}

// cat writes while we still feed it: 3 MiB in, 3 MiB out, both pipes full
// at times.
TEST(ProcessRunner, FeedsStdinWhileReading) {
  ProcessRunner runner;
  std::string input;
  for (int i = 0; i < 3 * 1024 * 1024; ++i) input += static_cast<char>('a' + i % 26);
  input[1000] = '\0';
  auto out = runner.run(Command{"/bin/cat", {}, {}, input, 30s});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 0);
  EXPECT_TRUE(out->out == input);
}

TEST(ProcessRunner, StdinIsDevNullWithoutInput) {
  ProcessRunner runner;
  auto out = runner.run(Command{"/bin/cat", {}, {}, {}, 10s});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 0);
  EXPECT_EQ(out->out, "");
}

TEST(ProcessRunner, ChildThatIgnoresStdinDoesNotKillUs) {
  ProcessRunner runner;
  auto out = runner.run(Command{"/bin/true", {}, {}, std::string(4 << 20, 'x'), 10s});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 0);
}

TEST(ProcessRunner, EnvironmentIsExactlyTheCommands) {
  ProcessRunner runner;
  auto out = runner.run(Command{"/usr/bin/env", {}, {{"A", "1"}, {"B", "x y; z"}}, {}, 10s});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->out, "A=1\nB=x y; z\n");
  auto empty = runner.run(Command{"/usr/bin/env", {}, {}, {}, 10s});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->out, "");
}

TEST(ProcessRunner, ArgvIsPassedVerbatimWithoutAShell) {
  testing::TempDir dir;
  const auto marker = dir.path() / "X";
  const std::string arg = "hello; touch " + marker.string() + " && echo $(id) `id` | cat";
  ProcessRunner runner;
  auto out = runner.run(Command{"/bin/echo", {arg, "*"}, {}, {}, 10s});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->out, arg + " *\n");
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(ProcessRunner, RefusesARelativeProgram) {
  ProcessRunner runner;
  for (const char* program : {"echo", "bin/echo", "./echo", ""}) {
    auto out = runner.run(Command{program, {"x"}, {}, {}, 10s});
    ASSERT_FALSE(out.ok()) << program;
    EXPECT_EQ(out.error().code, codes::kProgramNotAbsolute);
    EXPECT_EQ(out.error().message,
              "program must be an absolute path; it is never looked up in PATH");
  }
}

TEST(ProcessRunner, MissingProgramIsAnError) {
  ProcessRunner runner;
  auto out = runner.run(Command{"/nonexistent/twin-no-such-program", {}, {}, {}, 10s});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, codes::kSpawnFailed);
  EXPECT_EQ(out.error().text(),
            "cannot start program: No such file or directory (/nonexistent/twin-no-such-program)");
}

TEST(ProcessRunner, RefusesNulBytesAndBadEnvironmentNames) {
  ProcessRunner runner;
  auto nul_arg = runner.run(Command{"/bin/echo", {std::string("a\0b", 3)}, {}, {}, 10s});
  ASSERT_FALSE(nul_arg.ok());
  EXPECT_EQ(nul_arg.error().code, codes::kBadCommand);
  auto bad_env = runner.run(Command{"/bin/true", {}, {{"A=B", "c"}}, {}, 10s});
  ASSERT_FALSE(bad_env.ok());
  EXPECT_EQ(bad_env.error().code, codes::kBadCommand);
}

bool process_is_gone(pid_t pid) {
  // A killed process may linger as a zombie until its new parent reaps it.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string pid_text, comm, state;
  stat >> pid_text >> comm >> state;
  return state == "Z" || state == "X";
}

TEST(ProcessRunner, TimeoutKillsTheWholeProcessGroup) {
  ProcessRunner runner;
  Command c =
      perl("$| = 1; my $p = fork(); if ($p) { print \"$p\\n\"; sleep 60 } else { sleep 60 }");
  c.timeout = 300ms;
  auto start = std::chrono::steady_clock::now();
  auto out = runner.run(c);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(out.ok()) << out.error().text();
  EXPECT_TRUE(out->timed_out);
  EXPECT_FALSE(out->succeeded());
  EXPECT_EQ(out->signal, SIGKILL);
  EXPECT_LT(elapsed, 10s);
  pid_t grandchild = std::stoi(out->out);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = process_is_gone(grandchild);
    if (!gone) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(gone) << "grandchild " << grandchild << " survived the timeout";
}

TEST(ProcessRunner, ChildRunsInItsOwnProcessGroup) {
  ProcessRunner runner;
  auto out = runner.run(perl("print getpgrp() == $$ ? 'leader' : 'member'"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->out, "leader");
}

TEST(ProcessRunner, NoDescriptorsLeakIntoTheChild) {
  ProcessRunner runner;
  auto out = runner.run(Command{"/bin/ls", {"/proc/self/fd"}, {}, {}, 10s});
  ASSERT_TRUE(out.ok());
  // 0, 1, 2 and the directory ls itself opens to list them.
  EXPECT_EQ(out->out, "0\n1\n2\n3\n");
}

// A lock shared with the commands (CommandRunner::share_lock) is their
// descriptor 3, the same open file: a tool outliving a killed twin keeps
// an flock on it held. Whatever number the lock has here, 3 included.
TEST(ProcessRunner, ASharedLockIsTheChildsDescriptorThreeAndNothingElseLeaks) {
  testing::TempDir tmp;
  int lock = ::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(lock, 0);
  int elsewhere = ::fcntl(lock, F_DUPFD_CLOEXEC, 10);
  // The lock as our own descriptor 3: whatever the test runner keeps there
  // is set aside and put back afterwards.
  int set_aside = ::fcntl(3, F_DUPFD_CLOEXEC, 20);
  int set_aside_flags = set_aside >= 0 ? ::fcntl(3, F_GETFD) : 0;
  ASSERT_EQ(::dup3(lock, 3, O_CLOEXEC), 3);
  for (int fd : {elsewhere, 3}) {
    SCOPED_TRACE("lock at descriptor " + std::to_string(fd));
    ProcessRunner runner;
    runner.share_lock(fd);
    auto out = runner.run(perl("print readlink('/proc/self/fd/3'), \"\\n\";"));
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out->out, tmp.path().string() + "\n");
    runner.share_lock(-1);
    auto after = runner.run(Command{"/bin/ls", {"/proc/self/fd"}, {}, {}, 10s});
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->out, "0\n1\n2\n3\n");  // 3 is ls's own directory again
  }
  if (set_aside >= 0) {
    ::dup3(set_aside, 3, (set_aside_flags & FD_CLOEXEC) ? O_CLOEXEC : 0);
    ::close(set_aside);
  } else {
    ::close(3);
  }
  ::close(lock);
  ::close(elsewhere);
}

}  // namespace
}  // namespace twin::resources
