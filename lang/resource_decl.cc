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

std::vector<std::string> ResourceDecl::get_strings(std::string_view name) const {
  std::vector<std::string> strings;
  const Attribute* attribute = find(name);
  if (!attribute || !attribute->value.is_list()) return strings;
  for (const auto& item : attribute->value.as_list())
    if (item.is_string()) strings.push_back(item.as_string());
  return strings;
}

std::vector<Label> ResourceDecl::origin_labels() const {
  std::vector<Label> labels;
  for (const DefineOrigin& origin : origins)
    labels.push_back({origin.span, "in the instance " + origin.define + "[" + quote(origin.title) + "]"});
  return labels;
}

}  // namespace twin::lang
