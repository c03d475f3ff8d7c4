// What evaluation produces: concrete resource declarations with every
// expression reduced to a Value. This is the boundary between the language
// and the engine; nothing here knows about the machine.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lang/diagnostic.h"
#include "lang/value.h"

namespace twin::lang {

struct Attribute {
  std::string name;
  Value value;
  Span name_span;  // the attribute's name; value.span is its value
};

/// An instantiation of a user `define` that produced a resource.
struct DefineOrigin {
  std::string define;  // the define's name
  std::string title;   // the instance's title
  Span span;           // `NAME "title"` at the instantiation
};

struct ResourceDecl {
  std::string type;   // "file", "package", ...
  std::string title;  // "/etc/motd", "nginx", ...
  Span type_span;
  Span title_span;
  Span span;  // the whole block
  std::vector<Attribute> attributes;
  std::vector<ResourceDecl> children;  // nested blocks, e.g. crontab entries
  /// Set when a define's body produced this resource: the instantiations,
  /// innermost first. Spans above point into the define's body.
  std::vector<DefineOrigin> origins;

  /// `type["title"]`: how plans, errors and references name a resource.
  std::string address() const;
  const Attribute* find(std::string_view name) const;
  /// Convenience lookups: nullptr / nullopt when absent or of another type.
  const std::string* get_string(std::string_view name) const;
  std::optional<bool> get_bool(std::string_view name) const;
  /// The strings of a list attribute, in order (other items left out; the
  /// checker reports them); empty when absent or not a list.
  std::vector<std::string> get_strings(std::string_view name) const;
  /// "in the instance of NAME["title"]" labels for `origins`, to append to
  /// a diagnostic about this resource so it points at the body and the use.
  std::vector<Label> origin_labels() const;
};

}  // namespace twin::lang
