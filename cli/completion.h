// Shell completion generated from the CLI11 command table (`twin
// completion bash|zsh`), so a new command or flag completes without anyone
// editing a script: commands, then each command's subcommands and flags;
// file names for an option's value and for positional arguments.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace twin::cli {

/// A bash script defining `_twin` and `complete -F _twin twin`. It needs
/// only bash (not the bash-completion package), so it can be sourced alone.
std::string bash_completion(const CLI::App& app);

/// A zsh `#compdef twin` function file (`_twin`), using _describe and _files.
std::string zsh_completion(const CLI::App& app);

}  // namespace twin::cli
