// What `packages "unlisted"` stands for, decided from the packages
// installed now and the last snapshot's record of them (live/packages.yaml,
// package_record.h). Without a record it removes the manually installed
// packages no manifest lists. With one it gives back the snapshot's whole
// package set:
//   - a package recorded as auto-installed that is now manual is not
//     removed but marked auto-installed again;
//   - a recorded auto-installed package that is gone, or has another
//     version, hold or mark, is restored (`package "NAME" {}`, which the
//     record then fills in: see fill_from_record());
//   - an auto-installed package the snapshot did not record (a dependency
//     pulled in since) is removed when apt's own autoremove rule says nothing
//     installed needs it once the removals are done, and removing it takes
//     nothing else along.
// Essential, Priority: required and `keep` packages are never removed.
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.h"
#include "resources/apt_target.h"
#include "resources/collect_packages.h"
#include "resources/package_record.h"

namespace twin::resources {

struct UnlistedDecision {
  std::vector<std::string> removals;  // manual packages the twin does not record
  std::vector<std::string> restores;  // recorded auto-installed packages that differ
  std::vector<std::string> new_dependencies;  // auto-installed since: may go
};

/// Pure: the decision for `installed` (collect_packages()) against `record`
/// (null: none), with `keep` fnmatch patterns. Sorted by name.
UnlistedDecision decide_unlisted(const std::vector<CollectedPackage>& installed,
                                 const PackageRecord* record, const std::vector<std::string>& keep);

/// The `candidates` that apt would remove as no longer needed after
/// `removals` (`apt-get -s --auto-remove remove -- REMOVALS`, or `apt-get
/// -s autoremove`) and whose removal takes nothing along but other such
/// candidates and `removals` (checked with `apt-get -s remove`). E3302,
/// E3310.
engine::Result<std::vector<std::string>> unneeded_new_dependencies(
    const AptTarget& target, const std::vector<std::string>& removals,
    const std::vector<std::string>& candidates);

/// True when `name` matches one of the fnmatch `patterns`.
bool matches_any(const std::string& name, const std::vector<std::string>& patterns);

}  // namespace twin::resources
