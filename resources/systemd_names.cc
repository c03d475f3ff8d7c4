#include "resources/systemd_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "lang/suggest.h"
#include "lang/value_formats.h"

namespace twin::resources {
namespace {

// systemd's UNIT_NAME_MAX is 256 including the terminating NUL.
constexpr std::size_t kMaxUnitName = 255;

// Every unit type systemd knows, so that "foo.mount" is refused as a type we
// do not manage rather than turned into "foo.mount.service".
constexpr std::string_view kAllUnitTypes[] = {"service", "socket",    "target", "device",
                                              "mount",   "automount", "swap",   "timer",
                                              "path",    "slice",     "scope"};

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
         c == '-' || c == '_' || c == '.' || c == '\\';
}

bool contains(const auto& list, std::string_view item) {
  return std::find(std::begin(list), std::end(list), item) != std::end(list);
}

std::optional<UnitNameProblem> check_full_name(std::string_view unit, std::size_t dot) {
  constexpr char kCharsHint[] =
      "a unit name uses letters, digits and \":-_.\\\" (and '@' before a template instance), "
      "e.g. \"nginx\", \"getty@tty1\" or \"apt-daily.timer\"";
  if (unit.size() > kMaxUnitName)
    return UnitNameProblem{fmt::format("unit name is {} bytes long; systemd allows at most {}",
                                       unit.size(), kMaxUnitName),
                           "use a shorter name", false};
  std::string_view stem = unit.substr(0, dot);
  if (stem.empty())
    return UnitNameProblem{"unit name has nothing before its type suffix", kCharsHint, false};
  std::size_t at = stem.find('@');
  std::string_view prefix = stem.substr(0, at);
  if (prefix.empty()) return UnitNameProblem{"unit name has nothing before '@'", kCharsHint, false};
  for (std::size_t i = 0; i < stem.size(); ++i) {
    char c = stem[i];
    bool in_instance = at != std::string_view::npos && i > at;
    if (is_name_char(c) || (c == '@' && (i == at || in_instance))) continue;
    return UnitNameProblem{
        fmt::format("invalid character {} at byte {} of unit name", lang::describe_char(c), i + 1),
        kCharsHint, false};
  }
  if (at != std::string_view::npos && at + 1 == stem.size())
    return UnitNameProblem{fmt::format("\"{}\" is a template; twin manages instances of it", unit),
                           fmt::format("name an instance, e.g. \"{}NAME{}\"",
                                       unit.substr(0, at + 1), unit.substr(at + 1)),
                           false};
  return std::nullopt;
}

}  // namespace

UnitName normalize_unit_name(std::string_view title) {
  UnitName out;
  if (title.empty()) {
    out.problem =
        UnitNameProblem{"empty unit name", "name the unit, e.g. service \"nginx\"", false};
    return out;
  }
  if (title.front() == '-') {
    // systemd itself names the root mount "-.mount", but a leading '-' in an
    // argv is an option to systemctl, so such names are never passed on.
    out.problem = UnitNameProblem{"a unit name must not begin with '-'",
                                  "name the unit, e.g. service \"nginx\"", false};
    return out;
  }
  std::string unit(title);
  std::size_t dot = title.rfind('.');
  std::string_view suffix =
      dot == std::string_view::npos ? std::string_view() : title.substr(dot + 1);
  if (dot != std::string_view::npos && contains(kAllUnitTypes, suffix)) {
    if (!contains(kManagedUnitTypes, suffix)) {
      out.problem = UnitNameProblem{
          fmt::format("unit type \".{}\" is not managed by the service resource", suffix),
          "a service resource names a .service, .timer, .socket, .path or .target unit", true};
      return out;
    }
  } else {
    if (dot != std::string_view::npos) {
      std::vector<std::string> types(std::begin(kManagedUnitTypes), std::end(kManagedUnitTypes));
      if (auto guess = lang::closest_name(suffix, types)) {
        out.problem = UnitNameProblem{
            fmt::format("unknown unit type suffix \".{}\"", suffix),
            fmt::format("did you mean \"{}.{}\"?", title.substr(0, dot), *guess), false};
        return out;
      }
    }
    // As systemctl does: a name without a unit type suffix is a service.
    unit += ".service";
    dot = unit.size() - std::string_view(".service").size();
  }
  out.problem = check_full_name(unit, dot);
  if (!out.problem) out.unit = std::move(unit);
  return out;
}

bool is_managed_unit_name(std::string_view unit) {
  UnitName name = normalize_unit_name(unit);
  return !name.problem && name.unit == unit;
}

}  // namespace twin::resources
