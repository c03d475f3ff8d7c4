#include "lang/value.h"

#include <type_traits>

namespace twin::lang {
namespace {

bool is_plain_name(std::string_view text) {
  if (text.empty()) return false;
  auto first_ok = [](char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (!first_ok(text.front())) return false;
  for (char c : text)
    if (!first_ok(c) && !(c >= '0' && c <= '9')) return false;
  return text != "let" && text != "true" && text != "false";
}

void append_source(std::string& out, const Value& value);

void append_list(std::string& out, const List& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    append_source(out, list[i]);
  }
  out += ']';
}

void append_map(std::string& out, const Map& map) {
  if (map.empty()) {
    out += "{}";
    return;
  }
  out += "{ ";
  for (std::size_t i = 0; i < map.size(); ++i) {
    if (i > 0) out += ", ";
    const auto& [key, value] = map[i];
    out += is_plain_name(key) ? key : quote(key);
    out += " = ";
    append_source(out, value);
  }
  out += " }";
}

void append_source(std::string& out, const Value& value) {
  std::visit(
      [&out](const auto& data) {
        using T = std::decay_t<decltype(data)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, std::string>) {
          append_quoted(out, data);
        } else if constexpr (std::is_same_v<T, bool>) {
          out += data ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          out += std::to_string(data);
        } else if constexpr (std::is_same_v<T, List>) {
          append_list(out, data);
        } else if constexpr (std::is_same_v<T, Reference>) {
          out += data.address();
        } else {
          append_map(out, data);
        }
      },
      value.data);
}

}  // namespace

void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  // Runs of plain characters are copied whole; only these need a look.
  auto special = [](char c) {
    return c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '$';
  };
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t next = i;
    while (next < text.size() && !special(text[next])) ++next;
    out.append(text.data() + i, next - i);
    if (next == text.size()) break;
    switch (text[next]) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:  // '$': only "${" would start an interpolation; a lone '$' stays.
        out += (next + 1 < text.size() && text[next + 1] == '{') ? "\\$" : "$";
        break;
    }
    i = next + 1;
  }
  out += '"';
}

std::string quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_quoted(out, text);
  return out;
}

std::string resource_address(std::string_view type, std::string_view title) {
  std::string out;
  out.reserve(type.size() + title.size() + 4);
  out += type;
  out += '[';
  append_quoted(out, title);
  out += ']';
  return out;
}

std::string_view Value::type_name() const {
  static constexpr std::string_view kNames[] = {"null", "string", "bool", "int",
                                                 "list", "map",    "reference"};
  return kNames[data.index()];
}

std::string Reference::address() const { return resource_address(type, title); }

bool equal_values(const Value& a, const Value& b) {
  if (a.data.index() != b.data.index()) return false;
  if (a.is_list()) {
    const List& x = a.as_list();
    const List& y = b.as_list();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!equal_values(x[i], y[i])) return false;
    return true;
  }
  if (a.is_map()) {
    // Order-insensitive: { a = 1, b = 2 } == { b = 2, a = 1 }.
    const Map& x = a.as_map();
    const Map& y = b.as_map();
    if (x.size() != y.size()) return false;
    for (const auto& [key, value] : x) {
      bool found = false;
      for (const auto& [other_key, other_value] : y)
        if (other_key == key) found = equal_values(value, other_value);
      if (!found) return false;
    }
    return true;
  }
  if (a.is_string()) return a.as_string() == b.as_string();
  if (a.is_bool()) return a.as_bool() == b.as_bool();
  if (a.is_int()) return a.as_int() == b.as_int();
  if (a.is_reference()) return a.as_reference() == b.as_reference();
  return true;  // both null
}

std::string Value::to_source() const {
  std::string out;
  append_source(out, *this);
  return out;
}

}  // namespace twin::lang
