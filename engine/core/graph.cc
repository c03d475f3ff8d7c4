#include "engine/core/graph.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <unordered_map>

namespace twin::engine {

std::string_view edge_kind_name(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kRequire: return "require";
    case EdgeKind::kBefore: return "before";
    case EdgeKind::kNotify: return "notify";
    case EdgeKind::kSubscribe: return "subscribe";
    case EdgeKind::kImplicit: return "implicit";
  }
  return "?";
}

ResourceGraph ResourceGraph::build(const std::vector<Resource>& resources,
                                   const std::vector<std::vector<Dependency>>& declared,
                                   const std::vector<bool>& is_removal,
                                   lang::DiagnosticSink& sink) {
  ResourceGraph g;
  g.resources_ = &resources;
  g.out_.resize(resources.size());
  std::unordered_map<std::string, std::size_t> index;
  index.reserve(resources.size());
  for (std::size_t i = 0; i < resources.size(); ++i) index.emplace(resources[i].address(), i);

  for (std::size_t i = 0; i < resources.size() && i < declared.size(); ++i) {
    for (const Dependency& dep : declared[i]) {
      auto it = index.find(dep.address);
      if (it == index.end()) {
        if (dep.kind != EdgeKind::kImplicit)
          sink.error("E0210",
                     std::string(edge_kind_name(dep.kind)) + " refers to " + dep.address +
                         ", which is not declared",
                     dep.span, "declare " + dep.address + " or remove the reference");
        continue;
      }
      std::size_t other = it->second;
      bool earlier_is_other = dep.kind == EdgeKind::kRequire || dep.kind == EdgeKind::kSubscribe ||
                              dep.kind == EdgeKind::kImplicit;
      Edge e{earlier_is_other ? other : i, earlier_is_other ? i : other, dep.kind, dep.span};
      // Removing runs against dependency order: a file goes before the
      // directory that holds it, a package after the files that need it.
      if (is_removal.at(e.from) && is_removal.at(e.to)) {
        std::swap(e.from, e.to);
        e.reversed = true;
      }
      g.out_[e.from].push_back(g.edges_.size());
      g.edges_.push_back(e);
    }
  }
  return g;
}

std::vector<const Edge*> ResourceGraph::edges_into(std::size_t i) const {
  std::vector<const Edge*> in;
  for (const auto& e : edges_)
    if (e.to == i) in.push_back(&e);
  return in;
}

std::optional<std::vector<std::size_t>> ResourceGraph::order(lang::DiagnosticSink& sink) const {
  std::size_t n = size();
  std::vector<std::size_t> in_degree(n, 0);
  for (const auto& e : edges_) ++in_degree[e.to];
  // Ready nodes come out in declaration order: the smallest index first.
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i)
    if (in_degree[i] == 0) ready.push(i);
  std::vector<std::size_t> result;
  result.reserve(n);
  while (!ready.empty()) {
    std::size_t node = ready.top();
    ready.pop();
    result.push_back(node);
    for (std::size_t ei : out_[node])
      if (--in_degree[edges_[ei].to] == 0) ready.push(edges_[ei].to);
  }
  if (result.size() == n) return result;

  // Every node left has an incoming edge from another node left, so walking
  // backwards along such edges must revisit a node: that loop is a cycle.
  std::vector<const Edge*> back_edge(n, nullptr);
  for (const auto& e : edges_)
    if (in_degree[e.to] > 0 && in_degree[e.from] > 0 && !back_edge[e.to]) back_edge[e.to] = &e;
  std::size_t start = 0;
  while (in_degree[start] == 0) ++start;
  std::vector<int> seen_at(n, -1);
  std::vector<const Edge*> walk;
  std::size_t node = start;
  while (seen_at[node] < 0) {
    seen_at[node] = static_cast<int>(walk.size());
    walk.push_back(back_edge[node]);
    node = back_edge[node]->from;
  }
  std::vector<const Edge*> cycle(walk.begin() + seen_at[node], walk.end());
  std::reverse(cycle.begin(), cycle.end());  // now in execution direction

  lang::Diagnostic d;
  d.code = "E0211";
  std::string path = resource(cycle.front()->from).address();
  for (const Edge* e : cycle) path += " -> " + resource(e->to).address();
  d.message = "dependency cycle: " + path;
  d.span = cycle.front()->span;
  for (const Edge* e : cycle) {
    std::string label = resource(e->from).address() + " must run before " +
                        resource(e->to).address() + " (" + std::string(edge_kind_name(e->kind)) +
                        (e->reversed ? ", reversed for removal" : "") + ")";
    d.related.push_back({e->span, label});
  }
  d.hint = "remove one of these dependencies to break the cycle";
  sink.add(std::move(d));
  return std::nullopt;
}

}  // namespace twin::engine
