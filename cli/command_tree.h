// The CLI11 command table seen as a tree, for what is generated from it:
// manual pages (cli/man_page.h), shell completion (cli/completion.h) and
// "did you mean" (cli/usage_error.h). A command with an empty group is
// hidden (the build's `twin man-page`) and appears in none of them.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace twin::cli {

/// A command and the words that reach it: {} for twin itself, {"agent",
/// "install"} for `twin agent install`. `app` is owned by the tree's root.
struct CommandNode {
  std::vector<std::string> words;
  const CLI::App* app = nullptr;
};

/// `root` and every visible command under it, parents before children, in
/// the order they were added.
std::vector<CommandNode> command_tree(const CLI::App& root);

/// The visible direct subcommands of `app`.
std::vector<const CLI::App*> visible_subcommands(const CLI::App& app);

/// `app`'s flags and options (not positionals), --help included.
std::vector<const CLI::Option*> flag_options(const CLI::App& app);

/// `app`'s positional arguments, in order.
std::vector<const CLI::Option*> positional_options(const CLI::App& app);

/// "-y", "--yes": every name of a flag, short ones first.
std::vector<std::string> flag_names(const CLI::Option& option);

/// True when the option takes a value (`--twin DIR`), false for a flag.
bool takes_value(const CLI::Option& option);

}  // namespace twin::cli
