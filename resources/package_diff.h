// Deciding, apart from doing: the changes one package declaration needs,
// from what dpkg reports (DpkgDatabase) and what apt offers (PackagePolicy).
// Pure: no process runs here, so every rule is tested with tables.
#pragma once

#include <string>
#include <vector>

#include "engine/core/plan.h"
#include "engine/core/result.h"
#include "resources/apt_policy.h"
#include "resources/dpkg_status.h"
#include "resources/package_spec.h"

namespace twin::resources {

/// True when diff_package() needs apt's policy for `spec` (something may be
/// installed or upgraded), so plan asks `apt-cache policy` only for those.
bool needs_policy(const PackageSpec& spec, const InstalledPackage* installed);

/// Whether `spec` wants the package marked auto-installed: its `auto`, or
/// else the mark it has now (`marked_auto`; false when not installed).
bool wants_auto(const PackageSpec& spec, const InstalledPackage* installed, bool marked_auto);

/// The changes that make the machine match `spec`, in the order apply makes
/// them (UNHOLD before a version change, MARK and HOLD after it). Empty when
/// it already matches. `installed` is null when dpkg does not know the name;
/// `policy` is null when apt does not; `marked_auto` is apt's mark now.
/// apt-get install marks what it installs by name as manually installed,
/// so a version change of a package that stays auto-installed comes with a
/// MARK. A spec's preferred_version (see apply_record()) is installed as
/// "the recorded version". Errors (context = `address`, span =
/// the title or the ensure value):
///   E3303  nothing to install: no candidate (suggests `apt-get update`)
///   E3304  ensure = "VERSION" that no package source offers
///   E3305  removing/purging an Essential or Priority: required package
///          without allow_risky = true
///   E3306  the package is half-installed or failed to configure
engine::Result<std::vector<engine::Change>> diff_package(const PackageSpec& spec,
                                                         const InstalledPackage* installed,
                                                         const PackagePolicy* policy,
                                                         const std::string& address,
                                                         bool marked_auto = false);

/// The E3305 refusal for removing `victim`; `declared_by` names the
/// resource whose change takes it away.
engine::Error risky_removal_error(const InstalledPackage& victim, bool purge,
                                  const std::string& declared_by, const lang::Span& span);

}  // namespace twin::resources
