#include "cli/graph_command.h"

#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/exit_code.h"
#include "engine/core/plan_json.h"

namespace twin::cli {
namespace {

/// Address -> the action that names its step, for resources that drift.
std::map<std::string, std::string> drift_of(const engine::Plan& plan) {
  std::map<std::string, std::string> drift;
  for (const auto& step : plan.steps) drift[step.address] = engine::action_name(step.primary());
  return drift;
}

/// A DOT string literal: quotes and backslashes escaped.
std::string dot_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

}  // namespace

std::string render_graph_dot(const engine::PreparedTwin& twin, const engine::Plan& plan) {
  auto drift = drift_of(plan);
  const auto& resources = *twin.resources;
  std::string out = "digraph twin {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n";
  for (std::size_t i : twin.order) {
    std::string address = resources[i].address();
    auto it = drift.find(address);
    out += "  n" + std::to_string(i) + " [label=" +
           dot_quote(it == drift.end() ? address : it->second + " " + address);
    if (it != drift.end()) out += ", style=filled, fillcolor=\"#ffd966\"";
    out += "];\n";
  }
  for (const auto& edge : twin.graph.edges()) {
    out += "  n" + std::to_string(edge.from) + " -> n" + std::to_string(edge.to) +
           " [label=" + dot_quote(std::string(engine::edge_kind_name(edge.kind))) +
           (edge.refreshes() ? ", style=bold" : "") + (edge.reversed ? ", style=dashed" : "") +
           "];\n";
  }
  return out + "}\n";
}

std::string render_graph_json(const engine::PreparedTwin& twin, const engine::Plan& plan) {
  auto drift = drift_of(plan);
  const auto& resources = *twin.resources;
  nlohmann::json nodes = nlohmann::json::array();
  for (std::size_t i : twin.order) {
    const auto& r = resources[i];
    auto it = drift.find(r.address());
    nodes.push_back({{"address", r.address()},
                     {"type", r.type},
                     {"title", r.title},
                     {"location", r.title_span.where()},
                     {"drift", it == drift.end() ? nlohmann::json(nullptr) : nlohmann::json(it->second)}});
  }
  nlohmann::json edges = nlohmann::json::array();
  for (const auto& e : twin.graph.edges())
    edges.push_back({{"from", resources[e.from].address()},
                     {"to", resources[e.to].address()},
                     {"kind", engine::edge_kind_name(e.kind)},
                     {"refresh", e.refreshes()},
                     {"reversed", e.reversed},
                     {"location", e.span.where()}});
  return engine::dump_json({{"nodes", nodes}, {"edges", edges}}) + "\n";
}

int run_graph(const GraphOptions& options) {
  auto session = open_workspace(options.target);
  if (!session) return to_int(ExitCode::kError);
  auto plan = plan_or_print(*session);
  if (!plan) return to_int(ExitCode::kError);
  std::cout << (options.format == "json" ? render_graph_json(session->prepared(), *plan)
                                         : render_graph_dot(session->prepared(), *plan));
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
