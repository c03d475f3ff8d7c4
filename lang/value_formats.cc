#include "lang/value_formats.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>

#include "lang/suggest.h"

namespace twin::lang {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_lower(c) || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

// How a byte is named in a message: printable ones quoted, others in hex.
std::string describe_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (c == ' ') return "a space";
  if (u < 0x20 || u >= 0x7f) return fmt::format("byte 0x{:02x}", u);
  return fmt::format("'{}'", c);
}

std::optional<std::string> charset_problem(std::string_view text, std::string_view extra,
                                           std::string_view part) {
  for (char c : text)
    if (!is_alnum(c) && extra.find(c) == std::string_view::npos)
      return fmt::format("{} is not allowed in the {}", describe_char(c), part);
  return std::nullopt;
}

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

// --- systemd unit names -------------------------------------------------------

constexpr std::string_view kManagedUnitTypes[] = {"service", "timer", "socket", "path", "target"};
constexpr std::string_view kAllUnitTypes[] = {"service", "socket", "target", "device",
                                              "mount",   "automount", "swap", "timer",
                                              "path",    "slice",  "scope"};
// systemd's UNIT_NAME_MAX is 256 including the terminating NUL.
constexpr std::size_t kMaxUnitName = 255;

bool is_unit_char(char c) {
  return is_alnum(c) || c == ':' || c == '-' || c == '_' || c == '.' || c == '\\';
}

bool contains(const auto& list, std::string_view item) {
  return std::find(std::begin(list), std::end(list), item) != std::end(list);
}

// --- cron schedules -----------------------------------------------------------

struct CronField {
  std::string_view name;
  int low;
  int high;
  std::array<std::string_view, 12> names;  // accepted names; empty when none
  int first_name_value;
};

constexpr std::array<CronField, 5> kCronFields = {{
    {"minute", 0, 59, {}, 0},
    {"hour", 0, 23, {}, 0},
    {"day-of-month", 1, 31, {}, 0},
    {"month", 1, 12, {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                      "dec"}, 1},
    {"day-of-week", 0, 7, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}, 0},
}};

constexpr std::string_view kCronKeywords[] = {"@reboot",  "@hourly", "@daily",    "@weekly",
                                              "@monthly", "@yearly", "@annually", "@midnight"};

