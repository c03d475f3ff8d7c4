// Manual pages generated from the CLI11 command table, the same source as
// `twin --help`, so the two cannot drift: twin(1) and one twin-COMMAND(1)
// per command. The build writes them with the hidden `twin man-page DIR`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace twin::cli {

/// What twin(1) says beyond the command table: exit codes, see also.
struct ManPageExtras {
  std::string summary;                                  // NAME line: "twin - SUMMARY"
  std::vector<std::pair<int, std::string>> exit_codes;  // code, meaning
  std::vector<std::string> see_also;                    // "twin.twin(5)"
};

/// twin(1): synopsis, description, every visible command with its summary,
/// exit status, see also.
std::string main_man_page(const CLI::App& app, std::string_view version,
                          const ManPageExtras& extras);

/// twin-NAME(1) for the command `words` (e.g. {"agent"}) of `app`: its
/// synopsis, summary, aliases, arguments, options (with their defaults), and
/// each subcommand's own.
std::string command_man_page(const CLI::App& command, const std::vector<std::string>& words,
                             std::string_view version);

/// Writes twin.1 and twin-NAME.1 for every visible top-level command into
/// `dir` (created). The error, or none.
std::optional<std::string> write_man_pages(const CLI::App& app, const std::filesystem::path& dir,
                                           std::string_view version, const ManPageExtras& extras);

}  // namespace twin::cli
