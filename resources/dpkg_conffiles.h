// The configuration files dpkg installed and the MD5 digest each had as the
// package shipped it: the Conffiles field of ROOT/var/lib/dpkg/status. A
// file whose bytes still have that digest is the package's default, which a
// snapshot records as `file "PATH" { package_default = "PKG" }` instead of
// mirroring it (resources/collect_snapshot.cc).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

struct Conffile {
  std::string package;
  std::string version;       // of the installed package, whose .deb holds the file
  std::string architecture;
  std::string md5;  // 32 hex digits
};

/// Conffiles of the installed packages ("Status: install ok installed"),
/// by path. Obsolete ones (no longer in the package) are left out; for a
/// path two packages list, the first wins.
std::map<std::string, Conffile> parse_conffiles(std::string_view status_text);

/// Reads ROOT/var/lib/dpkg/status; a root without one has none. Errors:
/// those of RootedFs.
engine::Result<std::map<std::string, Conffile>> read_conffiles(const RootedFs& fs);

}  // namespace twin::resources
