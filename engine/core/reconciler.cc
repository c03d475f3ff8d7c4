#include "engine/core/reconciler.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "engine/core/expansion.h"
#include "engine/core/metaparams.h"
#include "engine/core/secrets.h"
#include "lang/suggest.h"

namespace twin::engine {
namespace {

/// Unknown types and duplicate addresses, then each provider's own rules
/// (all resources of a type in one call).
void validate_each(const std::vector<Resource>& resources, const ProviderRegistry& registry,
                   const Context& ctx, lang::DiagnosticSink& sink) {
  std::unordered_map<std::string, const Resource*> seen;
  seen.reserve(resources.size());
  std::vector<std::string> type_order;
  std::map<std::string, std::vector<const Resource*>> by_type;
  for (const auto& resource : resources) {
    const Provider* provider = registry.find(resource.type);
    if (!provider) {
      std::string hint;
      if (auto near = lang::closest_name(resource.type, registry.types()))
        hint = "did you mean `" + *near + "`?";
      else
        hint = fmt::format("known resource types: {}", fmt::join(registry.types(), ", "));
      sink.error("E0201", "unknown resource type `" + resource.type + "`", resource.type_span,
                 hint);
      continue;
    }
    std::string identity = provider->identity(resource);
    auto [it, inserted] = seen.emplace(resource.type + "\n" + identity, &resource);
    if (!inserted) {
      lang::Diagnostic d;
      d.code = "E0202";
      d.message = "duplicate resource " + resource.address();
      d.span = resource.title_span;
      d.related.push_back({it->second->title_span, "first declared here"});
      if (it->second->title != resource.title)
        d.notes.push_back(fmt::format("{} and {} both name {}", it->second->address(),
                                      resource.address(), identity));
      d.hint = "declare each resource once; merge the two blocks";
      sink.add(std::move(d));
      continue;
    }
    if (!by_type.count(resource.type)) type_order.push_back(resource.type);
    by_type[resource.type].push_back(&resource);
  }
  for (const auto& type : type_order) registry.find(type)->validate_all(by_type[type], ctx, sink);
}

/// Secrets are masked whatever the manifest says: content that looks like
/// a private key or a password assignment is never shown.
void mask_secrets(Step& step) {
  for (auto& change : step.changes)
    if (change.diff && !change.diff->sensitive &&
        (secret_reason(change.diff->old_text) || secret_reason(change.diff->new_text)))
      change.diff->sensitive = true;
}

bool starts_or_stops(const Step& step) {
  return std::any_of(step.changes.begin(), step.changes.end(), [](const Change& c) {
    return c.action.runtime;
  });
}

}  // namespace

std::optional<PreparedTwin> prepare(const std::vector<Resource>& declared,
                                    const ProviderRegistry& registry, const Context& ctx,
                                    lang::DiagnosticSink& sink) {
  std::size_t errors_before = sink.error_count();
  auto expanded = expand_resources(declared, registry, ctx, sink);
  if (sink.error_count() != errors_before) return std::nullopt;
  const std::vector<Resource>& resources = expanded ? *expanded : declared;
  std::unordered_map<std::string, const Resource*> by_address;
  by_address.reserve(resources.size());
  for (const auto& r : resources) by_address.emplace(r.address(), &r);
  Context validating = ctx;
  validating.find_declared = [&by_address](std::string_view address) -> const Resource* {
    auto found = by_address.find(std::string(address));
    return found == by_address.end() ? nullptr : found->second;
  };
  validate_each(resources, registry, validating, sink);
  if (sink.error_count() != errors_before) return std::nullopt;

  std::vector<std::vector<Dependency>> deps(resources.size());
  std::vector<bool> removal(resources.size());
  for (std::size_t i = 0; i < resources.size(); ++i) {
    deps[i] = declared_dependencies(resources[i]);
    for (auto& address : registry.find(resources[i].type)->implicit_dependencies(resources[i]))
      deps[i].push_back({std::move(address), EdgeKind::kImplicit, resources[i].title_span});
    removal[i] = is_removal(resources[i]);
  }
  PreparedTwin prepared;
  prepared.resources = &resources;
  prepared.expanded = std::move(expanded);
  prepared.graph = ResourceGraph::build(resources, deps, removal, sink);
  if (sink.error_count() != errors_before) return std::nullopt;
  auto order = prepared.graph.order(sink);
  if (!order) return std::nullopt;
  prepared.order = std::move(*order);
  return prepared;
}

Result<Plan> compute_plan(const PreparedTwin& twin, const ProviderRegistry& registry,
                          const Context& outer_ctx) {
  const auto& resources = *twin.resources;
  std::unordered_map<std::string, const Resource*> declared;
  declared.reserve(resources.size());
  for (const auto& r : resources) declared.emplace(r.address(), &r);
  Context ctx = outer_ctx;
  ctx.is_declared = [&declared](std::string_view address) {
    return declared.count(std::string(address)) > 0;
  };
  ctx.find_declared = [&declared](std::string_view address) -> const Resource* {
    auto found = declared.find(std::string(address));
    return found == declared.end() ? nullptr : found->second;
  };
  auto index_of = [&](const Resource* r) { return static_cast<std::size_t>(r - resources.data()); };

  // One batch per type, in execution order, so each provider observes all
  // of its resources with one query.
  std::vector<std::string> type_order;
  std::map<std::string, std::vector<const Resource*>> by_type;
  for (std::size_t i : twin.order) {
    const Resource& r = resources[i];
    if (!by_type.count(r.type)) type_order.push_back(r.type);
    by_type[r.type].push_back(&r);
  }
  Plan plan;
  std::vector<std::optional<Step>> step_of(resources.size());
  for (const auto& type : type_order) {
    Provider* provider = registry.find(type);
    auto steps = provider->plan(by_type[type], ctx);
    if (!steps) return steps.error();
    for (auto& step : *steps) {
      mask_secrets(step);
      // Risk is a fact of the change, judged here once, so every reader
      // (lint, review, the agent's policy) sees the same findings.
      if (step.resource && !step.changes.empty()) {
        // Appended: a provider may have judged its own change already.
        auto& risks = step.primary_change().risks;
        for (auto& d : registry.risks_of(*step.resource, {&step, true})) risks.push_back(std::move(d));
      }
      step_of[index_of(step.resource)] = std::move(step);
    }
    for (auto& note : provider->notes(ctx)) plan.notes.push_back(std::move(note));
  }

  // The edges into each node, in the graph's order (edges_into() would scan
  // every edge for every node).
  std::vector<std::vector<const Edge*>> into(resources.size());
  for (const Edge& edge : twin.graph.edges()) into.at(edge.to).push_back(&edge);

  // Refreshes follow the order, so a refresh caused by a refresh is seen.
  for (std::size_t i : twin.order) {
    for (const Edge* edge : into[i]) {
      if (!edge->refreshes() || edge->reversed || !step_of[edge->from]) continue;
      const Resource& target = resources[i];
      auto change = registry.find(target.type)->refresh(target);
      if (!change) continue;
      if (step_of[i] && starts_or_stops(*step_of[i])) continue;
      change->description = "because " + resources[edge->from].address() + " changes";
      if (!step_of[i]) step_of[i] = Step{&target, target.type, target.address(), {}, {}};
      step_of[i]->changes.push_back(std::move(*change));
    }
  }

  // A step depends on the nearest steps upstream of it, looking through
  // resources that do not change.
  std::vector<std::set<std::string>> upstream(resources.size());
  for (std::size_t i : twin.order) {
    for (const Edge* edge : into[i]) {
      if (step_of[edge->from])  // (already moved into the plan: use the resource)
        upstream[i].insert(resources[edge->from].address());
      else
        upstream[i].insert(upstream[edge->from].begin(), upstream[edge->from].end());
    }
    if (step_of[i]) {
      step_of[i]->depends_on.assign(upstream[i].begin(), upstream[i].end());
      plan.steps.push_back(std::move(*step_of[i]));
    }
  }
  return plan;
}

}  // namespace twin::engine
