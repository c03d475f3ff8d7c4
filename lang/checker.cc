#include "lang/checker.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_set>

#include "lang/suggest.h"

namespace twin::lang {
namespace {

namespace codes = check_codes;

std::string with_article(std::string_view noun) {
  bool vowel = !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string::npos;
  return fmt::format("{} {}", vowel ? "an" : "a", noun);
}

std::string backticked(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  for (const auto& n : names) quoted.push_back("`" + n + "`");
  return fmt::format("{}", fmt::join(quoted, ", "));
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const auto& v : values) quoted.push_back(quote(v));
  return fmt::format("{}", fmt::join(quoted, ", "));
}

// How a value of `kind` is written, for hints when the schema gives no example.
std::string sample_of(ValueKind kind, std::optional<ValueKind> element) {
  switch (kind) {
    case ValueKind::kString: return "\"...\"";
    case ValueKind::kBool: return "true";
    case ValueKind::kInt: return "1";
    case ValueKind::kList: return element ? "[" + sample_of(*element, std::nullopt) + "]" : "[...]";
    case ValueKind::kMap: return "{ key = \"value\" }";
    case ValueKind::kEnum: return "\"...\"";
    case ValueKind::kReference: return "file[\"/etc/motd\"]";
  }
  return "...";
}

// How a value of this attribute is written, for "write `name = ...`" hints.
std::string sample(const AttributeSchema& a) {
  if (a.example) return a.example->to_source();
  if (a.default_value) return a.default_value->to_source();
  if (a.kind == ValueKind::kEnum && !a.values.empty()) return quote(a.values.front());
  return sample_of(a.kind, a.element);
}

// The kind a value must have, as said in "must be ...".
std::string expected_kind(ValueKind kind, std::optional<ValueKind> element, bool single) {
  std::string name = kind == ValueKind::kEnum ? "string" : std::string(value_kind_name(kind));
  if (kind == ValueKind::kList && element) {
    std::string of = std::string(value_kind_name(*element == ValueKind::kEnum ? ValueKind::kString
                                                                                : *element));
    return single ? fmt::format("{} or a list of {}s", with_article(of), of)
                  : fmt::format("a list of {}s", of);
  }
  return with_article(name);
}

bool kind_matches(ValueKind kind, const Value& v) {
  switch (kind) {
    case ValueKind::kString:
    case ValueKind::kEnum: return v.is_string();
    case ValueKind::kBool: return v.is_bool();
    case ValueKind::kInt: return v.is_int();
    case ValueKind::kList: return v.is_list();
    case ValueKind::kMap: return v.is_map();
    case ValueKind::kReference: return v.is_reference();
  }
  return false;
}

// Where the checker is: which block of which resource, for messages.
struct Place {
  const ResourceDecl* decl;
  const BlockSchema* schema;
  std::string noun;   // "file", "crontab entry"
  bool top_level;     // metaparameters apply only to resources themselves
  std::string type;   // the resource's type (for metaparameters)
};

class Checker {
 public:
  Checker(const std::vector<ResourceDecl>& resources, const SchemaSet& schemas,
          const CheckOptions& options, DiagnosticSink& sink)
      : schemas_(schemas), options_(options), sink_(sink) {
    addresses_.reserve(resources.size());
    address_list_.reserve(resources.size());
    for (const auto& r : resources) {
      std::string address = r.address();
      addresses_.insert(address);
      address_list_.push_back(std::move(address));
    }
  }

  void check(const ResourceDecl& decl) {
    const BlockSchema* schema = schemas_.find_type(decl.type);
    if (!schema) {
      std::vector<std::string> types = schemas_.type_names();
      std::string hint;
      if (auto near = closest_name(decl.type, types))
        hint = "did you mean `" + *near + "`?";
      else
        hint = fmt::format("known resource types: {}", fmt::join(types, ", "));
      sink_.error(codes::kUnknownType, "unknown resource type `" + decl.type + "`",
                  decl.type_span, hint);
      return;
    }
    check_block(Place{&decl, schema, decl.type, true, decl.type});
  }

 private:
  void check_block(const Place& place) {
    const ResourceDecl& decl = *place.decl;
    // A title is printed in every plan and message: a control byte in it
    // (an escape sequence, a newline faking a line of output) is refused
    // whatever the type.
    if (place.top_level) {
      auto bad = std::find_if(decl.title.begin(), decl.title.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      });
      if (bad != decl.title.end()) {
        sink_.error(codes::kControlInTitle,
                    fmt::format("the title holds the control character 0x{:02x}",
                                static_cast<unsigned char>(*bad)),
                    decl.title_span, "titles are printed in plans: write them without control characters");
        return;
      }
    }
    if (!place.schema->title_format.empty())
      check_format(place.schema->title_format, decl.title, decl.title_span, "");
    for (const Attribute& attr : decl.attributes) {
      const AttributeSchema* a = place.schema->find_attribute(attr.name);
      if (!a && place.top_level) a = schemas_.find_metaparameter(place.type, attr.name);
      if (!a) {
        report_unknown_attribute(place, attr);
        continue;
      }
      check_value(*a, attr.name, attr.value);
    }
    check_conflicts(place);
    check_required(place);
    for (const ResourceDecl& child : decl.children) {
      const BlockSchema* block = place.schema->find_block(child.type);
      if (!block) {
        report_unknown_block(place, child);
        continue;
      }
      check_block(Place{&child, block, place.noun + " " + child.type, false, place.type});
    }
  }

