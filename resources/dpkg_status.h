// What dpkg says is installed: the parser for one `dpkg-query -W` call over
// every package (kDpkgQueryFormat), so observing N packages costs one process.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "engine/core/result.h"

namespace twin::resources {

/// The format passed to `dpkg-query -W -f=`: one tab-separated line per
/// package. db:Status-Abbrev's first letter is the selection ('h' = hold,
/// the same fact as ${db:Status-Want}), its second the install status.
inline constexpr char kDpkgQueryFormat[] =
    "${Package}\\t${Architecture}\\t${Version}\\t${db:Status-Abbrev}\\t${Essential}\\t${Priority}"
    "\\n";

/// How far a package is installed (dpkg's status letter).
enum class InstallState {
  kNotInstalled,  // 'n': known (e.g. selected) but not installed
  kConfigFiles,   // 'c': removed, configuration files left ("rc")
  kInstalled,     // 'i'
  kBroken,        // 'U', 'F', 'H', 'W', 't': an interrupted or failed operation
};

struct InstalledPackage {
  std::string name;
  std::string architecture;
  std::string version;  // may be set for kConfigFiles too
  InstallState state = InstallState::kNotInstalled;
  char status_letter = 'n';  // for messages about kBroken
  bool held = false;
  bool essential = false;  // Essential: yes
  std::string priority;    // "required", "important", ..., or ""

  /// Unpacked on disk in some form: installed or broken.
  bool on_disk() const {
    return state == InstallState::kInstalled || state == InstallState::kBroken;
  }
  /// Removing it can break the system: Essential: yes or Priority: required.
  bool risky() const { return essential || priority == "required"; }
};

/// Packages by name. With several architectures of one name (multiarch),
/// the entry that is most installed wins.
using DpkgDatabase = std::map<std::string, InstalledPackage, std::less<>>;

/// Parses dpkg-query output in kDpkgQueryFormat. Errors: E3310 naming the
/// first line that does not have six fields or has an unknown status.
engine::Result<DpkgDatabase> parse_dpkg_query(std::string_view output);

}  // namespace twin::resources
