#include "lang/schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "lang/load.h"

namespace twin::lang {
namespace {

// A malformed schema is a bug in the stdlib (or in a schema a test wrote),
// never a user's mistake, so every kind shares one code.
constexpr char kBadSchema[] = "E0290";

void report(DiagnosticSink& sink, const Span& span, std::string message) {
  sink.error(kBadSchema, "invalid schema: " + message, span,
             "schemas live in stdlib/*.twin; lang/schema.h documents their keys");
}

constexpr std::array<std::pair<std::string_view, ValueKind>, 7> kKinds = {{
    {"string", ValueKind::kString},
    {"bool", ValueKind::kBool},
    {"int", ValueKind::kInt},
    {"list", ValueKind::kList},
    {"map", ValueKind::kMap},
    {"enum", ValueKind::kEnum},
    {"reference", ValueKind::kReference},
}};

std::optional<ValueKind> kind_named(std::string_view name) {
  for (const auto& [text, kind] : kKinds)
    if (text == name) return kind;
  return std::nullopt;
}

// Reads one schema file's declarations, reporting as it goes.
class SchemaReader {
 public:
  SchemaReader(const FormatRegistry& formats, DiagnosticSink& sink)
      : formats_(formats), sink_(sink) {}

  BlockSchema read_block(const ResourceDecl& decl) {
    BlockSchema block;
    block.name = decl.title;
    block.span = decl.title_span;
    for (const Attribute& attr : decl.attributes) {
      if (attr.name == "title_format") {
        if (auto text = string_of(attr)) block.title_format = *text;
        check_format_name(attr, block.title_format);
      } else if (attr.name == "doc") {
        if (auto text = string_of(attr)) block.doc = *text;
      } else {
        bad(attr.name_span, fmt::format("unknown schema key `{}` in a block", attr.name));
      }
    }
    for (const ResourceDecl& child : decl.children) {
      if (child.type == "attribute") {
        if (block.find_attribute(child.title))
          bad(child.title_span, fmt::format("attribute \"{}\" is declared twice", child.title));
        else
          block.attributes.push_back(read_attribute(child, /*metaparameter=*/false));
      } else if (child.type == "block") {
        if (block.find_block(child.title))
          bad(child.title_span, fmt::format("block \"{}\" is declared twice", child.title));
        else
          block.blocks.push_back(read_block(child));
      } else {
        bad(child.type_span, fmt::format("unknown schema block `{}`; expected `attribute` or "
                                         "`block`", child.type));
      }
    }
    return block;
  }

  AttributeSchema read_attribute(const ResourceDecl& decl, bool metaparameter) {
    AttributeSchema a;
    a.name = decl.title;
    a.span = decl.title_span;
    const Attribute* type = decl.find("type");
    if (!type) bad(decl.title_span, fmt::format("attribute \"{}\" has no `type`", a.name));
    for (const Attribute& attr : decl.attributes) read_key(attr, a, metaparameter);
    for (const ResourceDecl& child : decl.children)
      bad(child.type_span, "an attribute schema takes no nested blocks");
    check_consistency(decl, a);
    return a;
  }

 private:
  void read_key(const Attribute& attr, AttributeSchema& a, bool metaparameter) {
    const std::string& key = attr.name;
    if (key == "type" || key == "of") {
      auto text = string_of(attr);
      if (!text) return;
      auto kind = kind_named(*text);
      if (!kind) {
        bad(attr.value.span, fmt::format("unknown value type \"{}\"", *text));
        return;
      }
      (key == "type" ? a.kind : a.element.emplace()) = *kind;
    } else if (key == "single" || key == "required" || key == "twin_file") {
      if (!attr.value.is_bool()) {
        bad(attr.value.span, fmt::format("`{}` must be a bool", key));
        return;
      }
      (key == "single" ? a.single : key == "required" ? a.required : a.twin_file) =
          attr.value.as_bool();
    } else if (key == "values" || key == "conflicts" || key == "applies_to") {
      auto& out = key == "values" ? a.values : key == "conflicts" ? a.conflicts : a.applies_to;
      out = strings_of(attr);
      if (key == "applies_to" && !metaparameter)
        bad(attr.name_span, "`applies_to` is only for metaparameters");
    } else if (key == "format" || key == "or_format") {
      auto text = string_of(attr);
      if (!text) return;
      check_format_name(attr, *text);
      (key == "format" ? a.format : a.or_format) = *text;
    } else if (key == "doc") {
      if (auto text = string_of(attr)) a.doc = *text;
    } else if (key == "default") {
      a.default_value = attr.value;
    } else if (key == "example") {
      a.example = attr.value;
    } else {
      bad(attr.name_span, fmt::format("unknown schema key `{}` in an attribute", key));
    }
  }

  // Keys that only make sense with some types, and defaults that must fit.
  void check_consistency(const ResourceDecl& decl, const AttributeSchema& a) {
    auto misplaced = [&](std::string_view key, bool allowed) {
      if (const Attribute* attr = decl.find(key); attr && !allowed)
        bad(attr->name_span, fmt::format("`{}` does not apply to type \"{}\"", key,
                                         value_kind_name(a.kind)));
    };
    misplaced("of", a.kind == ValueKind::kList || a.kind == ValueKind::kMap);
    misplaced("single", a.kind == ValueKind::kList);
    misplaced("values", a.kind == ValueKind::kEnum);
    misplaced("or_format", a.kind == ValueKind::kEnum);
    misplaced("format", a.kind == ValueKind::kString);
    if (a.kind == ValueKind::kEnum && a.values.empty())
      bad(decl.title_span, fmt::format("enum attribute \"{}\" has no `values`", a.name));
    for (const auto& [key, value] : {std::pair{"default", &a.default_value},
                                     std::pair{"example", &a.example}}) {
      if (!*value || fits(a, **value)) continue;
      bad((*value)->span, fmt::format("the {} of attribute \"{}\" is not a valid {}", key, a.name,
                                      value_kind_name(a.kind)));
    }
  }

