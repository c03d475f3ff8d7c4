// Test support: a CommandRunner that records every command and answers with
// canned output, for checking the exact argv a provider builds without
// running anything.
#pragma once

#include <vector>

#include "engine/host.h"

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

}  // namespace twin::resources::testing
