#include "cli/status_command.h"

#include <fmt/format.h>

#include <iostream>
#include <map>

#include "cli/exit_code.h"
#include "cli/json_output.h"
#include "cli/terminal.h"

namespace twin::cli {
namespace {

/// Enough lines to name what drifts without scrolling off one screen.
constexpr std::size_t kMaxListed = 15;

struct TypeCounts {
  std::size_t declared = 0;
  std::size_t drifted = 0;
};

}  // namespace

std::string render_status(const engine::PreparedTwin& twin, const engine::Plan& plan, bool color) {
  std::map<std::string, TypeCounts> by_type;
  for (const auto& r : *twin.resources) ++by_type[r.type].declared;
  for (const auto& step : plan.steps) ++by_type[step.type].drifted;

  std::string out = fmt::format("{:<12}{:>10}{:>10}{:>10}\n", "TYPE", "DECLARED", "IN SYNC", "DRIFT");
  for (const auto& [type, n] : by_type) {
    std::string drift = fmt::format("{:>10}", n.drifted);
    out += fmt::format("{:<12}{:>10}{:>10}", type, n.declared, n.declared - n.drifted) +
           (n.drifted ? paint(drift, "yellow", color) : drift) + "\n";
  }
  if (plan.empty()) return out + paint("\nIn sync: the machine matches the twin.", "green", color) + "\n";
  out += "\nDrifted:\n";
  for (std::size_t i = 0; i < plan.steps.size() && i < kMaxListed; ++i)
    out += fmt::format("  {:<8}{}\n", engine::action_name(plan.steps[i].primary()),
                       plan.steps[i].address);
  if (plan.steps.size() > kMaxListed)
    out += fmt::format("  … and {} more (see `twin plan --summary`)\n",
                       plan.steps.size() - kMaxListed);
  return out;
}

nlohmann::json status_json(const engine::PreparedTwin& twin, const engine::Plan& plan) {
  std::map<std::string, TypeCounts> by_type;
  for (const auto& r : *twin.resources) ++by_type[r.type].declared;
  for (const auto& step : plan.steps) ++by_type[step.type].drifted;
  nlohmann::json report = json_report("status", 1);
  report["in_sync"] = plan.empty();
  report["types"] = nlohmann::json::array();
  for (const auto& [type, n] : by_type)
    report["types"].push_back({{"type", type},
                               {"declared", n.declared},
                               {"in_sync", n.declared - n.drifted},
                               {"drift", n.drifted}});
  report["drifted"] = nlohmann::json::array();
  for (const auto& step : plan.steps)
    report["drifted"].push_back(
        {{"address", step.address}, {"action", engine::action_name(step.primary())}});
  return report;
}

int run_status(const StatusOptions& options) {
  // With --json, stdout is the report alone.
  auto session = open_workspace(options.target, options.json ? std::cerr : std::cout);
  if (!session) return to_int(ExitCode::kError);
  session->use_stat_cache();
  auto plan = plan_or_print(*session);
  if (!plan) return to_int(ExitCode::kError);
  if (options.json) {
    nlohmann::json report = status_json(session->prepared(), *plan);
    report["twin"] = session->target().twin.dir.string();
    report["root"] = session->target().root.string();
    print_json(report);
  } else {
    std::cout << render_status(session->prepared(), *plan, use_color(stdout));
  }
  return to_int(plan->empty() ? ExitCode::kOk : ExitCode::kChanges);
}

}  // namespace twin::cli
