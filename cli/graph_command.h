// `twin graph`: the resource graph (every declared resource and the edges
// that order them), with the resources that would change highlighted.
#pragma once

#include <string>

#include "cli/twin_location.h"

namespace twin::cli {

struct GraphOptions {
  TargetOptions target;
  std::string format = "dot";  // "dot" (Graphviz) or "json"
};

/// Graphviz DOT of the graph; drifted nodes are filled and name their action.
std::string render_graph_dot(const engine::PreparedTwin& twin, const engine::Plan& plan);

/// {"nodes": [...], "edges": [...]} (schema in SPEC.md).
std::string render_graph_json(const engine::PreparedTwin& twin, const engine::Plan& plan);

/// Prints the graph; exit 0, or 1 on error.
int run_graph(const GraphOptions& options);

}  // namespace twin::cli
