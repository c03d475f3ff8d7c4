// The read-only questions the package provider asks a root, each one
// process however many packages are involved: what is installed
// (dpkg-query), what could be installed (apt-cache policy), and what one
// apt-get call would do (apt-get -s). None of them changes the machine.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/core/result.h"
#include "resources/apt_policy.h"
#include "resources/apt_simulation.h"
#include "resources/apt_target.h"
#include "resources/dpkg_status.h"

namespace twin::resources {

using PolicyMap = std::map<std::string, PackagePolicy, std::less<>>;

/// Every package dpkg knows under the root. Errors: E3302, E3310.
engine::Result<DpkgDatabase> observe_packages(const AptTarget& target);

/// The packages apt marks auto-installed (`apt-mark showauto`), native
/// names only (a foreign "name:arch" is left out). E3302.
engine::Result<std::set<std::string, std::less<>>> observe_auto_marks(const AptTarget& target);

/// apt's policy for `names` (empty map without running anything when
/// `names` is empty). Unknown names are missing from the map. E3302.
engine::Result<PolicyMap> query_policy(const AptTarget& target,
                                       const std::vector<std::string>& names);

/// What `call` would do, from `apt-get -s`. E3302 when apt refuses (unmet
/// dependencies, unknown package), E3310.
engine::Result<std::vector<SimulatedChange>> simulate_call(const AptTarget& target,
                                                           const AptGetCall& call);

}  // namespace twin::resources
