#include "resources/debian_names.h"

#include <fmt/format.h>

#include "lang/value_formats.h"

namespace twin::resources {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::string> charset_problem(std::string_view text, std::string_view extra,
                                           std::string_view part) {
  for (char c : text) {
    if (is_alnum(c) || extra.find(c) != std::string_view::npos) continue;
    return fmt::format("{} is not allowed in the {}", lang::describe_char(c), part);
  }
  return std::nullopt;
}

// dpkg's lib/dpkg/version.c order(): '~' sorts before everything, even the
// end of the string; letters before other symbols.
int order(char c) {
  if (is_digit(c)) return 0;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return c;
  if (c == '~') return -1;
  if (c) return static_cast<unsigned char>(c) + 256;
  return 0;
}

int compare_fragment(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  auto at = [](std::string_view s, std::size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
      int ac = order(at(a, i));
      int bc = order(at(b, j));
      if (ac != bc) return ac - bc;
      ++i;
      ++j;
    }
    while (at(a, i) == '0') ++i;
    while (at(b, j) == '0') ++j;
    int first_diff = 0;
    while (is_digit(at(a, i)) && is_digit(at(b, j))) {
      if (!first_diff) first_diff = at(a, i) - at(b, j);
      ++i;
      ++j;
    }
    if (is_digit(at(a, i))) return 1;
    if (is_digit(at(b, j))) return -1;
    if (first_diff) return first_diff;
  }
  return 0;
}

struct VersionParts {
  std::string_view epoch, upstream, revision;
};

VersionParts split_version(std::string_view v) {
  VersionParts parts;
  if (auto colon = v.find(':'); colon != std::string_view::npos) {
    parts.epoch = v.substr(0, colon);
    v.remove_prefix(colon + 1);
  }
  if (auto dash = v.rfind('-'); dash != std::string_view::npos) {
    parts.revision = v.substr(dash + 1);
    v = v.substr(0, dash);
  }
  parts.upstream = v;
  return parts;
}

long long epoch_number(std::string_view epoch) {
  long long n = 0;
  for (char c : epoch) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::optional<std::string> package_name_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (auto colon = name.find(':'); colon != std::string_view::npos && colon > 0)
    return "architecture qualifiers (\"name:arch\") are not supported";
  for (char c : name)
    if (c >= 'A' && c <= 'Z') return std::string("it contains upper-case letters");
  if (!is_lower_alnum(name.front()))
    return fmt::format("it starts with {}; names start with a letter or digit",
                       lang::describe_char(name.front()));
  if (auto problem = charset_problem(name, "+.-", "name")) return problem;
  if (name.size() < 2) return std::string("it is shorter than two characters");
  return std::nullopt;
}

std::optional<std::size_t> arch_qualifier(std::string_view name) {
  auto colon = name.find(':');
  if (colon == std::string_view::npos || package_name_problem(name.substr(0, colon)))
    return std::nullopt;
  std::string_view arch = name.substr(colon + 1);
  if (arch.empty()) return std::nullopt;
  for (char c : arch)
    if (!is_lower_alnum(c) && c != '-') return std::nullopt;
  return colon;
}

std::optional<std::string> version_problem(std::string_view version) {
  if (version.empty()) return "it is empty";
  VersionParts parts = split_version(version);
  if (version.find(':') != std::string_view::npos) {
    if (parts.epoch.empty()) return "the epoch before ':' is empty";
    for (char c : parts.epoch)
      if (!is_digit(c)) return std::string("the epoch before ':' is not a number");
    if (parts.epoch.size() > 9) return std::string("the epoch is too large");
  }
  if (version.find('-') != std::string_view::npos && parts.revision.empty())
    return "the revision after the last '-' is empty";
  if (parts.upstream.empty()) return "the upstream version is empty";
  if (!is_digit(parts.upstream.front()))
    return fmt::format("it starts with {}; versions start with a digit",
                       lang::describe_char(parts.upstream.front()));
  // ':' may appear in the upstream part only after an epoch, '-' only
  // before a revision; split_version() already took both off the ends.
  std::string upstream_extra = ".+~";
  if (!parts.epoch.empty()) upstream_extra += ':';
  if (!parts.revision.empty()) upstream_extra += '-';
  if (auto problem = charset_problem(parts.upstream, upstream_extra, "upstream version"))
    return problem;
  if (auto problem = charset_problem(parts.revision, ".+~", "revision")) return problem;
  return std::nullopt;
}

int compare_versions(std::string_view a, std::string_view b) {
  VersionParts pa = split_version(a);
  VersionParts pb = split_version(b);
  long long ea = epoch_number(pa.epoch), eb = epoch_number(pb.epoch);
  if (ea != eb) return ea < eb ? -1 : 1;
  if (int c = compare_fragment(pa.upstream, pb.upstream)) return c;
  return compare_fragment(pa.revision, pb.revision);
}

std::string quoted_text(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace twin::resources
