// FNV-1a, 64 bits: a fast, stable (across builds and machines) hash for
// checksums and fingerprints of local caches. Not cryptographic: use it
// only where a collision costs a re-read, never where an attacker chooses
// the input to win something.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace twin::engine {

inline constexpr std::uint64_t kFnv1aBasis = 14695981039346656037ull;

/// Continues the hash `hash` over `bytes` (start from kFnv1aBasis).
inline std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = kFnv1aBasis) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

/// `value` as 16 lowercase hex digits.
inline std::string hex16(std::uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = kHex[value & 15];
  return out;
}

}  // namespace twin::engine
