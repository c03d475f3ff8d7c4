// The whole account database of a target root, as the `user` and `group`
// resources and the snapshot see it: etc/passwd, etc/group, etc/shadow and
// etc/login.defs, parsed (pure functions) and loaded through RootedFs.
//
// A password hash is a secret: parse_shadow() reduces the field to a
// PasswordState at once, so no hash is ever held, planned or recorded.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

struct UserRecord {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;  // primary group
  std::string comment;  // GECOS
  std::string home;
  std::string shell;
};

struct GroupRecord {
  std::string name;
  gid_t gid = 0;
  std::vector<std::string> members;  // supplementary members, as listed
};

/// What the password field of etc/shadow says, without the hash.
enum class PasswordState {
  kUsable,  // a hash: the account can log in with a password
  kLocked,  // a hash behind "!": `usermod -U` makes it usable again
  kNone,    // no hash ("*", "!", "!*"): no password login, nothing to unlock
  kEmpty,   // an empty field: login without a password where PAM allows it
};

/// "usable", "locked", "none", "empty": the values of `password`.
std::string_view password_state_name(PasswordState state);
std::optional<PasswordState> password_state_from_name(std::string_view name);
/// The state of one shadow password field.
PasswordState classify_password(std::string_view field);

struct ShadowRecord {
  std::string name;
  PasswordState password = PasswordState::kNone;
  /// The account's expiry date as "YYYY-MM-DD" (field 8, days since
  /// 1970-01-01), or nullopt when it never expires.
  std::optional<std::string> expires;
};

/// Parsers for passwd(5), group(5) and shadow(5) text. Comments, blank,
/// NIS ("+"/"-") and malformed lines are skipped; a repeated name keeps its
/// first line, as the C library's lookups do.
std::vector<UserRecord> parse_passwd(std::string_view text);
std::vector<GroupRecord> parse_group(std::string_view text);
std::vector<ShadowRecord> parse_shadow(std::string_view text);

/// Days since 1970-01-01 as "YYYY-MM-DD", and back; nullopt when malformed.
std::string date_of_day(long days);
std::optional<long> day_of_date(std::string_view date);

/// The ranges of login.defs(5) that make an id a regular one; ids outside
/// are system accounts. Debian's defaults when the file does not set them.
struct IdRanges {
  unsigned uid_min = 1000, uid_max = 60000;
  unsigned gid_min = 1000, gid_max = 60000;
  bool system_uid(uid_t uid) const { return uid < uid_min || uid > uid_max; }
  bool system_gid(gid_t gid) const { return gid < gid_min || gid > gid_max; }
};
IdRanges parse_login_defs(std::string_view text);

/// Everything above for one root.
struct AccountsState {
  std::vector<UserRecord> users;
  std::vector<GroupRecord> groups;
  std::vector<ShadowRecord> shadow;
  IdRanges ranges;

  const UserRecord* user(std::string_view name) const;
  const GroupRecord* group(std::string_view name) const;
  const GroupRecord* group_by_id(gid_t gid) const;
  const ShadowRecord* shadow_of(std::string_view name) const;
  /// The groups that list `user` as a member, sorted by name.
  std::vector<std::string> supplementary_groups(std::string_view user) const;

  /// Reads ROOT/etc/{passwd,group,shadow,login.defs}; a missing file is
  /// empty. Errors: those of RootedFs.
  static engine::Result<AccountsState> load(const RootedFs& fs);
};

}  // namespace twin::resources
