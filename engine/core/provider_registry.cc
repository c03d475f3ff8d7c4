#include <algorithm>

#include "engine/core/provider.h"

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

void ProviderRegistry::judge_risks(const std::vector<Resource>& resources,
                                   lang::DiagnosticSink& sink) const {
  if (!risk_judge_) return;
  for (const auto& resource : resources) risk_judge_(resource, nullptr, sink);
}

std::vector<lang::Diagnostic> ProviderRegistry::risks_of(const Resource& resource,
                                                        const Step* step) const {
  if (!risk_judge_) return {};
  lang::DiagnosticSink sink;
  risk_judge_(resource, step, sink);
  return sink.all();
}

}  // namespace twin::engine