  // A shallow check of defaults and examples (the checker does the real one).
  bool fits(const AttributeSchema& a, const Value& v) {
    switch (a.kind) {
      case ValueKind::kString:
        return v.is_string() && (a.format.empty() || !formats_.check(a.format, v.as_string()));
      case ValueKind::kBool: return v.is_bool();
      case ValueKind::kInt: return v.is_int();
      case ValueKind::kList: return v.is_list() || a.single;
      case ValueKind::kMap: return v.is_map();
      case ValueKind::kReference: return v.is_reference();
      case ValueKind::kEnum:
        return v.is_string() &&
               (std::find(a.values.begin(), a.values.end(), v.as_string()) != a.values.end() ||
                (!a.or_format.empty() && !formats_.check(a.or_format, v.as_string())));
    }
    return false;
  }

  void check_format_name(const Attribute& attr, const std::string& format) {
    if (!format.empty() && !formats_.find(format))
      bad(attr.value.span, fmt::format("unknown format \"{}\"", format));
  }

  std::optional<std::string> string_of(const Attribute& attr) {
    if (attr.value.is_string()) return attr.value.as_string();
    bad(attr.value.span, fmt::format("`{}` must be a string", attr.name));
    return std::nullopt;
  }

  std::vector<std::string> strings_of(const Attribute& attr) {
    std::vector<std::string> out;
    if (attr.value.is_list()) {
      for (const Value& v : attr.value.as_list()) {
        if (v.is_string())
          out.push_back(v.as_string());
        else
          bad(v.span, fmt::format("`{}` must list strings", attr.name));
      }
    } else {
      bad(attr.value.span, fmt::format("`{}` must be a list of strings", attr.name));
    }
    return out;
  }

  void bad(const Span& span, std::string message) { report(sink_, span, std::move(message)); }

  const FormatRegistry& formats_;
  DiagnosticSink& sink_;
};

template <typename T>
const T* find_named(const std::vector<T>& items, std::string_view name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.name == name; });
  return it == items.end() ? nullptr : &*it;
}

bool applies(const AttributeSchema& meta, std::string_view type) {
  return meta.applies_to.empty() ||
         std::find(meta.applies_to.begin(), meta.applies_to.end(), type) != meta.applies_to.end();
}

}  // namespace

std::string_view value_kind_name(ValueKind kind) {
  for (const auto& [text, k] : kKinds)
    if (k == kind) return text;
  return "?";
}

const AttributeSchema* BlockSchema::find_attribute(std::string_view name) const {
  return find_named(attributes, name);
}

const BlockSchema* BlockSchema::find_block(std::string_view name) const {
  return find_named(blocks, name);
}

std::vector<std::string> BlockSchema::attribute_names() const {
  std::vector<std::string> names;
  for (const auto& a : attributes) names.push_back(a.name);
  return names;
}

SchemaSet SchemaSet::from_declarations(const std::vector<ResourceDecl>& decls,
                                       const FormatRegistry& formats, DiagnosticSink& sink) {
  SchemaSet set;
  set.formats_ = formats;
  SchemaReader reader(set.formats_, sink);
  for (const ResourceDecl& decl : decls) {
    if (decl.type == "type") {
      BlockSchema type = reader.read_block(decl);
      if (set.find_type(type.name)) {
        report(sink, decl.title_span, fmt::format("type \"{}\" is declared twice", type.name));
        continue;
      }
      set.types_.push_back(std::move(type));
    } else if (decl.type == "metaparameters") {
      for (const Attribute& attr : decl.attributes)
        report(sink, attr.name_span, "`metaparameters` holds only attribute blocks");
      for (const ResourceDecl& child : decl.children) {
        if (child.type != "attribute") {
          report(sink, child.type_span, "`metaparameters` holds only attribute blocks");
          continue;
        }
        set.metaparameters_.push_back(reader.read_attribute(child, /*metaparameter=*/true));
      }
    } else {
      report(sink, decl.type_span,
             fmt::format("unknown declaration `{}`; expected `type` or `metaparameters`",
                         decl.type));
    }
  }
  return set;
}

SchemaSet SchemaSet::load(const std::vector<SourcePtr>& files, const FormatRegistry& formats,
                          DiagnosticSink& sink) {
  return from_declarations(load_sources(files, sink), formats, sink);
}

const BlockSchema* SchemaSet::find_type(std::string_view type) const {
  return find_named(types_, type);
}

std::vector<std::string> SchemaSet::type_names() const {
  std::vector<std::string> names;
  for (const auto& t : types_) names.push_back(t.name);
  return names;
}

const AttributeSchema* SchemaSet::find_metaparameter(std::string_view type,
                                                     std::string_view name) const {
  const AttributeSchema* meta = find_named(metaparameters_, name);
  return meta && applies(*meta, type) ? meta : nullptr;
}

std::vector<const AttributeSchema*> SchemaSet::metaparameters_of(std::string_view type) const {
  std::vector<const AttributeSchema*> out;
  for (const auto& meta : metaparameters_)
    if (applies(meta, type)) out.push_back(&meta);
  return out;
}

}  // namespace twin::lang
