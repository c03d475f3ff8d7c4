#include "engine/core/metaparams.h"

#include <array>

namespace twin::engine {
namespace {

struct Meta {
  std::string_view name;
  EdgeKind kind;
};
constexpr std::array<Meta, 4> kOrdering = {{{"require", EdgeKind::kRequire},
                                             {"before", EdgeKind::kBefore},
                                             {"notify", EdgeKind::kNotify},
                                             {"subscribe", EdgeKind::kSubscribe}}};

void collect(const lang::Value& value, EdgeKind kind, std::vector<Dependency>& out) {
  if (value.is_reference()) {
    out.push_back({value.as_reference().address(), kind, value.span});
  } else if (value.is_list()) {
    for (const auto& element : value.as_list()) collect(element, kind, out);
  }
}

}  // namespace

std::vector<Dependency> declared_dependencies(const Resource& resource) {
  std::vector<Dependency> deps;
  for (const auto& meta : kOrdering)
    if (const auto* attr = resource.find(meta.name)) collect(attr->value, meta.kind, deps);
  return deps;
}

bool is_removal(const Resource& resource) {
  const std::string* ensure = resource.get_string("ensure");
  return ensure && (*ensure == "absent" || *ensure == "purged");
}

bool is_metaparameter(std::string_view name) {
  for (const auto& meta : kOrdering)
    if (meta.name == name) return true;
  return name == "allow_risky";
}

}  // namespace twin::engine
