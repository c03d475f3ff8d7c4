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
  for (const auto& resource : resources) risk_judge_(resource, RiskScope{}, sink);
}

bool RiskScope::changes_attribute(const Resource& resource, std::string_view attribute) const {
  if (step != nullptr) {
    for (const auto& change : step->changes)
      if (change.attribute == attribute || change.action.effect == Effect::kAdds) return true;
    return false;
  }
  if (!changed) return false;
  if (before == nullptr) return true;
  const lang::Attribute* now = resource.find(attribute);
  const lang::Attribute* was = before->find(attribute);
  if (now == nullptr || was == nullptr) return now != was;
  return now->value.to_source() != was->value.to_source();
}

std::vector<lang::Diagnostic> ProviderRegistry::risks_of(const Resource& resource,
                                                        const RiskScope& scope) const {
  if (!risk_judge_) return {};
  lang::DiagnosticSink sink;
  risk_judge_(resource, scope, sink);
  return sink.all();
}

}  // namespace twin::engine
