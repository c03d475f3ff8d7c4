#include "cli/command_tree.h"

#include <CLI/CLI.hpp>

namespace twin::cli {
namespace {

void walk(const CLI::App& app, std::vector<std::string> words, std::vector<CommandNode>& out) {
  out.push_back({words, &app});
  for (const CLI::App* sub : visible_subcommands(app)) {
    auto deeper = words;
    deeper.push_back(sub->get_name());
    walk(*sub, deeper, out);
  }
}

}  // namespace

std::vector<CommandNode> command_tree(const CLI::App& root) {
  std::vector<CommandNode> out;
  walk(root, {}, out);
  return out;
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
  // Option groups are unnamed subcommands in CLI11: never commands.
  return app.get_subcommands(
      [](const CLI::App* s) { return !s->get_name().empty() && !s->get_group().empty(); });
}

std::vector<const CLI::Option*> flag_options(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return o->nonpositional(); });
}

std::vector<const CLI::Option*> positional_options(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return !o->nonpositional(); });
}

std::vector<std::string> flag_names(const CLI::Option& option) {
  std::vector<std::string> names;
  for (const auto& s : option.get_snames()) names.push_back("-" + s);
  for (const auto& l : option.get_lnames()) names.push_back("--" + l);
  return names;
}

bool takes_value(const CLI::Option& option) { return option.get_items_expected_min() > 0; }

}  // namespace twin::cli
