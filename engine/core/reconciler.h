// The reconciler decides: it validates the declared resources against their
// providers, builds and orders the resource graph, asks each provider to
// observe all of its resources at once, and turns the drift into a Plan. It
// never changes the machine.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "engine/core/graph.h"
#include "engine/core/plan.h"
#include "engine/core/provider.h"
#include "engine/core/result.h"
#include "lang/diagnostic.h"

namespace twin::engine {

/// Declared resources that passed validation, in execution order.
struct PreparedTwin {
  const std::vector<Resource>* resources = nullptr;
  /// Owns the resources when expansion (engine/core/expansion.h) replaced some
  /// declarations; `resources` then points here.
  std::shared_ptr<const std::vector<Resource>> expanded;
  ResourceGraph graph;
  std::vector<std::size_t> order;  // indices into *resources
};

/// Validates every resource (unknown type with "did you mean", duplicate
/// address with both places, each provider's own rules, undeclared
/// references, dependency cycles) into `sink`; nullopt when there are errors.
std::optional<PreparedTwin> prepare(const std::vector<Resource>& resources,
                                    const ProviderRegistry& registry, const Context& ctx,
                                    lang::DiagnosticSink& sink);

/// Observes the machine and returns the steps that make it match, in graph
/// order, with refresh steps (notify/subscribe) and secrets masked.
Result<Plan> compute_plan(const PreparedTwin& twin, const ProviderRegistry& registry,
                          const Context& ctx);

}  // namespace twin::engine
