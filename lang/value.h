// Evaluated values of the .twin language. Each value remembers the span of
// the expression that produced it, so later phases (checker, providers) can
// point at the exact place in the manifest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "lang/source.h"

namespace twin::lang {

/// `text` as a .twin string literal: quoted, with \" \\ \n \r \t escaped and
/// "${" written as "\${" so that parsing it gives back exactly `text`.
std::string quote(std::string_view text);
/// The same, appended to `out` (no temporary string).
void append_quoted(std::string& out, std::string_view text);
/// `type["title"]` in one allocation: how resources and references are named.
std::string resource_address(std::string_view type, std::string_view title);

/// `TYPE["title"]`: names another resource (require, notify, ...).
struct Reference {
  std::string type;
  std::string title;
  /// `type["title"]`, the same text ResourceDecl::address() gives.
  std::string address() const;
  bool operator==(const Reference&) const = default;
};

struct Value;
struct MapEntry;
using List = std::vector<Value>;
/// Maps keep the order they were written in (deterministic output).
using Map = std::vector<MapEntry>;

struct Value {
  using Data =
      std::variant<std::monostate, std::string, bool, std::int64_t, List, Map, Reference>;
  Data data;
  Span span;

  bool is_null() const { return std::holds_alternative<std::monostate>(data); }
  bool is_string() const { return std::holds_alternative<std::string>(data); }
  bool is_bool() const { return std::holds_alternative<bool>(data); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(data); }
  bool is_list() const { return std::holds_alternative<List>(data); }
  bool is_map() const { return std::holds_alternative<Map>(data); }
  bool is_reference() const { return std::holds_alternative<Reference>(data); }

  const std::string& as_string() const { return std::get<std::string>(data); }
  bool as_bool() const { return std::get<bool>(data); }
  std::int64_t as_int() const { return std::get<std::int64_t>(data); }
  const List& as_list() const { return std::get<List>(data); }
  const Map& as_map() const { return std::get<Map>(data); }
  const Reference& as_reference() const { return std::get<Reference>(data); }

  /// "string", "bool", "int", "list", "map", "reference" or "null": for
  /// error messages.
  std::string_view type_name() const;
  /// The value written back in .twin syntax (strings quoted and escaped).
  std::string to_source() const;
};

/// One key and its value: `first` and `second` as in std::pair, which it
/// replaces because clang (14, with libstdc++ 12 in C++20) cannot
/// instantiate std::pair<std::string, Value> while Value's own map type
/// holds it; the fuzz build (tests/fuzz) is compiled with clang.
struct MapEntry {
  MapEntry() = default;
  MapEntry(std::string key, Value value) : first(std::move(key)), second(std::move(value)) {}

  std::string first;
  Value second;
};

/// Deep equality of the data (spans ignored). Values of different types are
/// never equal; callers that must reject such comparisons check first.
bool equal_values(const Value& a, const Value& b);

}  // namespace twin::lang
