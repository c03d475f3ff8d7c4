#include "resources/collect_file_rules.h"

#include <algorithm>

#include "engine/core/secrets.h"
#include "resources/file_spec.h"
#include "resources/path_rules.h"
#include "resources/utf8.h"

namespace twin::resources {
namespace {

bool under(std::string_view path, std::string_view dir) {
  return path == dir || (path.size() > dir.size() && path.substr(0, dir.size()) == dir &&
                         path[dir.size()] == '/');
}

std::string_view base_name(std::string_view path) { return path.substr(path.rfind('/') + 1); }

}  // namespace

std::optional<std::string> secret_path_reason(std::string_view path) {
  for (std::string_view name : {"/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-"})
    if (path == name) return "shadow password file";
  std::string_view base = base_name(path);
  if (path.substr(0, path.size() - base.size()) == "/etc/ssh/" &&
      base.substr(0, 9) == "ssh_host_" && base.size() > 13 && base.ends_with("_key"))
    return "SSH host private key";
  if (under(path, "/etc/ssl/private")) return "TLS private key directory";
  if (under(path, "/etc/NetworkManager/system-connections"))
    return "NetworkManager connection (Wi-Fi and VPN secrets)";
  return std::nullopt;
}

std::optional<std::string> secret_content_reason(std::string_view path, std::string_view content) {
  (void)path;  // the content decides, wherever it lives
  return engine::secret_reason(content);
}

bool only_root_may_read(const FileMeta& meta) {
  if (meta.mode & 0004) return false;
  return !(meta.mode & 0040) || meta.gid == 0;
}

bool looks_binary(std::string_view content) {
  if (content.substr(0, 8000).find('\0') != std::string_view::npos) return true;
  return !is_valid_utf8(content);
}

std::optional<std::string> unnameable_path_reason(std::string_view path) {
  if (auto problem = absolute_path_problem(path)) return *problem;
  if (std::any_of(path.begin(), path.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return "path contains a control character";
  return std::nullopt;
}

std::optional<std::string> account_database_reason(std::string_view path) {
  if (path == "/etc/.pwd.lock") return "account database lock (lckpwdf)";
  for (std::string_view name : {"passwd", "group", "shadow", "gshadow", "subuid", "subgid"}) {
    std::string_view rest = path;
    if (!rest.starts_with("/etc/")) return std::nullopt;
    rest.remove_prefix(5);
    if (rest == name || (rest.size() == name.size() + 1 && rest.starts_with(name) && rest.back() == '-'))
      return "account database: recorded as user and group resources (state/accounts.twin)";
  }
  return std::nullopt;
}

std::optional<std::string> trust_config_reason(std::string_view path) {
  if (path == kTrustDir || (path.starts_with(kTrustDir) && path.size() > sizeof kTrustDir - 1 &&
                            path[sizeof kTrustDir - 1] == '/'))
    return "the machine's trust configuration: never in a twin";
  return std::nullopt;
}

std::optional<std::string> package_system_reason(std::string_view path) {
  if (path == "/etc/alternatives" || path.starts_with("/etc/alternatives/"))
    return "dpkg alternatives: they follow the packages";
  return std::nullopt;
}

std::optional<std::string> service_link_reason(std::string_view path) {
  for (std::string_view dir : {"/etc/systemd/system/", "/etc/systemd/user/"})
    if (path.substr(0, dir.size()) == dir)
      return "unit enablement link: the service resource manages it";
  // /etc/rc0.d/ .. /etc/rc6.d/ and /etc/rcS.d/
  if (path.size() > 9 && path.substr(0, 7) == "/etc/rc" && path.substr(8, 3) == ".d/" &&
      (std::string_view("0123456S").find(path[7]) != std::string_view::npos))
    return "SysV start link: the service resource manages it";
  return std::nullopt;
}

}  // namespace twin::resources
