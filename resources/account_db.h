// Users and groups of the TARGET root, read from its etc/passwd and
// etc/group. getpwnam() would answer for the host, which is wrong for a
// sandbox or a mounted image, and may consult NSS modules.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

/// Name and numeric id of one line of a passwd- or group-format file.
using IdEntry = std::pair<std::string, unsigned>;

/// Parses passwd(5) or group(5) text: the first field is the name, the third
/// the id. Blank lines, comments, NIS "+"/"-" lines and malformed lines are
/// skipped; for a repeated name the first line wins (as in getpwnam).
std::vector<IdEntry> parse_id_file(std::string_view text);

class AccountDb {
 public:
  AccountDb() = default;
  AccountDb(std::vector<IdEntry> users, std::vector<IdEntry> groups)
      : users_(std::move(users)), groups_(std::move(groups)) {}

  /// Reads ROOT/etc/passwd and ROOT/etc/group; a missing file is empty.
  /// Errors: those of RootedFs (a file that escapes the root, I/O).
  static engine::Result<AccountDb> load(const RootedFs& fs);

  /// A name from the file or a decimal id ("33"). "root" is 0 even when the
  /// files do not list it. nullopt when unknown or malformed.
  std::optional<uid_t> resolve_user(std::string_view name_or_id) const;
  std::optional<gid_t> resolve_group(std::string_view name_or_id) const;

  /// The name of an id for messages ("www-data"), or the number as text.
  std::string user_name(uid_t uid) const;
  std::string group_name(gid_t gid) const;

 private:
  std::vector<IdEntry> users_;
  std::vector<IdEntry> groups_;
};

}  // namespace twin::resources
