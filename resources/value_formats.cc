#include "resources/value_formats.h"

#include "resources/account_names.h"
#include "resources/cron_syntax.h"
#include "resources/debian_names.h"
#include "resources/systemd_names.h"

namespace twin::resources {
namespace {

// The checker's hint is one per format; the providers' diagnostics may give
// a more specific one for the same problem.
constexpr char kUserNameHint[] =
    "a user name is lower-case letters, digits, '_' and '-', starting with a letter or '_', "
    "at most 32 bytes";
constexpr char kGroupNameHint[] =
    "a group name is lower-case letters, digits, '_' and '-', starting with a letter or '_', "
    "at most 32 bytes";

std::optional<std::string> unit_name_problem(std::string_view text) {
  UnitName name = normalize_unit_name(text);
  if (!name.problem) return std::nullopt;
  return std::move(name.problem->message);
}

std::optional<std::string> schedule_problem(std::string_view text) {
  auto problem = check_schedule(text);
  if (!problem) return std::nullopt;
  return std::move(problem->message);
}

}  // namespace

void register_value_formats(lang::FormatRegistry& registry) {
  registry.add({"package_name", "package name", kPackageNameHint, package_name_problem});
  registry.add({"debian_version", "version",
                "a Debian version is [epoch:]upstream[-revision] of letters, digits and . + ~, "
                "e.g. \"1:2.4.1-3\"",
                version_problem});
  registry.add({"unit_name", "unit name",
                "name a .service, .timer, .socket, .path or .target unit, e.g. \"nginx\", "
                "\"getty@tty1\" or \"apt-daily.timer\"",
                unit_name_problem});
  registry.add({"user_name", "user name", kUserNameHint, user_name_problem});
  registry.add({"group_name", "group name", kGroupNameHint, user_name_problem});
  registry.add({"user_or_id", "user", "write a user name or a numeric id, e.g. \"root\"",
                name_or_id_problem});
  registry.add({"group_or_id", "group", "write a group name or a numeric id, e.g. \"adm\"",
                name_or_id_problem});
  registry.add({"cron_schedule", "schedule", kScheduleHint, schedule_problem});
}

const lang::FormatRegistry& value_formats() {
  static const lang::FormatRegistry kFormats = [] {
    lang::FormatRegistry formats;
    lang::add_generic_formats(formats);
    register_value_formats(formats);
    return formats;
  }();
  return kFormats;
}

}  // namespace twin::resources
