#include "resources/tar_member.h"

#include <cstdint>

namespace twin::resources {
namespace {

constexpr std::size_t kBlock = 512;

std::string_view field(std::string_view header, std::size_t at, std::size_t size) {
  std::string_view f = header.substr(at, size);
  return f.substr(0, f.find('\0'));
}

// Sizes are octal text (or base-256 with the high bit set, for huge files,
// which a conffile never is: refused).
std::optional<std::uint64_t> octal(std::string_view text) {
  if (!text.empty() && (static_cast<unsigned char>(text.front()) & 0x80)) return std::nullopt;
  std::uint64_t value = 0;
  bool any = false;
  for (char c : text) {
    if (c == ' ') continue;
    if (c < '0' || c > '7') return std::nullopt;
    if (value > (UINT64_MAX >> 3)) return std::nullopt;
    value = value * 8 + static_cast<std::uint64_t>(c - '0');
    any = true;
  }
  return any ? std::optional(value) : std::nullopt;
}

std::string_view without_dot_slash(std::string_view name) {
  while (name.starts_with("./")) name.remove_prefix(2);
  return name;
}

}  // namespace

std::optional<std::string> tar_member(std::string_view archive, std::string_view name) {
  name = without_dot_slash(name);
  std::optional<std::string> long_name;
  for (std::size_t at = 0; at + kBlock <= archive.size();) {
    std::string_view header = archive.substr(at, kBlock);
    if (header.find_first_not_of('\0') == std::string_view::npos) return std::nullopt;  // end
    auto size = octal(field(header, 124, 12));
    if (!size || *size > archive.size()) return std::nullopt;
    std::size_t data = at + kBlock;
    if (data + *size > archive.size()) return std::nullopt;
    char type = header[156];
    std::string entry_name;
    if (long_name) {
      entry_name = std::move(*long_name);
      long_name.reset();
    } else {
      std::string_view prefix = field(header, 345, 155);
      entry_name = prefix.empty() ? std::string(field(header, 0, 100))
                                  : std::string(prefix) + "/" + std::string(field(header, 0, 100));
    }
    if (type == 'L') {
      std::string_view text = archive.substr(data, *size);
      long_name = std::string(text.substr(0, text.find('\0')));
    } else if ((type == '0' || type == '\0') && without_dot_slash(entry_name) == name) {
      return std::string(archive.substr(data, *size));
    }
    at = data + (*size + kBlock - 1) / kBlock * kBlock;
  }
  return std::nullopt;
}

}  // namespace twin::resources
