#include "resources/apt_simulation.h"

#include <fmt/format.h>

#include <optional>

#include "resources/package_codes.h"

namespace twin::resources {
namespace {

// Takes the text between `open` and `close` at the start of `rest` (after
// spaces) and advances past it.
std::optional<std::string_view> take_delimited(std::string_view& rest, char open, char close) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty() || rest.front() != open) return std::nullopt;
  auto end = rest.find(close);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view inside = rest.substr(1, end - 1);
  rest.remove_prefix(end + 1);
  return inside;
}

std::optional<SimulatedChange> parse_line(SimulatedChange::Kind kind, std::string_view rest) {
  SimulatedChange change;
  change.kind = kind;
  auto space = rest.find(' ');
  change.name = std::string(rest.substr(0, space));
  if (change.name.empty()) return std::nullopt;
  rest = space == std::string_view::npos ? std::string_view() : rest.substr(space);
  // "[OLD]" is there when the package is installed (or, for Remv, always
  // except for an "rc" purge).
  std::string_view probe = rest;
  while (!probe.empty() && probe.front() == ' ') probe.remove_prefix(1);
  if (!probe.empty() && probe.front() == '[') {
    auto old_version = take_delimited(rest, '[', ']');
    if (!old_version) return std::nullopt;
    change.old_version = std::string(*old_version);
  }
  if (kind != SimulatedChange::Kind::kInstall) return change;
  // "(NEW ORIGIN... [ARCH])": the version is the first word.
  auto paren = take_delimited(rest, '(', ')');
  if (!paren || paren->empty()) return std::nullopt;
  change.new_version = std::string(paren->substr(0, paren->find(' ')));
  return change;
}

}  // namespace

engine::Result<std::vector<SimulatedChange>> parse_apt_simulation(std::string_view output) {
  std::vector<SimulatedChange> changes;
  while (!output.empty()) {
    auto newline = output.find('\n');
    std::string_view line = output.substr(0, newline);
    output.remove_prefix(newline == std::string_view::npos ? output.size() : newline + 1);
    std::optional<SimulatedChange::Kind> kind;
    if (line.starts_with("Inst ")) kind = SimulatedChange::Kind::kInstall;
    if (line.starts_with("Remv ")) kind = SimulatedChange::Kind::kRemove;
    if (line.starts_with("Purg ")) kind = SimulatedChange::Kind::kPurge;
    if (!kind) continue;
    auto change = parse_line(*kind, line.substr(5));
    if (!change)
      return engine::make_error(package_codes::kUnexpectedOutput,
                                "unexpected line in apt-get simulation output", std::string(line));
    changes.push_back(std::move(*change));
  }
  return changes;
}

}  // namespace twin::resources
