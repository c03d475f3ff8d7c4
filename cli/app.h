// The `twin` command line: parses flags and dispatches to a command.
#pragma once

#include <string_view>

namespace twin::cli {

/// Runs `twin` with the process's arguments; returns the exit code.
int run(int argc, char** argv);

/// True when the command table has `name` (the menu offers only what exists).
bool has_command(std::string_view name);

}  // namespace twin::cli
