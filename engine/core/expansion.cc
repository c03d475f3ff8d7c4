#include "engine/core/expansion.h"

#include <optional>
#include <unordered_set>

namespace twin::engine {

std::shared_ptr<const std::vector<Resource>> expand_resources(const std::vector<Resource>& resources,
                                                              const ProviderRegistry& registry,
                                                              const Context& ctx,
                                                              lang::DiagnosticSink& sink) {
  // A shorthand may need to know what is declared by hand (packages
  // "unlisted" must not count a declared package as one that goes).
  std::unordered_set<std::string> written;
  for (const Resource& r : resources) written.insert(r.address());
  Context expanding = ctx;
  expanding.is_declared = [&written](std::string_view address) {
    return written.count(std::string(address)) > 0;
  };
  std::vector<std::optional<std::vector<Resource>>> expansions(resources.size());
  bool any = false;
  for (std::size_t i = 0; i < resources.size(); ++i)
    if (const Provider* provider = registry.find(resources[i].type)) {
      expansions[i] = provider->expand(resources[i], expanding, sink);
      any = any || expansions[i].has_value();
    }
  if (!any) return nullptr;

  std::unordered_set<std::string> declared;
  for (std::size_t i = 0; i < resources.size(); ++i)
    if (!expansions[i]) declared.insert(resources[i].address());
  auto out = std::make_shared<std::vector<Resource>>();
  for (std::size_t i = 0; i < resources.size(); ++i) {
    if (!expansions[i]) {
      out->push_back(resources[i]);
      continue;
    }
    for (auto& generated : *expansions[i])
      if (!declared.count(generated.address())) out->push_back(std::move(generated));
  }
  return out;
}

}  // namespace twin::engine
