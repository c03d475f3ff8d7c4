// The bundled example twin (examples/webhost) and its sandbox root, copied
// into a temp dir, for end-to-end tests of applies, checkpoints and
// recovery. run() passes extra environment variables and reports a death by
// signal; run_killed_after() runs the test-only twin_kill_after_step instead
// of `twin`, which kills itself right after journaling step k.
#pragma once

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "resources/process_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {

struct TwinResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

struct WebhostTwin {
  TempDir tmp;
  std::filesystem::path twin = tmp / "twin";
  std::filesystem::path root = tmp / "root";

  WebhostTwin() {
    std::filesystem::path example = std::filesystem::path(TWIN_SOURCE_DIR) / "examples" / "webhost";
    std::filesystem::copy(example, twin, std::filesystem::copy_options::recursive);
    std::filesystem::remove_all(twin / "sandbox");
    std::filesystem::copy(example / "sandbox", root, std::filesystem::copy_options::recursive);
    ::chmod((root / "etc/issue").c_str(), 0600);
  }

  /// Runs `twin ARGS --root ROOT` in the twin, stdin from /dev/null.
  TwinResult run(std::vector<std::string> args,
                 std::vector<std::pair<std::string, std::string>> extra_env = {}) const {
    return run_in(twin, root, std::move(args), std::move(extra_env));
  }

  /// Runs ARGS --root ROOT with the test-only kill switch set to step k.
  TwinResult run_killed_after(int k, std::vector<std::string> args) const {
    return run_in(twin, root, std::move(args), {{"TWIN_TEST_KILL_AFTER_STEP", std::to_string(k)}},
                  TWIN_KILLABLE_BINARY);
  }

  /// Runs `twin ARGS` in the twin, for commands without --root (checkpoints).
  TwinResult run_without_root(std::vector<std::string> args) const {
    return run_in(twin, "", std::move(args));
  }

  /// The same for any twin and root (none when `root` is empty).
  static TwinResult run_in(const std::filesystem::path& twin, const std::filesystem::path& root,
                           std::vector<std::string> args,
                           std::vector<std::pair<std::string, std::string>> extra_env = {},
                           const std::string& binary = TWIN_BINARY) {
    if (!root.empty()) {
      args.push_back("--root");
      args.push_back(root.string());
    }
    engine::Command c;
    c.program = "/usr/bin/env";
    c.args = {"-C", twin.string(), binary};
    c.args.insert(c.args.end(), args.begin(), args.end());
    c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"},
             {"NO_COLOR", "1"},
             {"LC_ALL", "C"},
             {"HOME", "/nonexistent"}};
    c.env.insert(c.env.end(), extra_env.begin(), extra_env.end());
    resources::ProcessRunner runner;
    auto result = runner.run(c);
    if (!result) return {-1, 0, "", result.error().text()};
    return {result->exit_code, result->signal, result->out, result->err};
  }

  /// The ids of the twin's checkpoints, sorted.
  std::vector<std::string> checkpoint_ids() const {
    std::vector<std::string> ids;
    std::error_code ec;
    for (auto& e : std::filesystem::directory_iterator(twin / ".twin" / "checkpoints", ec))
      ids.push_back(e.path().filename().string());
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

}  // namespace twin::testing
