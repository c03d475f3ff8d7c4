// The `twin` command line: parses flags and dispatches to a command.
#pragma once

namespace twin::cli {

/// Runs `twin` with the process's arguments; returns the exit code.
int run(int argc, char** argv);

}  // namespace twin::cli
