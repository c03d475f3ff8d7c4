// The menu's items that only show something (history, checkpoints, logs,
// config) run `twin COMMAND` as a child process and show what it printed:
// they need no use case of their own, and nothing in the menu's process
// swaps its streams.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace twin::cli {

struct Captured {
  int exit_code;
  std::string text;
};

/// Runs `twin ARGS...` (this very binary, argv only, no shell) and keeps
/// what it printed, uncoloured. `extra_env` entries are added to the
/// environment (replacing inherited ones of the same name).
Captured run_twin(const std::vector<std::string>& args,
                  const std::vector<std::pair<std::string, std::string>>& extra_env = {});

}  // namespace twin::cli