  void report_unknown_attribute(const Place& place, const Attribute& attr) {
    std::vector<std::string> names = place.schema->attribute_names();
    std::vector<std::string> metas;
    if (place.top_level)
      for (const AttributeSchema* m : schemas_.metaparameters_of(place.type)) metas.push_back(m->name);
    std::vector<std::string> all = names;
    all.insert(all.end(), metas.begin(), metas.end());
    std::string hint;
    if (auto near = closest_name(attr.name, all)) {
      hint = "did you mean `" + *near + "`?";
    } else {
      hint = fmt::format("{} accepts: {}", with_article(place.noun),
                         names.empty() ? "no attributes of its own" : backticked(names));
      if (!metas.empty()) hint += fmt::format(" (and the metaparameters {})", backticked(metas));
    }
    sink_.error(codes::kUnknownAttribute,
                fmt::format("unknown attribute `{}` for {}", attr.name, with_article(place.noun)),
                attr.name_span, hint);
  }

  void report_unknown_block(const Place& place, const ResourceDecl& child) {
    std::vector<std::string> blocks;
    for (const auto& b : place.schema->blocks) blocks.push_back(b.name);
    std::string hint;
    if (auto near = closest_name(child.type, blocks))
      hint = "did you mean `" + *near + "`?";
    else if (blocks.empty())
      hint = fmt::format("{} takes no nested blocks", with_article(place.noun));
    else
      hint = fmt::format("{} takes nested blocks: {}", with_article(place.noun), backticked(blocks));
    sink_.error(codes::kUnknownBlock,
                fmt::format("unknown nested block `{}` in {}", child.type, with_article(place.noun)),
                child.type_span, hint);
  }

  // `name` is the attribute's, for messages.
  void check_value(const AttributeSchema& a, const std::string& name, const Value& value) {
    if (a.kind == ValueKind::kList && a.single && a.element && !value.is_list()) {
      // One element written without brackets.
      if (kind_matches(*a.element, value)) return check_scalar(a, *a.element, name, value);
      return wrong_type(a, name, value);
    }
    if (!kind_matches(a.kind, value)) return wrong_type(a, name, value);
    if (a.kind == ValueKind::kList || a.kind == ValueKind::kMap) {
      if (!a.element) return;
      std::size_t index = 0;
      auto element = [&](const Value& v) {
        ++index;
        if (!kind_matches(*a.element, v))
          return wrong_element(a, name, v, index);
        check_scalar(a, *a.element, name, v);
      };
      if (value.is_list())
        for (const Value& v : value.as_list()) element(v);
      else
        for (const auto& [key, v] : value.as_map()) element(v);
      return;
    }
    check_scalar(a, a.kind, name, value);
  }

  // A value whose kind is right: enum values, formats, references, files.
  void check_scalar(const AttributeSchema& a, ValueKind kind, const std::string& name,
                    const Value& value) {
    if (kind == ValueKind::kEnum) return check_enum(a, name, value);
    if (kind == ValueKind::kReference) return check_reference(name, value);
    if (kind != ValueKind::kString) return;
    const std::string& text = value.as_string();
    if (!a.format.empty() && !check_format(a.format, text, value.span, name)) return;
    if (a.twin_file && options_.twin_file_exists && !options_.twin_file_exists(text))
      sink_.error(codes::kMissingTwinFile,
                  fmt::format("{} {} is not a file of the twin", name, quote(text)), value.span,
                  fmt::format("`{}` paths are relative to the twin directory (the one that holds "
                              "state/); add the file there or fix the path",
                              name));
  }

  void check_enum(const AttributeSchema& a, const std::string& name, const Value& value) {
    const std::string& text = value.as_string();
    if (std::find(a.values.begin(), a.values.end(), text) != a.values.end()) return;
    // A value starting with a digit was meant for the other format (a
    // version); anything else is most likely a misspelt keyword.
    bool meant_as_format = !a.or_format.empty() && !text.empty() && text.front() >= '0' &&
                           text.front() <= '9';
    if (!a.or_format.empty() && (meant_as_format || !schemas_.formats().check(a.or_format, text))) {
      check_format(a.or_format, text, value.span, name);
      return;
    }
    std::string allowed = quoted_list(a.values);
    if (!a.or_format.empty())
      allowed += fmt::format(", or {}", with_article(schemas_.formats().noun(a.or_format)));
    std::string hint = fmt::format("allowed values: {}", allowed);
    if (auto near = closest_name(text, a.values))
      hint = fmt::format("did you mean {}? {}", quote(*near), hint);
    sink_.error(codes::kBadEnumValue, fmt::format("invalid value {} for `{}`", quote(text), name),
                value.span, hint);
  }

