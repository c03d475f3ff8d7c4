// Formats a string attribute may be declared with in a schema (`format =
// "mode"`): pure functions over the text, no system access. They follow the
// rules the providers apply (Debian policy for package names and versions,
// systemd's unit_name_is_valid(), adduser's NAME_REGEX, crontab(5)) so that
// what the checker accepts a provider accepts too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twin::lang {

/// What is wrong with a value: one lower-case line, and how to fix it.
struct FormatProblem {
  std::string message;  // e.g. "'9' is not an octal digit"
  std::string hint;     // e.g. "a mode is 3 or 4 octal digits in a string, e.g. \"0644\""
};

/// The format names a schema may use, in documentation order.
const std::vector<std::string>& format_names();

/// True when `format` is one of format_names().
bool is_known_format(std::string_view format);

/// How a value of `format` is called in messages ("mode", "package name");
/// the name itself for an unknown format.
std::string_view format_noun(std::string_view format);

/// nullopt when `text` is a valid value of `format` (which must be known;
/// an unknown format accepts everything). Otherwise what is wrong.
std::optional<FormatProblem> check_format(std::string_view format, std::string_view text);

// The individual rules; each returns nullopt when the text is valid,
// otherwise what is wrong (without a hint).

/// "644" or "0644": 3 or 4 octal digits.
std::optional<std::string> mode_problem(std::string_view text);
/// Absolute and normal: "/" or "/a/b" without '.', '..', '//' or a trailing '/'.
std::optional<std::string> absolute_path_problem(std::string_view text);
/// Relative and normal ("files/motd"), so it cannot leave the twin.
std::optional<std::string> relative_path_problem(std::string_view text);
/// Debian policy §5.6.1: [a-z0-9][a-z0-9+.-]+; "name:arch" is refused.
std::optional<std::string> package_name_problem(std::string_view text);
/// Debian policy §5.6.12: [epoch:]upstream[-revision], upstream starting with a digit.
std::optional<std::string> debian_version_problem(std::string_view text);
/// A systemd unit a service resource manages: "nginx", "getty@tty1",
/// "apt-daily.timer" (types service, timer, socket, path, target).
std::optional<std::string> unit_name_problem(std::string_view text);
/// [a-z_][a-z0-9_-]*[$]?, at most 32 bytes (adduser's NAME_REGEX); the
/// same rule holds for group names.
std::optional<std::string> user_name_problem(std::string_view text);
/// A user (or group) name or a numeric id, as file owners accept ("www-data", "0").
std::optional<std::string> name_or_id_problem(std::string_view text);
/// Five fields (minute hour day-of-month month day-of-week) or a keyword
/// such as "@daily".
std::optional<std::string> cron_schedule_problem(std::string_view text);

}  // namespace twin::lang
