// Test support: a CommandRunner that records every command and answers with
// canned output, for checking the exact argv a provider builds without
// running anything; and one that runs them for real, counting.
#pragma once

#include <vector>

#include "engine/core/host.h"
#include "resources/process_runner.h"

namespace twin::resources::testing {

class RecordingRunner : public engine::CommandRunner {
 public:
  engine::Result<engine::CommandOutput> run(const engine::Command& command) override {
    commands.push_back(command);
    return next_output;
  }

  std::vector<engine::Command> commands;  // in the order they were run
  engine::CommandOutput next_output{0, 0, false, {}, {}};
};

/// Runs commands for real and counts them: for checking that a cache
/// spares a run.
class CountingRunner : public engine::CommandRunner {
 public:
  engine::Result<engine::CommandOutput> run(const engine::Command& command) override {
    ++runs;
    return real.run(command);
  }
  ProcessRunner real;
  int runs = 0;
};

}  // namespace twin::resources::testing
