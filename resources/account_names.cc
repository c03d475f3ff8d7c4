#include "resources/account_names.h"

#include <fmt/format.h>

#include <algorithm>

#include "lang/value_formats.h"

namespace twin::resources {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

std::optional<std::string> user_name_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > 32) return fmt::format("it is {} bytes long; the limit is 32", name.size());
  if (!is_lower(name[0]) && name[0] != '_')
    return fmt::format("it starts with {}; names start with a lower-case letter or '_'",
                       lang::describe_char(name[0]));
  for (std::size_t i = 1; i < name.size(); ++i) {
    char c = name[i];
    if (is_lower(c) || is_digit(c) || c == '_' || c == '-') continue;
    if (c == '$' && i + 1 == name.size()) continue;
    return fmt::format("{} is not allowed in a name", lang::describe_char(c));
  }
  return std::nullopt;
}

bool is_valid_user_name(std::string_view name) { return !user_name_problem(name); }

std::optional<std::string> name_or_id_problem(std::string_view text) {
  if (text.empty()) return "it is empty";
  if (std::all_of(text.begin(), text.end(), is_digit)) return std::nullopt;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == ':' || c == ' ' || u < 0x20 || u == 0x7f)
      return fmt::format("{} is not allowed in a name", lang::describe_char(c));
  }
  if (text.front() == '-') return "a name must not begin with '-'";
  return std::nullopt;
}

}  // namespace twin::resources
