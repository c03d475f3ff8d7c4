// Expansion: the step before validation that replaces shorthand
// declarations (a `mirror`) by the resources they stand for, through each
// provider's expand() hook.
#pragma once

#include <memory>
#include <vector>

#include "engine/core/provider.h"
#include "lang/diagnostic.h"

namespace twin::engine {

/// `resources` with every expanding declaration replaced, in place, by what
/// its provider returns, minus the generated resources whose address a
/// non-generated declaration already uses. nullptr when no declaration
/// expands (use `resources` as they are). Problems go to `sink`.
std::shared_ptr<const std::vector<Resource>> expand_resources(const std::vector<Resource>& resources,
                                                              const ProviderRegistry& registry,
                                                              const Context& ctx,
                                                              lang::DiagnosticSink& sink);

}  // namespace twin::engine
