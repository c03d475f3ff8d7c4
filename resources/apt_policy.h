// Which versions apt can install: the parser for one `apt-cache policy`
// call over the declared packages (installed version, candidate, and every
// version with the sources that offer it).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace twin::resources {

struct PolicyVersion {
  std::string version;
  /// Offered by a package source, not only by the dpkg status file (so
  /// `apt-get install NAME=VERSION` can fetch it).
  bool downloadable = false;
};

struct PackagePolicy {
  std::string name;
  std::string installed;                // "" for "(none)"
  std::string candidate;                // "" for "(none)": nothing to install
  std::vector<PolicyVersion> versions;  // in apt's order, newest first

  /// True when `version` is offered by a package source.
  bool downloadable(std::string_view version) const;
  /// The downloadable versions, comma separated, for messages.
  std::string downloadable_list() const;
};

/// Policies by name. Packages apt does not know are simply missing (apt
/// prints nothing for them). Unknown lines are skipped: the format is for
/// people, so the parser keeps only what it recognises.
std::map<std::string, PackagePolicy, std::less<>> parse_apt_policy(std::string_view output);

}  // namespace twin::resources
