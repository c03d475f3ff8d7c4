#include "lang/resource_decl.h"

namespace twin::lang {

std::string ResourceDecl::address() const { return resource_address(type, title); }

const Attribute* ResourceDecl::find(std::string_view name) const {
  for (const Attribute& attribute : attributes)
    if (attribute.name == name) return &attribute;
  return nullptr;
}

const std::string* ResourceDecl::get_string(std::string_view name) const {
  const Attribute* attribute = find(name);
  return attribute && attribute->value.is_string() ? &attribute->value.as_string() : nullptr;
}

std::optional<bool> ResourceDecl::get_bool(std::string_view name) const {
  const Attribute* attribute = find(name);
  if (!attribute || !attribute->value.is_bool()) return std::nullopt;
  return attribute->value.as_bool();
}

std::vector<Label> ResourceDecl::origin_labels() const {
  std::vector<Label> labels;
  for (const DefineOrigin& origin : origins)
    labels.push_back({origin.span, "in the instance " + origin.define + "[" + quote(origin.title) + "]"});
  return labels;
}

}  // namespace twin::lang
