// User and group names as Debian accepts them (adduser's NAME_REGEX, also
// what `crontab -u` expects), and the owner strings files and mirrors take:
// a name or a numeric id. Pure; the value formats (resources/value_formats.h)
// and the providers use the same rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twin::resources {

/// nullopt when `name` matches [a-z_][a-z0-9_-]*[$]? and is at most 32
/// bytes (the same rule holds for group names); otherwise what is wrong,
/// e.g. "it starts with 'A'; names start with a lower-case letter or '_'".
std::optional<std::string> user_name_problem(std::string_view name);

/// True when user_name_problem() finds nothing.
bool is_valid_user_name(std::string_view name);

/// nullopt for a user (or group) name or a numeric id, as file owners
/// accept ("www-data", "0"): names are looked up in the target's passwd and
/// group files, so only ':', blanks, control bytes and a leading '-' are
/// refused. Otherwise what is wrong.
std::optional<std::string> name_or_id_problem(std::string_view text);

}  // namespace twin::resources
