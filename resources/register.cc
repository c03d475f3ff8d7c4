#include "resources/register.h"

#include <memory>

#include "resources/crontab_provider.h"
#include "resources/file_provider.h"
#include "resources/group_provider.h"
#include "resources/mirror_provider.h"
#include "resources/package_provider.h"
#include "resources/risk_rules.h"
#include "resources/service_provider.h"
#include "resources/user_provider.h"
#include "resources/unlisted_accounts_provider.h"
#include "resources/unlisted_crontabs_provider.h"
#include "resources/unlisted_packages_provider.h"

namespace twin::resources {

void register_builtin_providers(engine::ProviderRegistry& registry) {
  registry.add(std::make_unique<FileProvider>());
  registry.add(std::make_unique<PackageProvider>());
  registry.add(std::make_unique<ServiceProvider>());
  registry.add(std::make_unique<CrontabProvider>());
  registry.add(std::make_unique<GroupProvider>());
  registry.add(std::make_unique<UserProvider>());
  registry.add(std::make_unique<MirrorProvider>());
  registry.add(std::make_unique<UnlistedPackagesProvider>());
  registry.add(std::make_unique<UnlistedCrontabsProvider>());
  registry.add(std::make_unique<UnlistedAccountsProvider>());
  registry.set_risk_judge([](const Resource& resource, const engine::RiskScope& scope,
                             lang::DiagnosticSink& sink) {
    judge_risk(risk_rules(), resource, scope, sink);
  });
}

void share_twin_file_probe(engine::ProviderRegistry& registry,
                           std::shared_ptr<const TwinFileProbe> probe) {
  if (auto* files = dynamic_cast<FileProvider*>(registry.find("file")))
    files->use_probed_sources(std::move(probe));
}

}  // namespace twin::resources
