// Which files a snapshot leaves out of the twin, and why. Pure functions of
// a path, its metadata and its bytes, table-tested; the files collector
// applies them in this order: name rules, mode rule, size, content.
//
// Secrets never enter the twin by default (config.yaml's
// files.include_secrets opts a path in):
//   - /etc/shadow, /etc/gshadow and their "-" backups;
//   - /etc/ssh/ssh_host_*_key (the private halves; .pub files are kept);
//   - anything under /etc/ssl/private and /etc/NetworkManager/system-connections;
//   - wpa_supplicant files holding a psk= line;
//   - files holding a PEM private key block;
//   - files only root may read (no read bit for others, and the group
//     that may read is root's).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "resources/rooted_fs.h"

namespace twin::resources {

/// The secret rule a path matches by its name alone, e.g. "shadow
/// password file"; nullopt when none.
std::optional<std::string> secret_path_reason(std::string_view path);

/// The secret rule the bytes of `path` match ("PEM private key",
/// "wpa_supplicant psk= line"); nullopt when none.
std::optional<std::string> secret_content_reason(std::string_view path, std::string_view content);

/// True when only root may read the file: no read bit for others, and no
/// group read bit unless the group is root (gid 0).
bool only_root_may_read(const FileMeta& meta);

/// True when the bytes look binary: a NUL byte in the first 8000 bytes (as
/// Git decides) or invalid UTF-8 anywhere (a .twin manifest and a text diff
/// need UTF-8).
bool looks_binary(std::string_view content);

/// Why a symlink is the service provider's to manage, not the files
/// mirror's: the links `systemctl enable` and `mask` make under
/// /etc/systemd/system and /etc/systemd/user, and the SysV start links in
/// /etc/rc?.d that systemd-sysv-install makes. Mirroring them as files too
/// would make a `service { enabled = false }` and its old link fight.
/// nullopt for any other path.
std::optional<std::string> service_link_reason(std::string_view path);

/// Why a path belongs to the package system rather than the twin: dpkg's
/// alternatives (/etc/alternatives and what is in it) follow the packages,
/// so mirroring them would make the plan recreate links to programs a
/// removed package took away. nullopt for any other path.
std::optional<std::string> package_system_reason(std::string_view path);

/// Why a path is the account database, which the snapshot records as
/// `user` and `group` resources instead (/etc/passwd, group, shadow,
/// gshadow, subuid, subgid and their "-" backups): a passwd reverted as
/// text beside a live shadow would disagree. nullopt for any other path.
std::optional<std::string> account_database_reason(std::string_view path);

/// Why a path is out of every twin's reach: the machine's trust list under
/// /etc/twinsync (resources/file_spec.h, kTrustDir), which says whose
/// signatures approve risky changes. Never mirrored, never purged.
std::optional<std::string> trust_config_reason(std::string_view path);

/// Why a path cannot be named in a manifest (control characters, invalid
/// UTF-8, not absolute and normal); nullopt when it can.
std::optional<std::string> unnameable_path_reason(std::string_view path);

}  // namespace twin::resources
