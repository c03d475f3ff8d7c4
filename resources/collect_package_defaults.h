// The twin holds what the admin changed, not the distribution: a collected
// file that is one of an installed package's conffiles, still holds the
// bytes dpkg recorded for it (same MD5) and has the mode and owner a
// package file has (0644 root:root) is moved from `files` to
// `package_defaults`. The snapshot then records `file "PATH" {
// package_default = "PKG" }` instead of a copy; applying it brings the
// package's bytes back if the file is edited or deleted later.
#pragma once

#include <map>
#include <filesystem>
#include <string>
#include <vector>

#include "resources/collect_files.h"
#include "resources/dpkg_conffiles.h"

namespace twin::resources {

/// Moves the defaults out of `files`; with `twin_dir`, keeps a local copy
/// of each (PackageFiles::keep_copy) so going back needs no network.
/// Returns the problems keeping a copy had (the default is recorded anyway).
std::vector<std::string> set_aside_package_defaults(
    FilesCollection& files, const std::map<std::string, Conffile>& conffiles,
    const std::filesystem::path& twin_dir = {});

}  // namespace twin::resources
