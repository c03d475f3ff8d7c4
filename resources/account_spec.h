// The desired state of one `user` or `group` declaration (stdlib/user.twin,
// stdlib/group.twin). Types, enums and formats are checked by the checker
// from the schema; this file checks what the schema cannot say: id ranges,
// the `groups` list, bytes the account files cannot hold, the expiry date,
// and that an absent account says nothing else.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/core/plan.h"
#include "lang/diagnostic.h"
#include "resources/account_records.h"

namespace twin::resources {

struct UserSpec {
  std::string name;
  bool absent = false;
  std::optional<uid_t> uid;
  std::optional<std::string> group;                // primary group name
  std::optional<std::vector<std::string>> groups;  // sorted, without duplicates
  std::optional<std::string> home;
  std::optional<std::string> shell;
  std::optional<std::string> comment;
  bool system = false;
  std::optional<PasswordState> password;
  /// "YYYY-MM-DD", or "" for never; nullopt: not managed.
  std::optional<std::string> expires;
};

struct GroupSpec {
  std::string name;
  bool absent = false;
  std::optional<gid_t> gid;
  bool system = false;
};

/// Read and check a declaration, appending E0360-E0364 and E0367 to `sink`;
/// nullopt when it appended an error.
std::optional<UserSpec> read_user_spec(const engine::Resource& resource,
                                       lang::DiagnosticSink& sink);
std::optional<GroupSpec> read_group_spec(const engine::Resource& resource,
                                         lang::DiagnosticSink& sink);

}  // namespace twin::resources
