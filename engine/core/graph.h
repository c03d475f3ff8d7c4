// The resource graph: nodes are evaluated resources, edges say "must run
// before". Edges come from the metaparameters require/before/notify/
// subscribe and from providers' implicit dependencies (a file needs its
// parent directory's file resource, ...). The order is deterministic: Kahn's
// algorithm with ties broken by declaration order, so the same twin and the
// same machine always give a byte-identical plan.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/plan.h"
#include "lang/diagnostic.h"

namespace twin::engine {

enum class EdgeKind {
  kRequire,    // `require = [X]` on the later resource
  kBefore,     // `before = [Y]` on the earlier resource
  kNotify,     // `notify = [Y]`: before, and Y refreshes when this changes
  kSubscribe,  // `subscribe = [X]`: after, and this refreshes when X changes
  kImplicit,   // a provider's documented automatic rule
};

std::string_view edge_kind_name(EdgeKind kind);  // "require", ...

struct Edge {
  std::size_t from;  // runs first
  std::size_t to;    // runs after `from`
  EdgeKind kind;
  lang::Span span;   // where the edge was written (the implicit rule's resource)
  bool reversed = false;  // both ends are removals, so the order flips

  /// True when a change of `from` refreshes `to` (notify/subscribe).
  bool refreshes() const { return kind == EdgeKind::kNotify || kind == EdgeKind::kSubscribe; }
};

/// One dependency as declared on a resource, before it is resolved.
struct Dependency {
  std::string address;  // type["title"] of the other resource
  EdgeKind kind;
  lang::Span span;
};

class ResourceGraph {
 public:
  /// Builds the graph over `resources` (which must outlive it). `declared`
  /// gives each resource's dependencies; `is_removal` says which resources
  /// are being removed (their mutual edges run in reverse). Undeclared
  /// references are errors in `sink` (E0210), except implicit ones, which
  /// apply only when the other resource is declared.
  static ResourceGraph build(const std::vector<Resource>& resources,
                             const std::vector<std::vector<Dependency>>& declared,
                             const std::vector<bool>& is_removal, lang::DiagnosticSink& sink);

  std::size_t size() const { return resources_->size(); }
  const Resource& resource(std::size_t i) const { return (*resources_)[i]; }
  const std::vector<Edge>& edges() const { return edges_; }
  /// Edges into node i (its dependencies).
  std::vector<const Edge*> edges_into(std::size_t i) const;

  /// Node indices in execution order, or nothing when there is a cycle, in
  /// which case the whole cycle is reported to `sink` (E0211), each edge with
  /// the location that made it.
  std::optional<std::vector<std::size_t>> order(lang::DiagnosticSink& sink) const;

 private:
  const std::vector<Resource>* resources_ = nullptr;
  std::vector<Edge> edges_;
  std::vector<std::vector<std::size_t>> out_;  // node -> indices into edges_
};

}  // namespace twin::engine
