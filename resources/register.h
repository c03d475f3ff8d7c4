// The one place that knows every built-in provider, so cli/ and tests can
// fill a ProviderRegistry without naming concrete resource types.
#pragma once

#include <memory>

#include "engine/core/provider.h"
#include "resources/twin_file_probe.h"

namespace twin::resources {

/// Adds the built-in providers (file, package, service, crontab, mirror) to `registry`.
void register_builtin_providers(engine::ProviderRegistry& registry);

/// Hands the checker's probe of the twin's files to the providers that
/// validate sources (the file provider), so each source is stat'ed once.
void share_twin_file_probe(engine::ProviderRegistry& registry,
                           std::shared_ptr<const TwinFileProbe> probe);

}  // namespace twin::resources
