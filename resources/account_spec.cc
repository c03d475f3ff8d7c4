#include "resources/account_spec.h"

#include <fmt/format.h>

#include <algorithm>

#include "resources/account_codes.h"
#include "resources/account_names.h"

namespace twin::resources {
namespace {

namespace codes = account_codes;

// The largest id useradd accepts: (uid_t)-1 means "no change" to the kernel.
constexpr std::int64_t kMaxId = 4294967294;

std::optional<unsigned> read_id(const engine::Resource& resource, const char* name,
                                lang::DiagnosticSink& sink) {
  const lang::Attribute* attr = resource.find(name);
  if (!attr || !attr->value.is_int()) return std::nullopt;
  std::int64_t id = attr->value.as_int();
  if (id < 0 || id > kMaxId) {
    sink.error(codes::kDiagBadId, fmt::format("`{}` {} is not an id", name, id), attr->value.span,
               fmt::format("ids are 0 to {}", kMaxId));
    return std::nullopt;
  }
  return static_cast<unsigned>(id);
}

// passwd(5) fields are separated by ':' and lines by '\n'; a value holding
// either (or another control byte) would write a second field or entry.
std::optional<std::string> read_field(const engine::Resource& resource, const char* name,
                                      lang::DiagnosticSink& sink) {
  const std::string* text = resource.get_string(name);
  if (!text) return std::nullopt;
  bool bad = std::any_of(text->begin(), text->end(), [](char c) {
    return c == ':' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (bad) {
    sink.error(codes::kDiagBadField,
               fmt::format("`{}` holds ':' or a control character, which etc/passwd cannot hold",
                           name),
               resource.find(name)->value.span);
    return std::nullopt;
  }
  return *text;
}

std::optional<std::vector<std::string>> read_groups(const engine::Resource& resource,
                                                    lang::DiagnosticSink& sink) {
  const lang::Attribute* attr = resource.find("groups");
  if (!attr || !attr->value.is_list()) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& item : attr->value.as_list()) {
    if (!item.is_string()) continue;  // the checker reports the type
    const std::string& name = item.as_string();
    if (auto problem = user_name_problem(name)) {
      sink.error(codes::kDiagBadGroups, fmt::format("\"{}\" is not a group name: {}", name, *problem),
                 item.span);
      continue;
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      sink.error(codes::kDiagBadGroups, fmt::format("group \"{}\" is listed twice", name),
                 item.span);
      continue;
    }
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string> read_expiry(const engine::Resource& resource,
                                       lang::DiagnosticSink& sink) {
  const std::string* text = resource.get_string("expires");
  if (!text) return std::nullopt;
  if (*text == "never") return std::string();
  if (!day_of_date(*text)) {
    sink.error(codes::kDiagBadExpiry, fmt::format("expires \"{}\" is not a date", *text),
               resource.find("expires")->value.span,
               "write the day as \"YYYY-MM-DD\" (1970 or later), or \"never\"");
    return std::nullopt;
  }
  return *text;
}

// An absent account is removed whatever else is said, so anything else
// said is a mistake to point at rather than to ignore.
void check_absent_alone(const engine::Resource& resource, std::initializer_list<const char*> own,
                        lang::DiagnosticSink& sink) {
  for (const char* name : own)
    if (const lang::Attribute* attr = resource.find(name))
      sink.error(codes::kDiagAbsentWith,
                 fmt::format("`{}` has no meaning for an account that is to be absent", name),
                 attr->name_span, "remove it, or remove ensure = \"absent\"");
}

bool is_absent(const engine::Resource& resource) {
  const std::string* ensure = resource.get_string("ensure");
  return ensure && *ensure == "absent";
}

}  // namespace

std::optional<UserSpec> read_user_spec(const engine::Resource& resource,
                                       lang::DiagnosticSink& sink) {
  std::size_t errors = sink.error_count();
  UserSpec spec;
  spec.name = resource.title;
  spec.absent = is_absent(resource);
  if (spec.absent) {
    if (spec.name == "root")
      sink.error(codes::kDiagRootAbsent, "root cannot be removed", resource.title_span);
    check_absent_alone(resource,
                       {"uid", "group", "groups", "home", "shell", "comment", "system", "password",
                        "expires"},
                       sink);
  }
  spec.uid = read_id(resource, "uid", sink);
  if (const std::string* group = resource.get_string("group")) spec.group = *group;
  spec.groups = read_groups(resource, sink);
  spec.home = read_field(resource, "home", sink);
  spec.shell = read_field(resource, "shell", sink);
  spec.comment = read_field(resource, "comment", sink);
  spec.system = resource.get_bool("system").value_or(false);
  if (const std::string* password = resource.get_string("password"))
    spec.password = password_state_from_name(*password);
  spec.expires = read_expiry(resource, sink);
  if (sink.error_count() != errors) return std::nullopt;
  return spec;
}

std::optional<GroupSpec> read_group_spec(const engine::Resource& resource,
                                         lang::DiagnosticSink& sink) {
  std::size_t errors = sink.error_count();
  GroupSpec spec;
  spec.name = resource.title;
  spec.absent = is_absent(resource);
  if (spec.absent) {
    if (spec.name == "root")
      sink.error(codes::kDiagRootAbsent, "the root group cannot be removed", resource.title_span);
    check_absent_alone(resource, {"gid", "system"}, sink);
  }
  spec.gid = read_id(resource, "gid", sink);
  spec.system = resource.get_bool("system").value_or(false);
  if (sink.error_count() != errors) return std::nullopt;
  return spec;
}

}  // namespace twin::resources
