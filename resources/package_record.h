// What the last snapshot recorded of every installed package
// (live/packages.yaml, written by collect_live.cc): version, apt's
// auto-installed mark and hold. It is the part of a snapshot that the
// manifests leave open (state/packages.twin lists only the manually
// installed packages and no versions), so going back reads it to restore
// the whole package set. Twin content may be hostile: the file is read
// beneath the twin and never through a symlink.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/result.h"
#include "resources/apt_policy.h"
#include "resources/package_spec.h"

namespace twin::resources {

struct RecordedPackage {
  std::string version;
  bool automatic = false;  // apt's Auto-Installed mark
  bool held = false;
};

/// Recorded packages by name. The resources take no architecture
/// qualifiers: of a name recorded for several architectures (multiarch)
/// the first entry stands for it.
using PackageRecord = std::map<std::string, RecordedPackage, std::less<>>;

/// Parses live/packages.yaml. nullopt for a record that holds no package
/// list (a snapshot of a root without dpkg writes only a `note`). Errors:
/// E3313 for text that is not such a record.
engine::Result<std::optional<PackageRecord>> parse_package_record(std::string_view yaml);

/// The record of the twin at `twin_dir`: nullopt when it has none.
/// E3313 when it cannot be read beneath the twin (a symlink on the way,
/// not a regular file) or does not parse.
engine::Result<std::optional<PackageRecord>> read_package_record(
    const std::filesystem::path& twin_dir);

/// Fills what `spec` leaves open from the record's entry for its name: an
/// unset `hold` and `auto` take the recorded ones, and ensure = "present"
/// prefers the recorded version. A declaration that says otherwise wins.
void fill_from_record(PackageSpec& spec, const RecordedPackage& recorded);

/// Keeps spec.preferred_version only when a package source offers it
/// (`policy`, null when apt does not know the name). Otherwise clears it,
/// so apt's candidate is installed or the installed version stays, and
/// returns why for the plan ("the recorded version 1.0 is no longer
/// offered"); nullopt when nothing was cleared.
std::optional<std::string> keep_offered_version(PackageSpec& spec, const PackagePolicy* policy);

}  // namespace twin::resources
