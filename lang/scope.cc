#include "lang/internal/scope.h"

namespace twin::lang::internal {

const Binding* Scope::declare(const std::string& name, Binding binding) {
  auto [it, inserted] = bindings_.emplace(name, std::move(binding));
  return inserted ? nullptr : &it->second;
}

void Scope::bind(const std::string& name, std::optional<Value> value) {
  Binding& binding = bindings_.at(name);
  binding.value = std::move(value);
  binding.pending = false;
}

const Binding* Scope::find(std::string_view name) const {
  for (const Scope* scope = this; scope != nullptr; scope = scope->parent_) {
    auto it = scope->bindings_.find(name);
    if (it != scope->bindings_.end()) return &it->second;
  }
  return nullptr;
}

std::vector<std::string> Scope::visible_names() const {
  std::vector<std::string> names;
  for (const Scope* scope = this; scope != nullptr; scope = scope->parent_)
    for (const auto& [name, binding] : scope->bindings_) names.push_back(name);
  return names;
}

}  // namespace twin::lang::internal
