// The state/*.twin manifests a snapshot generates from what it observed, so
// that planning right after a snapshot on the same machine plans nothing:
//   state/files.twin     one `mirror` per collected root (with the owner,
//                        group and mode most of its files have) and a
//                        `file` for each file that differs from those;
//   state/packages.twin  a `package` per manually installed package
//                        (`hold = true` when held);
//   state/services.twin  a `service` per enabled, disabled, masked or static
//                        unit, saying what restores its enablement;
//   state/crontabs.twin  a `crontab` per user whose crontab is valid;
//   state/accounts.twin  a `group` and `user` per account (collect_accounts.h).
// Addresses declared by hand in the twin's other manifests are left out
// (the person's declaration wins). The text is formatted canonically.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"
#include "resources/account_db.h"
#include "resources/collect_crontabs.h"
#include "resources/collect_files.h"
#include "resources/collect_packages.h"
#include "resources/collect_services.h"

namespace twin::resources {

/// Addresses (`type["title"]`) not to generate.
using DeclaredAddresses = std::set<std::string>;

/// The comment that opens every generated manifest, naming `what` it was
/// generated from.
std::string generated_header(std::string_view what);

/// The twin's generated manifests, relative to the twin:
/// "state/accounts.twin" (resources/collect_accounts.h), "state/crontabs.twin", "state/files.twin", "state/packages.twin",
/// "state/services.twin".
const std::vector<std::string>& generated_manifests();

/// Where a root's files live in the twin: "/etc" -> "filesystem/etc".
std::string mirror_source(const std::string& root);

std::string files_manifest(const FilesCollection& files, const AccountDb& accounts,
                           const DeclaredAddresses& declared);
/// With `remove_unlisted` (the dpkg database was read), the manifest ends
/// with `packages "unlisted" { ensure = "absent" }`, so that applying it
/// removes the packages installed by hand after the snapshot.
std::string packages_manifest(const std::vector<CollectedPackage>& packages,
                              const DeclaredAddresses& declared, bool remove_unlisted = false);
/// True when services_manifest declares a unit in `state` (is-enabled's
/// word): enabled, enabled-runtime, disabled, masked, static.
bool enablement_recorded(std::string_view state);

/// Enabled and disabled units get `enabled = BOOL` and `masked = false` (a
/// mask made since is lifted before `enabled` applies), masked ones
/// `masked = true`, static ones `masked = false` alone (they cannot be
/// enabled), the last two on one line each. Other states are left out.
std::string services_manifest(const std::vector<CollectedService>& services,
                              const DeclaredAddresses& declared);
/// Crontabs with a problem or whose user the target does not know are left
/// out and named in `left_out` ("alice: line 3: ...").
/// With `spool_read`, the manifest ends with `crontabs "unlisted" { ensure =
/// "absent" }` keeping the crontabs it left out, so that applying it removes
/// the crontabs added after the snapshot.
std::string crontabs_manifest(const std::vector<CollectedCrontab>& crontabs,
                              const AccountDb& accounts, const DeclaredAddresses& declared,
                              std::vector<std::string>& left_out, bool spool_read = true);

/// `text` in the canonical layout (lang/formatter.h). Errors: E1501 naming
/// `name` when it does not parse (a bug in a generator).
engine::Result<std::string> canonical_manifest(const std::string& name, const std::string& text);

}  // namespace twin::resources