std::vector<std::string_view> split_blanks(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

// One number or name of `field` at text[pos], advancing pos.
std::optional<std::string> cron_value(std::string_view text, std::size_t& pos,
                                      const CronField& field, int& value) {
  std::size_t start = pos;
  if (pos < text.size() && is_digit(text[pos])) {
    long long n = 0;
    for (; pos < text.size() && is_digit(text[pos]); ++pos)
      if (n < 1000000) n = n * 10 + (text[pos] - '0');
    if (n < field.low || n > field.high)
      return fmt::format("{} is out of range {}-{} in the {} field", text.substr(start, pos - start),
                         field.low, field.high, field.name);
    value = static_cast<int>(n);
    return std::nullopt;
  }
  if (pos < text.size() && is_alpha(text[pos])) {
    while (pos < text.size() && is_alpha(text[pos])) ++pos;
    std::string word(text.substr(start, pos - start));
    if (field.names[0].empty())
      return fmt::format("names such as \"{}\" are not allowed in the {} field", word, field.name);
    std::string lower = word;
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (std::size_t i = 0; i < field.names.size() && !field.names[i].empty(); ++i)
      if (field.names[i] == lower) {
        value = static_cast<int>(i) + field.first_name_value;
        return std::nullopt;
      }
    return fmt::format("unknown {} name \"{}\"", field.name, word);
  }
  if (pos == text.size()) return fmt::format("missing value in the {} field", field.name);
  return fmt::format("unexpected {} in the {} field", describe_char(text[pos]), field.name);
}

// One list item: `*`, `*/S`, `N`, `N-M`, `N-M/S`.
std::optional<std::string> cron_item(std::string_view item, const CronField& field) {
  if (item.empty()) return fmt::format("empty list item in the {} field", field.name);
  std::size_t pos = 0;
  bool ranged = false;
  if (item[0] == '*') {
    pos = 1;
    ranged = true;
  } else {
    int first = 0;
    if (auto p = cron_value(item, pos, field, first)) return p;
    if (pos < item.size() && item[pos] == '-') {
      ++pos;
      int last = 0;
      if (auto p = cron_value(item, pos, field, last)) return p;
      if (first > last)
        return fmt::format("range {} is backwards in the {} field", item.substr(0, pos),
                           field.name);
      ranged = true;
    }
  }
  if (pos < item.size() && item[pos] == '/') {
    if (!ranged) return fmt::format("a step needs a range or `*` in the {} field", field.name);
    std::size_t step_start = ++pos;
    long long step = 0;
    for (; pos < item.size() && is_digit(item[pos]); ++pos)
      if (step < 1000000) step = step * 10 + (item[pos] - '0');
    if (pos == step_start) return fmt::format("missing step after '/' in the {} field", field.name);
    if (step < 1 || step > field.high)
      return fmt::format("step {} is out of range 1-{} in the {} field",
                         item.substr(step_start, pos - step_start), field.high, field.name);
  }
  if (pos < item.size())
    return fmt::format("unexpected {} in the {} field", describe_char(item[pos]), field.name);
  return std::nullopt;
}

// --- the table of formats -----------------------------------------------------

struct Format {
  std::string_view name;
  std::string_view noun;
  std::optional<std::string> (*problem)(std::string_view);
  std::string_view hint;
};

const std::array<Format, 11> kFormats = {{
    {"mode", "mode", mode_problem, "a mode is 3 or 4 octal digits in a string, e.g. \"0644\""},
    {"absolute_path", "path", absolute_path_problem,
     "write an absolute, normal path, e.g. \"/etc/motd\" (no '.', '..', '//' or trailing '/')"},
    {"relative_path", "path", relative_path_problem,
     "write a path inside the twin directory, e.g. \"files/motd\" (no leading '/', '.', '..' "
     "or '//')"},
    {"package_name", "package name", package_name_problem,
     "Debian package names use only a-z, 0-9, '+', '-' and '.', start with a letter or digit "
     "and are at least two characters long, e.g. \"nginx\" or \"libc6\""},
    {"debian_version", "version", debian_version_problem,
     "a Debian version is [epoch:]upstream[-revision] of letters, digits and . + ~, e.g. "
     "\"1:2.4.1-3\""},
    {"unit_name", "unit name", unit_name_problem,
     "name a .service, .timer, .socket, .path or .target unit, e.g. \"nginx\", \"getty@tty1\" "
     "or \"apt-daily.timer\""},
    {"user_name", "user name", user_name_problem,
     "a user name is lower-case letters, digits, '_' and '-', starting with a letter or '_', "
     "at most 32 bytes"},
    {"group_name", "group name", user_name_problem,
     "a group name is lower-case letters, digits, '_' and '-', starting with a letter or '_', "
     "at most 32 bytes"},
    {"user_or_id", "user", name_or_id_problem, "write a user name or a numeric id, e.g. \"root\""},
    {"group_or_id", "group", name_or_id_problem,
     "write a group name or a numeric id, e.g. \"adm\""},
    {"cron_schedule", "schedule", cron_schedule_problem,
     "a schedule is 5 fields (minute hour day-of-month month day-of-week), e.g. \"*/5 * * * *\", "
     "or a keyword such as \"@daily\""},
}};

const Format* find_format(std::string_view name) {
  for (const Format& f : kFormats)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const Format& f : kFormats) names.emplace_back(f.name);
    return names;
  }();
  return kNames;
}

bool is_known_format(std::string_view format) { return find_format(format) != nullptr; }

std::string_view format_noun(std::string_view format) {
  const Format* f = find_format(format);
  return f ? f->noun : format;
}

