#include "resources/dpkg_status.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "resources/package_codes.h"

namespace twin::resources {
namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (;;) {
    auto tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

std::optional<InstallState> state_of(char status) {
  switch (status) {
    case 'n':
      return InstallState::kNotInstalled;
    case 'c':
      return InstallState::kConfigFiles;
    case 'i':
      return InstallState::kInstalled;
    case 'U':
    case 'F':
    case 'H':
    case 'W':
    case 't':
      return InstallState::kBroken;
    default:
      return std::nullopt;
  }
}

// Higher is "more installed": which multiarch line represents a name.
int rank(InstallState state) {
  switch (state) {
    case InstallState::kNotInstalled:
      return 0;
    case InstallState::kConfigFiles:
      return 1;
    case InstallState::kBroken:
      return 2;
    case InstallState::kInstalled:
      return 3;
  }
  return 0;
}

}  // namespace

engine::Result<DpkgDatabase> parse_dpkg_query(std::string_view output) {
  DpkgDatabase db;
  int line_number = 0;
  while (!output.empty()) {
    auto newline = output.find('\n');
    std::string_view line = output.substr(0, newline);
    output.remove_prefix(newline == std::string_view::npos ? output.size() : newline + 1);
    ++line_number;
    if (line.empty()) continue;
    auto bad = [&](std::string_view why) {
      return engine::make_error(package_codes::kUnexpectedOutput,
                                fmt::format("unexpected dpkg-query output: {}", why),
                                fmt::format("line {}: {}", line_number, line));
    };
    std::vector<std::string_view> f = split_tabs(line);
    if (f.size() != 6) return bad(fmt::format("{} fields instead of 6", f.size()));
    std::string_view abbrev = f[3];  // want, status, error flag: "ii ", "rc ", "hi "
    if (f[0].empty() || abbrev.size() < 2) return bad("no name or status");
    std::optional<InstallState> state = state_of(abbrev[1]);
    if (!state) return bad(fmt::format("unknown status letter '{}'", abbrev[1]));

    InstalledPackage pkg;
    pkg.name = f[0];
    pkg.architecture = f[1];
    pkg.version = f[2];
    pkg.state = *state;
    pkg.status_letter = abbrev[1];
    pkg.held = abbrev[0] == 'h';
    pkg.essential = f[4] == "yes";
    pkg.priority = f[5];
    auto it = db.find(pkg.name);
    if (it == db.end())
      db.emplace(pkg.name, std::move(pkg));
    else if (rank(pkg.state) > rank(it->second.state))
      it->second = std::move(pkg);
  }
  return db;
}

}  // namespace twin::resources
