// Unit names as systemd accepts them (unit_name_is_valid() in systemd's
// src/basic/unit-name.c), checked before a name ever reaches an argv: a
// title such as "--now" or "a b" must be refused, not passed to systemctl.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twin::resources {

/// The unit types a `service` resource may name (".service" is implied).
inline constexpr std::string_view kManagedUnitTypes[] = {"service", "timer", "socket", "path",
                                                         "target"};

/// Why a title is not a unit name we manage, for a diagnostic.
struct UnitNameProblem {
  std::string message;  // one line, lower case, e.g. "invalid character '/' in unit name"
  std::string hint;
  bool unsupported_type = false;  // a valid systemd unit of a type twin does not manage
};

/// The outcome of reading a `service` title.
struct UnitName {
  std::string unit;  // the full name ("nginx" -> "nginx.service"); empty on a problem
  std::optional<UnitNameProblem> problem;
};

/// Turns a title into a full unit name: "nginx" -> "nginx.service",
/// "getty@tty1" -> "getty@tty1.service", "apt-daily.timer" stays. Refuses
/// (with a message and a hint) an empty name, a leading '-', characters
/// outside [A-Za-z0-9:_.\-@] (and '@' outside a template instance), a
/// template without instance ("foo@.service"), names longer than 255 bytes,
/// unit types other than service/timer/socket/path/target, and suffixes that
/// look like a misspelt type (".servce").
UnitName normalize_unit_name(std::string_view title);

/// True for a full unit name that normalize_unit_name() would return
/// unchanged: used to re-check names read back from an undo journal.
bool is_managed_unit_name(std::string_view unit);

}  // namespace twin::resources