std::optional<FormatProblem> check_format(std::string_view format, std::string_view text) {
  const Format* f = find_format(format);
  if (!f) return std::nullopt;
  auto problem = f->problem(text);
  if (!problem) return std::nullopt;
  return FormatProblem{std::move(*problem), std::string(f->hint)};
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

std::optional<std::string> package_name_problem(std::string_view text) {
  if (text.empty()) return "it is empty";
  if (auto colon = text.find(':'); colon != std::string_view::npos && colon > 0)
    return "architecture qualifiers (\"name:arch\") are not supported";
  for (char c : text)
    if (c >= 'A' && c <= 'Z') return std::string("it contains upper-case letters");
  if (!is_lower(text.front()) && !is_digit(text.front()))
    return fmt::format("it starts with {}; names start with a letter or digit",
                       describe_char(text.front()));
  if (auto problem = charset_problem(text, "+.-", "name")) return problem;
  if (text.size() < 2) return std::string("it is shorter than two characters");
  return std::nullopt;
}

std::optional<std::string> debian_version_problem(std::string_view text) {
  if (text.empty()) return "it is empty";
  std::string_view epoch, upstream = text, revision;
  bool has_epoch = false, has_revision = false;
  if (auto colon = upstream.find(':'); colon != std::string_view::npos) {
    epoch = upstream.substr(0, colon);
    upstream.remove_prefix(colon + 1);
    has_epoch = true;
  }
  if (auto dash = upstream.rfind('-'); dash != std::string_view::npos) {
    revision = upstream.substr(dash + 1);
    upstream = upstream.substr(0, dash);
    has_revision = true;
  }
  if (has_epoch) {
    if (epoch.empty()) return "the epoch before ':' is empty";
    for (char c : epoch)
      if (!is_digit(c)) return std::string("the epoch before ':' is not a number");
    if (epoch.size() > 9) return std::string("the epoch is too large");
  }
  if (has_revision && revision.empty()) return "the revision after the last '-' is empty";
  if (upstream.empty()) return "the upstream version is empty";
  if (!is_digit(upstream.front()))
    return fmt::format("it starts with {}; versions start with a digit",
                       describe_char(upstream.front()));
  // ':' may appear in the upstream part only after an epoch, '-' only
  // before a revision.
  std::string extra = ".+~";
  if (has_epoch) extra += ':';
  if (has_revision) extra += '-';
  if (auto problem = charset_problem(upstream, extra, "upstream version")) return problem;
  return charset_problem(revision, ".+~", "revision");
}

std::optional<std::string> unit_name_problem(std::string_view text) {
  if (text.empty()) return "empty unit name";
  if (text.front() == '-') return "a unit name must not begin with '-'";
  std::string unit(text);
  std::size_t dot = text.rfind('.');
  std::string_view suffix = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (dot != std::string_view::npos && contains(kAllUnitTypes, suffix)) {
    if (!contains(kManagedUnitTypes, suffix))
      return fmt::format("unit type \".{}\" is not managed by the service resource", suffix);
  } else {
    if (dot != std::string_view::npos) {
      std::vector<std::string> types(std::begin(kManagedUnitTypes), std::end(kManagedUnitTypes));
      if (closest_name(suffix, types)) return fmt::format("unknown unit type suffix \".{}\"", suffix);
    }
    unit += ".service";  // as systemctl reads a name without a type
    dot = unit.size() - std::string_view(".service").size();
  }
  if (unit.size() > kMaxUnitName)
    return fmt::format("unit name is {} bytes long; systemd allows at most {}", unit.size(),
                       kMaxUnitName);
  std::string_view stem = std::string_view(unit).substr(0, dot);
  if (stem.empty()) return "unit name has nothing before its type suffix";
  std::size_t at = stem.find('@');
  if (at == 0) return "unit name has nothing before '@'";
  for (std::size_t i = 0; i < stem.size(); ++i) {
    char c = stem[i];
    bool in_instance = at != std::string_view::npos && i > at;
    if (is_unit_char(c) || (c == '@' && (i == at || in_instance))) continue;
    return fmt::format("invalid character {} at byte {} of unit name", describe_char(c), i + 1);
  }
  if (at != std::string_view::npos && at + 1 == stem.size())
    return fmt::format("\"{}\" is a template; name an instance of it", text);
  return std::nullopt;
}

std::optional<std::string> user_name_problem(std::string_view text) {
  if (text.empty()) return "it is empty";
  if (text.size() > 32) return fmt::format("it is {} bytes long; the limit is 32", text.size());
  if (!is_lower(text[0]) && text[0] != '_')
    return fmt::format("it starts with {}; names start with a lower-case letter or '_'",
                       describe_char(text[0]));
  for (std::size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (is_lower(c) || is_digit(c) || c == '_' || c == '-') continue;
    if (c == '$' && i + 1 == text.size()) continue;
    return fmt::format("{} is not allowed in a name", describe_char(c));
  }
  return std::nullopt;
}

std::optional<std::string> name_or_id_problem(std::string_view text) {
  if (text.empty()) return "it is empty";
  if (std::all_of(text.begin(), text.end(), is_digit)) return std::nullopt;
  // Names are looked up in the target's passwd/group files, whose fields
  // are separated by ':' and lines by '\n'; anything else may be a name.
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == ':' || c == ' ' || u < 0x20 || u == 0x7f)
      return fmt::format("{} is not allowed in a name", describe_char(c));
  }
  if (text.front() == '-') return "a name must not begin with '-'";
  return std::nullopt;
}

std::optional<std::string> cron_schedule_problem(std::string_view text) {
  std::vector<std::string_view> words = split_blanks(text);
  if (words.empty()) return "empty schedule";
  if (words[0].front() == '@') {
    if (!contains(kCronKeywords, words[0]))
      return fmt::format("unknown schedule keyword \"{}\"", words[0]);
    if (words.size() > 1) return fmt::format("unexpected text after \"{}\"", words[0]);
    return std::nullopt;
  }
  if (words.size() != 5) return fmt::format("expected 5 fields, found {}", words.size());
  for (std::size_t i = 0; i < kCronFields.size(); ++i) {
    std::string_view field = words[i];
    for (std::size_t start = 0;;) {
      std::size_t comma = field.find(',', start);
      std::size_t end = comma == std::string_view::npos ? field.size() : comma;
      if (auto p = cron_item(field.substr(start, end - start), kCronFields[i])) return p;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  return std::nullopt;
}

}  // namespace twin::lang
