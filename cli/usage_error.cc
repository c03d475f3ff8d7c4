#include "cli/usage_error.h"

#include <CLI/CLI.hpp>
#include <string_view>
#include <vector>

#include "cli/command_tree.h"
#include "lang/suggest.h"

namespace twin::cli {
namespace {

// Command and flag names are short: a suggestion is at most three edits
// away, whatever the word's length.
std::optional<std::string> closest_command_word(std::string_view word,
                                                const std::vector<std::string>& candidates) {
  return lang::closest_name(word, candidates, 3);
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  auto subs = visible_subcommands(app);
  for (const CLI::App* sub : subs) names.push_back(sub->get_name());
  // Names first: a tie between a name and an alias suggests the name.
  for (const CLI::App* sub : subs)
    for (const auto& alias : sub->get_aliases()) names.push_back(alias);
  return names;
}

std::vector<std::string> all_flag_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : flag_options(app))
    for (auto& name : flag_names(*opt)) names.push_back(std::move(name));
  return names;
}

const CLI::App* find_command(const CLI::App& app, std::string_view word) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->check_name(std::string(word))) return sub;
  return nullptr;
}

std::string suffix(const std::optional<std::string>& near) {
  return near ? ", did you mean '" + *near + "'?" : "";
}

}  // namespace

std::string did_you_mean_command(const CLI::App& app, const std::string& word) {
  return suffix(closest_command_word(word, command_names(app)));
}

std::optional<std::string> describe_unknown_word(const CLI::App& app, int argc, char** argv) {
  const CLI::App* at = &app;
  std::string path = app.get_name();
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word == "--") return std::nullopt;  // the rest are positionals
    if (word.size() > 1 && word[0] == '-') {
      std::string name(word.substr(0, word.find('=')));
      // -abc: a bundle of short flags, which CLI11 splits; judge the first.
      if (name.size() > 2 && name[1] != '-') name.resize(2);
      const CLI::Option* opt = at->get_option_no_throw(name);
      if (!opt && at != &app) opt = app.get_option_no_throw(name);  // --help, --version
      if (!opt) {
        // Dashes are the same on every flag: compare what follows them.
        std::vector<std::string> flags = all_flag_names(*at);
        std::vector<std::string> bare;
        for (const auto& f : flags) bare.push_back(f.substr(f.find_first_not_of('-')));
        auto near = closest_command_word(name.substr(name.find_first_not_of('-')), bare);
        std::optional<std::string> flag;
        if (near)
          for (const auto& f : flags)
            if (f.substr(f.find_first_not_of('-')) == *near) flag = f;
        return "unknown flag '" + name + "' for '" + path + "'" + suffix(flag);
      }
      // An option that takes a value as the next word: skip that word.
      if (takes_value(*opt) && word.find('=') == std::string_view::npos &&
          !(name.size() == 2 && word.size() > 2))
        ++i;
      continue;
    }
    if (const CLI::App* sub = find_command(*at, word)) {
      at = sub;
      path += " " + sub->get_name();
      continue;
    }
    // A word that is not a command is a positional argument where the
    // command takes some, and a mistyped command where it takes none.
    if (!positional_options(*at).empty()) continue;
    if (!visible_subcommands(*at).empty())
      return "unknown command '" + std::string(word) + "'" +
             (at == &app ? "" : " for '" + path + "'") +
             suffix(closest_command_word(word, command_names(*at)));
    return "'" + path + "' takes no argument '" + std::string(word) + "'";
  }
  return std::nullopt;
}

}  // namespace twin::cli
