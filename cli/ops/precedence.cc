#include "cli/ops/precedence.h"

#include <algorithm>
#include <map>

#include "resources/collect_manifests.h"

namespace twin::ops {
namespace {

bool is_generated(const engine::Resource& resource, const std::filesystem::path& twin_dir) {
  if (!resource.span.valid()) return false;
  std::filesystem::path file = resource.span.file->path();
  if (file.is_absolute()) file = file.lexically_relative(twin_dir);
  const auto& generated = resources::generated_manifests();
  return std::find(generated.begin(), generated.end(), file.generic_string()) != generated.end();
}

}  // namespace

std::vector<std::string> apply_precedence(engine::LoadedTwin& twin,
                                          const engine::ProviderRegistry& registry) {
  auto key = [&](const engine::Resource& r) -> std::string {
    const engine::Provider* provider = registry.find(r.type);
    return r.type + "\n" + (provider ? provider->identity(r) : r.title);
  };
  std::map<std::string, bool> by_hand;  // identities a person declared
  for (const auto& r : twin.resources)
    if (!is_generated(r, twin.dir)) by_hand[key(r)] = true;
  std::vector<std::string> overridden;
  std::erase_if(twin.resources, [&](const engine::Resource& r) {
    if (!is_generated(r, twin.dir) || !by_hand.count(key(r))) return false;
    overridden.push_back(r.address());
    return true;
  });
  return overridden;
}

}  // namespace twin::ops
