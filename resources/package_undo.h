// Undo data of the package provider: the state of every package one dpkg
// or apt-get call may touch (the declared packages and the blast radius of
// its simulation), taken just before the call, and the restore that puts it
// back. Restoring reinstalls old versions from the package sources, so it is
// best-effort: a version no source offers any more cannot come back, and
// configuration files that were purged are gone.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/result.h"
#include "resources/apt_target.h"
#include "resources/dpkg_status.h"

namespace twin::resources {

struct PackageSnapshot {
  enum class State { kAbsent, kConfigFiles, kInstalled };
  std::string name;
  State state = State::kAbsent;
  std::string version;  // kInstalled only
  bool held = false;
  /// apt's auto-installed mark; nullopt in records from before marks were
  /// kept (then the mark is left as it is).
  std::optional<bool> automatic;

  bool operator==(const PackageSnapshot&) const = default;
};

/// The snapshot of `name` in `db` (kAbsent when dpkg does not know it). A
/// broken (half-installed) package counts as installed at its version.
/// With `auto_marks` (apt-mark showauto) an installed one keeps its mark.
PackageSnapshot snapshot_of(const DpkgDatabase& db, const std::string& name,
                            const std::set<std::string, std::less<>>* auto_marks = nullptr);
inline PackageSnapshot snapshot_of(const DpkgDatabase& db, const std::string& name,
                                   const std::set<std::string, std::less<>>& auto_marks) {
  return snapshot_of(db, name, &auto_marks);
}

/// Record data: {"call": what ran, "packages": [{name, state, version, held[, auto]}]}.
nlohmann::json snapshots_to_json(const std::string& call,
                                 const std::vector<PackageSnapshot>& snapshots);
/// E3307 when `data` is not what snapshots_to_json() wrote or names a
/// package that is not a valid Debian name (records are not trusted).
engine::Result<std::vector<PackageSnapshot>> snapshots_from_json(const nlohmann::json& data);

/// Puts every package of `snapshots` back: unholds what must change, then
/// one `apt-get install` that reinstalls old versions (NAME=VERSION) and
/// removes what was absent (NAME-), refused (E3308) before any change if its
/// simulation would touch a package the record does not cover; then purges
/// what was absent but left configuration files (or a not-installed entry
/// after a failed install), and restores holds and apt's auto-installed
/// marks (apt-mark auto/manual; a reinstall marks a package manual).
/// Finally compares the machine with the snapshots: E3308 lists what could
/// not be restored (e.g. "app 1.0: no package source offers that version").
/// E3302 when a tool fails.
engine::Status restore_snapshots(const AptTarget& target,
                                 const std::vector<PackageSnapshot>& snapshots);

}  // namespace twin::resources
