// The packages collector: what dpkg says is installed under the target root
// (one `dpkg-query --admindir=ROOT/var/lib/dpkg -W` call, as the package
// provider observes), and which of those apt installed only as dependencies
// (ROOT/var/lib/apt/extended_states, "Auto-Installed: 1"). Manually
// installed packages become `package` resources in state/.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/host.h"
#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

struct CollectedPackage {
  std::string name;
  std::string architecture;
  std::string version;
  bool manual = true;  // not marked Auto-Installed by apt
  bool held = false;
  bool essential = false;
  std::string priority;
};

struct PackagesCollection {
  std::vector<CollectedPackage> packages;  // installed ones, sorted by name
  std::optional<std::string> note;         // why nothing was collected, when so
};

/// (name, architecture) pairs marked "Auto-Installed: 1" in apt's
/// extended_states text (deb822 stanzas; a stanza without Architecture
/// gets "").
std::set<std::pair<std::string, std::string>> parse_auto_installed(std::string_view text);

/// Collects installed packages. A root without ROOT/var/lib/dpkg/status
/// gives no packages and a note. Errors: those of dpkg-query (E3302, E3310).
engine::Result<PackagesCollection> collect_packages(const engine::Host& host, const RootedFs& fs);

}  // namespace twin::resources
