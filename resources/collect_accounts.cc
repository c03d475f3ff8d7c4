#include "resources/collect_accounts.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "lang/value.h"
#include "resources/account_names.h"

namespace twin::resources {
namespace {

using lang::quote;

std::string address(std::string_view type, const std::string& title) {
  return lang::Reference{std::string(type), title}.address();
}

// What the `user` resource can write back: the fields hold no ':' and no
// control byte, as passwd(5) lines from the tools never do.
bool writable_field(const std::string& text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    return c == ':' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

bool absolute(const std::string& path) { return !path.empty() && path.front() == '/'; }

std::string user_block(const UserRecord& user, const AccountsState& accounts) {
  std::string body = fmt::format("  uid = {}\n", user.uid);
  if (const GroupRecord* primary = accounts.group_by_id(user.gid))
    body += fmt::format("  group = {}\n", quote(primary->name));
  std::vector<std::string> groups;
  for (const auto& name : accounts.supplementary_groups(user.name))
    if (is_valid_user_name(name)) groups.push_back(quote(name));
  body += fmt::format("  groups = [{}]\n", fmt::join(groups, ", "));
  if (absolute(user.home) && writable_field(user.home)) body += fmt::format("  home = {}\n", quote(user.home));
  if (absolute(user.shell) && writable_field(user.shell))
    body += fmt::format("  shell = {}\n", quote(user.shell));
  if (writable_field(user.comment)) body += fmt::format("  comment = {}\n", quote(user.comment));
  if (accounts.ranges.system_uid(user.uid)) body += "  system = true\n";
  if (const ShadowRecord* shadow = accounts.shadow_of(user.name)) {
    body += fmt::format("  password = {}\n", quote(std::string(password_state_name(shadow->password))));
    body += fmt::format("  expires = {}\n", quote(shadow->expires ? *shadow->expires : "never"));
  }
  return fmt::format("\nuser {} {{\n{}}}\n", quote(user.name), body);
}

}  // namespace

std::string accounts_manifest(const AccountsState& accounts, const DeclaredAddresses& declared) {
  std::string text = generated_header("the users and groups");
  std::vector<std::string> keep;  // accounts left out must not be removed
  for (const GroupRecord& group : accounts.groups) {
    if (!is_valid_user_name(group.name)) {
      keep.push_back(group.name);
      continue;
    }
    if (declared.count(address("group", group.name))) continue;
    text += fmt::format("\ngroup {} {{\n  gid = {}\n{}}}\n", quote(group.name), group.gid,
                        accounts.ranges.system_gid(group.gid) ? "  system = true\n" : "");
  }
  for (const UserRecord& user : accounts.users) {
    if (!is_valid_user_name(user.name)) {
      keep.push_back(user.name);
      continue;
    }
    if (declared.count(address("user", user.name))) continue;
    text += user_block(user, accounts);
  }
  if (!declared.count(address("accounts", "unlisted"))) {
    std::vector<std::string> quoted;
    for (const auto& name : keep)
      if (is_valid_user_name(name)) quoted.push_back(quote(name));
    text += "\n# A user or group added after this snapshot is removed when it is applied.\n";
    text += "accounts \"unlisted\" {\n  ensure = \"absent\"\n";
    if (!quoted.empty()) text += fmt::format("  keep = [{}]\n", fmt::join(quoted, ", "));
    text += "}\n";
  }
  return text;
}

std::string accounts_yaml(const AccountsState& accounts) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
  for (const UserRecord& user : accounts.users) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << user.name << YAML::Key << "uid"
        << YAML::Value << user.uid << YAML::Key << "gid" << YAML::Value << user.gid << YAML::Key
        << "groups" << YAML::Value << YAML::Flow << accounts.supplementary_groups(user.name)
        << YAML::Key << "home" << YAML::Value << user.home << YAML::Key << "shell" << YAML::Value
        << user.shell << YAML::Key << "comment" << YAML::Value << user.comment;
    if (const ShadowRecord* shadow = accounts.shadow_of(user.name)) {
      out << YAML::Key << "password" << YAML::Value
          << std::string(password_state_name(shadow->password));
      out << YAML::Key << "expires" << YAML::Value << (shadow->expires ? *shadow->expires : "never");
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq;
  for (const GroupRecord& group : accounts.groups)
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << group.name
        << YAML::Key << "gid" << YAML::Value << group.gid << YAML::Key << "members" << YAML::Value
        << group.members << YAML::EndMap;
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace twin::resources