  void check_reference(const std::string& name, const Value& value) {
    std::string address = value.as_reference().address();
    if (addresses_.count(address)) return;
    std::string hint = "declare " + address + " or remove the reference";
    if (auto near = closest_name(address, address_list_)) hint = "did you mean " + *near + "?";
    sink_.error(codes::kUndeclaredReference,
                fmt::format("{} refers to {}, which is not declared", name, address), value.span,
                hint);
  }

  // Reports a format violation; true when `text` is valid. `name` is the
  // attribute, or empty for a block's title.
  bool check_format(const std::string& format, const std::string& text, const Span& span,
                    const std::string& name) {
    const FormatRegistry& formats = schemas_.formats();
    auto problem = formats.check(format, text);
    if (!problem) return true;
    std::string where = name.empty() ? " in the title" : "";
    sink_.error(codes::kBadFormat,
                fmt::format("invalid {} {}{}: {}", formats.noun(format), quote(text), where,
                            problem->message),
                span, problem->hint);
    return false;
  }

  void wrong_type(const AttributeSchema& a, const std::string& name, const Value& value) {
    sink_.error(codes::kWrongType,
                fmt::format("attribute `{}` must be {}, not {}", name,
                            expected_kind(a.kind, a.element, a.single), value.type_name()),
                value.span, fmt::format("write `{} = {}`", name, sample(a)));
  }

  void wrong_element(const AttributeSchema& a, const std::string& name, const Value& value,
                     std::size_t index) {
    sink_.error(codes::kWrongType,
                fmt::format("element {} of `{}` must be {}, not {}", index, name,
                            expected_kind(*a.element, std::nullopt, false), value.type_name()),
                value.span, fmt::format("write `{} = {}`", name, sample(a)));
  }

  // Each conflicting pair once, at the one written second; the other is a
  // related location.
  void check_conflicts(const Place& place) {
    const ResourceDecl& decl = *place.decl;
    std::set<std::pair<std::string, std::string>> reported;
    for (const Attribute& attr : decl.attributes) {
      const AttributeSchema* a = place.schema->find_attribute(attr.name);
      if (!a) continue;
      for (const std::string& other : a->conflicts) {
        auto [low, high] = std::minmax(attr.name, other);
        if (!reported.insert({low, high}).second) continue;
        Span other_span;
        std::string other_text = "`" + other + "`";
        if (const Attribute* other_attr = decl.find(other)) {
          other_span = other_attr->name_span;
        } else {
          auto block = std::find_if(decl.children.begin(), decl.children.end(),
                                    [&](const ResourceDecl& c) { return c.type == other; });
          if (block == decl.children.end()) {
            reported.erase({low, high});  // the other may still name this one
            continue;
          }
          other_span = block->type_span;
          other_text += " blocks";
        }
        std::string this_text = "`" + attr.name + "`";
        bool this_first = attr.name_span.begin < other_span.begin;
        Diagnostic d;
        d.code = codes::kConflict;
        d.message = fmt::format("{} takes {} or {}, not both", with_article(place.noun),
                                this_first ? this_text : other_text,
                                this_first ? other_text : this_text);
        d.span = this_first ? other_span : attr.name_span;
        d.related.push_back({this_first ? attr.name_span : other_span, "the other one is here"});
        d.hint = "keep one of them";
        sink_.add(std::move(d));
      }
    }
  }

  void check_required(const Place& place) {
    for (const AttributeSchema& a : place.schema->attributes) {
      if (!a.required || place.decl->find(a.name)) continue;
      std::string where = place.top_level ? place.decl->address()
                                          : fmt::format("{} {}", place.decl->type,
                                                        quote(place.decl->title));
      sink_.error(codes::kMissingRequired,
                  fmt::format("{} has no `{}`, which is required", where, a.name),
                  place.decl->title_span, fmt::format("write `{} = {}`", a.name, sample(a)));
    }
  }

  const SchemaSet& schemas_;
  const CheckOptions& options_;
  DiagnosticSink& sink_;
  std::unordered_set<std::string> addresses_;
  std::vector<std::string> address_list_;  // declaration order, for "did you mean"
};

}  // namespace

bool CheckResult::ok() const {
  return std::none_of(has_errors.begin(), has_errors.end(), [](bool e) { return e; });
}

CheckResult check_resources(const std::vector<ResourceDecl>& resources, const SchemaSet& schemas,
                            const CheckOptions& options, DiagnosticSink& sink) {
  Checker checker(resources, schemas, options, sink);
  CheckResult result;
  for (const ResourceDecl& decl : resources) {
    std::size_t before = sink.error_count();
    checker.check(decl);
    result.has_errors.push_back(sink.error_count() != before);
  }
  return result;
}

}  // namespace twin::lang
