// MD5 (RFC 1321), only to compare a file with the digest dpkg recorded for
// it (the Conffiles field of var/lib/dpkg/status): dpkg's own choice, not a
// security measure. No library the project uses offers it.
#pragma once

#include <string>
#include <string_view>

namespace twin::resources {

/// The digest of `bytes` as 32 lower-case hex digits, as dpkg writes it.
std::string md5_hex(std::string_view bytes);

}  // namespace twin::resources
