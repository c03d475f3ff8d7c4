#include "lang/value_formats.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace twin::lang {
namespace {

// Strict UTF-8 (no overlong forms, surrogates or code points above U+10FFFF):
// paths travel in plans and journals as JSON strings.
bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                      : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (length == 0 || i + length > s.size()) return false;
    unsigned code = length == 1 ? c : c & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr unsigned kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

// The components of a path without its leading '/'.
std::optional<std::string> components_problem(std::string_view rest) {
  if (rest.find('\0') != std::string_view::npos) return "path contains a NUL byte";
  if (!is_valid_utf8(rest)) return "path is not valid UTF-8";
  if (rest.find("//") != std::string_view::npos || (!rest.empty() && rest.front() == '/'))
    return "path contains '//'";
  if (!rest.empty() && rest.back() == '/') return "path must not end with '/'";
  while (!rest.empty()) {
    std::size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    if (part == "..") return "path contains a '..' component";
    if (part == ".") return "path contains a '.' component";
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  return std::nullopt;
}

}  // namespace

bool FormatRegistry::add(ValueFormat format) {
  if (find(format.name)) return false;
  formats_.push_back(std::move(format));
  return true;
}

const ValueFormat* FormatRegistry::find(std::string_view name) const {
  auto it = std::find_if(formats_.begin(), formats_.end(),
                         [&](const ValueFormat& f) { return f.name == name; });
  return it == formats_.end() ? nullptr : &*it;
}

std::vector<std::string> FormatRegistry::names() const {
  std::vector<std::string> names;
  for (const ValueFormat& f : formats_) names.push_back(f.name);
  return names;
}

std::string_view FormatRegistry::noun(std::string_view format) const {
  const ValueFormat* f = find(format);
  return f ? std::string_view(f->noun) : format;
}

std::optional<FormatProblem> FormatRegistry::check(std::string_view format,
                                                   std::string_view text) const {
  const ValueFormat* f = find(format);
  if (!f || !f->problem) return std::nullopt;
  auto problem = f->problem(text);
  if (!problem) return std::nullopt;
  return FormatProblem{std::move(*problem), f->hint};
}

void add_generic_formats(FormatRegistry& registry) {
  registry.add(
      {"mode", "mode", "a mode is 3 or 4 octal digits in a string, e.g. \"0644\"", mode_problem});
  registry.add({"absolute_path", "path",
                "write an absolute, normal path, e.g. \"/etc/motd\" (no '.', '..', '//' or "
                "trailing '/')",
                absolute_path_problem});
  registry.add({"relative_path", "path",
                "write a path inside the twin directory, e.g. \"files/motd\" (no leading '/', "
                "'.', '..' or '//')",
                relative_path_problem});
}

std::string describe_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (c == ' ') return "a space";
  if (u < 0x20 || u >= 0x7f) return fmt::format("byte 0x{:02x}", u);
  return fmt::format("'{}'", c);
}

std::optional<std::string> mode_problem(std::string_view text) {
  if (text.size() < 3 || text.size() > 4)
    return fmt::format("a mode has 3 or 4 digits, not {}", text.size());
  for (char c : text)
    if (c < '0' || c > '7') return fmt::format("{} is not an octal digit", describe_char(c));
  return std::nullopt;
}

std::optional<std::string> absolute_path_problem(std::string_view text) {
  if (text.empty()) return "path is empty";
  if (text.front() != '/') return "path must be absolute";
  if (text == "/") return std::nullopt;
  return components_problem(text.substr(1));
}

std::optional<std::string> relative_path_problem(std::string_view text) {
  if (text.empty()) return "path is empty";
  if (text.front() == '/') return "path must be relative to the twin directory";
  return components_problem(text);
}

}  // namespace twin::lang
