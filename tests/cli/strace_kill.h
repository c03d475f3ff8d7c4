// Killing `twin` at an exact system call, from outside, with strace
// (TESTING.md "Killing an apply at an exact point"): `when=N` of an
// injection counts the calls of that syscall the traced process makes, and
// signal=KILL ends it right there, as a power cut or OOM kill would. Only
// twin's own process is traced (no -f): the tools it runs (systemctl, dpkg)
// are whole steps to it, and killing them is another test's business.
// argv only, never a shell.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "resources/process_runner.h"
#include "tests/cli/example_twin.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {

inline constexpr char kStrace[] = "/usr/bin/strace";

/// The syscalls whose boundaries the tests kill at.
inline const std::vector<std::string>& boundary_syscalls() {
  // fchown and fchmod too: between them and the mkdirat or create before
  // them, a new entry stands with its first owner and mode.
  static const std::vector<std::string> names{"rename",  "renameat", "renameat2", "unlinkat",
                                              "mkdirat", "write",    "fchown",    "fchmod"};
  return names;
}

/// Runs `twin ARGS --root ROOT` in `twin` under strace, writing the trace
/// (with fd paths, -y) to `trace`; `inject` adds "-e inject=..." when set.
inline TwinResult run_traced(const std::filesystem::path& twin, const std::filesystem::path& root,
                             std::vector<std::string> args, const std::filesystem::path& trace,
                             const std::string& inject = "") {
  std::string names;
  for (const auto& n : boundary_syscalls()) names += (names.empty() ? "" : ",") + n;
  engine::Command c;
  c.program = kStrace;
  c.args = {"-o", trace.string(), "-y", "-qq", "-e", "trace=" + names};
  if (!inject.empty()) c.args.insert(c.args.end(), {"-e", "inject=" + inject});
  c.args.insert(c.args.end(), {"/usr/bin/env", "-C", twin.string(), TWIN_BINARY});
  c.args.insert(c.args.end(), args.begin(), args.end());
  c.args.insert(c.args.end(), {"--root", root.string()});
  c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"},
           {"NO_COLOR", "1"},
           {"LC_ALL", "C"},
           {"HOME", "/nonexistent"}};
  resources::ProcessRunner runner;
  auto result = runner.run(c);
  if (!result) return {-1, 0, "", result.error().text()};
  return {result->exit_code, result->signal, result->out, result->err};
}

/// Empty when strace can trace a process here; otherwise why not (no
/// strace, or ptrace refused by the container), for GTEST_SKIP.
inline std::string strace_unusable() {
  if (!std::filesystem::exists(kStrace)) return std::string(kStrace) + " is not installed";
  TempDir tmp;
  engine::Command c;
  c.program = kStrace;
  c.args = {"-o", (tmp / "trace").string(), "-qq", "-e", "trace=write",
            "-e", "inject=write:signal=KILL:when=1", "/bin/echo", "x"};
  resources::ProcessRunner runner;
  auto result = runner.run(c);
  if (!result) return result.error().text();
  if (result->signal != 9 && result->exit_code != 137)
    return "strace cannot ptrace and inject here: " + result->err;
  return "";
}

/// One call in a trace: its syscall and its number among the calls of that
/// syscall (1-based, what `when=` counts), with the line strace printed.
struct TracedCall {
  std::string syscall;
  std::size_t nth = 0;
  std::string line;
};

/// The calls of boundary_syscalls() in `trace_text`, in order.
inline std::vector<TracedCall> traced_calls(const std::string& trace_text) {
  std::vector<TracedCall> calls;
  std::map<std::string, std::size_t> seen;
  std::istringstream lines(trace_text);
  for (std::string line; std::getline(lines, line);) {
    auto paren = line.find('(');
    if (paren == std::string::npos) continue;
    std::string name = line.substr(0, paren);
    for (const auto& n : boundary_syscalls())
      if (n == name) calls.push_back({name, ++seen[name], line});
  }
  return calls;
}

}  // namespace twin::testing
