#include <algorithm>

#include "engine/provider.h"

namespace twin::engine {

void ProviderRegistry::add(std::unique_ptr<Provider> provider) {
  providers_.push_back(std::move(provider));
}

Provider* ProviderRegistry::find(std::string_view type) const {
  for (const auto& p : providers_)
    if (p->type() == type) return p.get();
  return nullptr;
}

std::vector<std::string> ProviderRegistry::types() const {
  std::vector<std::string> names;
  for (const auto& p : providers_) names.emplace_back(p->type());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace twin::engine
