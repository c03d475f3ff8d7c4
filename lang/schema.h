// Schemas of resource types, written in .twin itself (stdlib/*.twin) and read
// with the ordinary parser and evaluator:
//
//   type "file" {                      # a resource type
//     title_format = "absolute_path"   # optional: a format the title must have
//     attribute "mode" {
//       type = "string"                # string bool int list map enum reference
//       format = "mode"                # string: a lang/value_formats.h format
//       required = true                # optional, default false
//       default = "0644"               # optional; documentation, checked against the schema
//       conflicts = ["source"]         # attributes or nested block types it excludes
//       doc = "..."  example = "0644"  # for hints and documentation
//     }
//     block "entry" { attribute ... }  # a nested block type, with its own attributes
//   }
//   metaparameters "all" { attribute ... }  # accepted on every type
//
// More attribute keys: `of` (list and map: the element type), `single = true`
// (list: one element may be written without brackets), `values` (enum: the
// allowed strings), `or_format` (enum: other strings must have this format,
// e.g. a package's ensure is a keyword or a version), `twin_file = true` (a
// relative path that must name a file of the twin), `applies_to` (a
// metaparameter only some types accept). A block may also set `title_format`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/diagnostic.h"
#include "lang/source.h"
#include "lang/resource_decl.h"
#include "lang/value_formats.h"

namespace twin::lang {

/// The kinds of value a schema can ask for.
enum class ValueKind { kString, kBool, kInt, kList, kMap, kEnum, kReference };

/// "string", "bool", ...: as written in a schema's `type`.
std::string_view value_kind_name(ValueKind kind);

struct AttributeSchema {
  std::string name;
  ValueKind kind = ValueKind::kString;
  std::optional<ValueKind> element;   // list and map: `of`; nullopt accepts any element
  bool single = false;                // list: a lone element is accepted too
  std::vector<std::string> values;    // enum: the allowed strings
  std::string or_format;              // enum: other strings must have this format
  std::string format;                 // string: a FormatRegistry name; empty for none
  bool required = false;
  bool twin_file = false;             // a relative path naming a file of the twin
  std::optional<Value> default_value;
  std::optional<Value> example;       // shown in "write `name = EXAMPLE`" hints
  std::vector<std::string> conflicts;  // attribute names or nested block types
  std::vector<std::string> applies_to;  // metaparameters: only these types (empty: all)
  std::string doc;
  Span span;  // the `attribute "NAME"` block in the stdlib
};

/// A resource type, or a nested block type inside one (a crontab's `entry`).
struct BlockSchema {
  std::string name;
  std::string title_format;  // empty: any title
  std::string doc;
  std::vector<AttributeSchema> attributes;
  std::vector<BlockSchema> blocks;
  Span span;

  /// nullptr when the block declares no such attribute / nested block.
  const AttributeSchema* find_attribute(std::string_view name) const;
  const BlockSchema* find_block(std::string_view name) const;
  /// Attribute names in declaration order (for "did you mean" and hints).
  std::vector<std::string> attribute_names() const;
};

/// Every resource type's schema and the metaparameters. Immutable once
/// loaded; cheap to share by reference.
class SchemaSet {
 public:
  /// Reads schemas from parsed-and-evaluated stdlib declarations. `formats`
  /// are the formats a schema may name (`format = "mode"`); the set keeps a
  /// copy and the checker uses it. Appends E0290 for every malformed schema
  /// (unknown key, bad `type`, unknown format, a default that does not fit,
  /// a type declared twice) and keeps the rest.
  static SchemaSet from_declarations(const std::vector<ResourceDecl>& decls,
                                     const FormatRegistry& formats, DiagnosticSink& sink);

  /// Parses and evaluates `files` (stdlib sources) with the ordinary
  /// parser, then from_declarations(). Syntax errors go to `sink` too.
  static SchemaSet load(const std::vector<SourcePtr>& files, const FormatRegistry& formats,
                        DiagnosticSink& sink);

  const BlockSchema* find_type(std::string_view type) const;
  /// Type names in the order they were loaded.
  std::vector<std::string> type_names() const;
  const std::vector<BlockSchema>& types() const { return types_; }

  /// The metaparameter `name` if resources of `type` accept it.
  const AttributeSchema* find_metaparameter(std::string_view type, std::string_view name) const;
  /// The metaparameters resources of `type` accept, in declaration order.
  std::vector<const AttributeSchema*> metaparameters_of(std::string_view type) const;

  /// The formats the schemas were read with; the checker checks values with them.
  const FormatRegistry& formats() const { return formats_; }

 private:
  FormatRegistry formats_;
  std::vector<BlockSchema> types_;
  std::vector<AttributeSchema> metaparameters_;
};

}  // namespace twin::lang
