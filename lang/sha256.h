// SHA-256 (OpenSSL), for the language's sha256() and for fingerprints of
// content that must not be shown.
#pragma once

#include <string>
#include <string_view>

namespace twin::lang {

/// Lower-case hex digest of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace twin::lang
