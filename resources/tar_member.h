// One member of a tar archive held in memory: what `dpkg-deb --fsys-tarfile`
// prints for a .deb (GNU tar format: ustar headers, 'L' records for long
// names). Pure; only what finding one regular file needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twin::resources {

/// The bytes of the regular file named `name` ("./etc/nanorc" or
/// "etc/nanorc"); nullopt when the archive has no such regular file or is
/// malformed before reaching it.
std::optional<std::string> tar_member(std::string_view archive, std::string_view name);

}  // namespace twin::resources
