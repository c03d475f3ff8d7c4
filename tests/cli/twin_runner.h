// Runs the built `twin` binary as a user would, for end-to-end tests.
#pragma once

#include <string>
#include <vector>

#include "resources/process_runner.h"

namespace twin::testing {

struct TwinRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs TWIN_BINARY with `args` in `cwd`, stdin from /dev/null (so never a
/// terminal), NO_COLOR set, and a minimal environment plus `extra_env`.
inline TwinRun run_twin(const std::vector<std::string>& args, const std::string& cwd = "/",
                        const std::vector<std::pair<std::string, std::string>>& extra_env = {}) {
  engine::Command c;
  c.program = "/usr/bin/env";
  c.args = {"-C", cwd, TWIN_BINARY};
  c.args.insert(c.args.end(), args.begin(), args.end());
  c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"NO_COLOR", "1"}, {"LC_ALL", "C"},
           {"HOME", "/nonexistent"}};
  c.env.insert(c.env.end(), extra_env.begin(), extra_env.end());
  resources::ProcessRunner runner;
  auto result = runner.run(c);
  if (!result) return {-1, "", result.error().text()};
  return {result->exit_code, result->out, result->err};
}

}  // namespace twin::testing
