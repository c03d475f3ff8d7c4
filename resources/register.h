// The one place that knows every built-in provider, so cli/ and tests can
// fill a ProviderRegistry without naming concrete resource types.
#pragma once

#include "engine/core/provider.h"

namespace twin::resources {

/// Adds the built-in providers (file, package, service, crontab, mirror) to `registry`.
void register_builtin_providers(engine::ProviderRegistry& registry);

}  // namespace twin::resources
