// How the package steps of a plan (or of one apply group) map to apt-get
// calls: ONE install call for every install and upgrade, ONE remove call,
// ONE purge call. And what the `apt-get -s` simulation of such a call means:
// the packages it changes beyond the declared ones (the blast radius shown
// in the plan and covered by undo records), which it may not touch silently
// (Essential / Priority: required removals, undeclared holds).
#pragma once

#include <string>
#include <vector>

#include "engine/core/plan.h"
#include "engine/core/result.h"
#include "resources/apt_simulation.h"
#include "resources/apt_target.h"
#include "resources/dpkg_status.h"
#include "resources/package_spec.h"
#include "resources/package_actions.h"

namespace twin::resources {

/// One declared package and the changes planned for it.
struct PackageWork {
  PackageSpec spec;
  std::string address;
  std::vector<engine::Change> changes;

  bool has(engine::Action action) const;
  /// INSTALL or UPGRADE: the call changes its version.
  bool changes_version() const {
    return has(package_action::kInstall) || has(package_action::kUpgrade);
  }
  bool removes() const { return has(package_action::kRemove) || has(package_action::kPurge); }
};

/// One apt-get call and the work items (indices) it serves.
struct AptBatch {
  AptGetCall call;
  std::vector<std::size_t> members;
  bool empty() const { return call.packages.empty(); }
};

struct AptBatches {
  AptBatch remove, purge, install;  // in the order apply runs them
};

/// Groups `work` into the three calls, in declaration order.
AptBatches batch_apt_calls(const std::vector<PackageWork>& work);

/// What a simulation of `batch` means for a plan.
struct BlastRadius {
  std::vector<std::string> details;  // "also installs: libfoo1 (2.0)", ...
  std::vector<std::string> touched;  // every package the call changes, declared or not
  std::vector<std::string> removed;  // the packages it removes or purges that are not declared
  bool removes_essential = false;    // needs --allow-remove-essential
};

/// Checks and describes `simulation` of `batch` against `db`. Errors:
/// E3305 when it removes an Essential or Priority: required package that
/// allow_risky does not cover (the declared one's own flag, or for a package
/// taken along, the flag of every member of the batch); E3311 when it
/// changes a held package that is not declared.
engine::Result<BlastRadius> blast_radius(const AptBatch& batch,
                                         const std::vector<PackageWork>& work,
                                         const std::vector<SimulatedChange>& simulation,
                                         const DpkgDatabase& db);

/// "apt-get remove -- a b": how a call is named in records and messages.
std::string describe_call(const AptGetCall& call);

}  // namespace twin::resources
