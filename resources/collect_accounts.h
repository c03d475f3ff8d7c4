// The accounts collector: the users and groups of the target root as
// `user` and `group` resources (state/accounts.twin) and as a record
// (live/accounts.yaml). etc/passwd, etc/group and their shadows are not
// mirrored as text (collect_file_rules.h): a reverted passwd beside a live
// shadow would disagree. No password hash is read into either: only its
// state (usable, locked, none, empty) and the expiry date.
#pragma once

#include <string>

#include "resources/account_records.h"
#include "resources/collect_manifests.h"

namespace twin::resources {

/// state/accounts.twin: a `group` per group, then a `user` per user (uid,
/// primary and supplementary groups, home, shell, comment, system, password,
/// expires), then `accounts "unlisted" { ensure = "absent" }` so that
/// applying it removes the accounts made after the snapshot. Accounts
/// declared by hand are left out; names the resources cannot take are left
/// out and kept from removal.
std::string accounts_manifest(const AccountsState& accounts, const DeclaredAddresses& declared);

/// live/accounts.yaml: users and groups with their ids and fields.
std::string accounts_yaml(const AccountsState& accounts);

}  // namespace twin::resources
