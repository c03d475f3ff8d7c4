// ASCII helpers for protocol and configuration text (URL schemes, hosts,
// key names), where locale-dependent case rules must not apply.
#pragma once

#include <string>
#include <string_view>

namespace twin::engine {

/// `s` with A-Z turned into a-z; every other byte unchanged.
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace twin::engine
