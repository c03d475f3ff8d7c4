// SHA-256 (OpenSSL), for the language's sha256() and for fingerprints of
// content that must not be shown.
#pragma once

#include <string>
#include <string_view>

namespace twin::lang {

/// Lower-case hex digest of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// Lower-case hex HMAC-SHA-256 of `bytes` under `key`: a digest only the
/// holder of the key can compute, so a short secret cannot be guessed from it.
std::string hmac_sha256_hex(std::string_view key, std::string_view bytes);

}  // namespace twin::lang
