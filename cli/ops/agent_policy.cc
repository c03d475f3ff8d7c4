#include "cli/ops/agent_policy.h"

#include <fmt/format.h>

#include <set>

namespace twin::ops {
namespace {

std::string relative_file(const lang::Span& span, const std::filesystem::path& twin_dir) {
  std::filesystem::path file = span.file->path();
  if (file.is_absolute()) file = file.lexically_relative(twin_dir);
  return file.string();
}

}  // namespace

std::vector<AgentFinding> planned_risks(const engine::Plan& plan,
                                        const std::filesystem::path& twin_dir) {
  std::vector<AgentFinding> findings;
  for (const auto& step : plan.steps)
    for (const auto& change : step.changes)
      for (const auto& d : change.risks) {
        AgentFinding f{d.code, d.message, step.address, "", 0};
        if (d.span.valid()) {
          f.file = relative_file(d.span, twin_dir);
          f.line = d.span.file->line_col(d.span.begin).line;
        }
        findings.push_back(std::move(f));
      }
  return findings;
}

std::vector<std::string> package_removals(const engine::Plan& plan) {
  std::vector<std::string> removals;
  for (const auto& step : plan.steps) {
    std::set<std::string> packages;
    for (const auto& change : step.changes) packages.insert(change.removes.begin(), change.removes.end());
    if (!packages.empty())
      removals.push_back(fmt::format("{} {}: {}", engine::action_name(step.primary()),
                                     step.address, fmt::join(packages, ", ")));
  }
  return removals;
}

AgentDecision decide_agent_apply(const std::string& policy, std::size_t steps,
                                 const std::vector<AgentFinding>& risky,
                                 const std::vector<std::string>& removals) {
  if (steps == 0) return {"nothing-to-do", "the machine already matches the twin"};
  std::string pending = fmt::format("{} step(s) pending", steps);
  if (policy == "report")
    return {"refused", pending + "; policy report never applies (apply with `twin apply`)"};
  if (policy == "all") return {"applied", pending + "; policy all applies every plan"};
  if (!risky.empty() || !removals.empty()) {
    std::vector<std::string> why;
    for (const auto& f : risky) why.push_back(f.code + " " + f.message);
    for (const auto& r : removals) why.push_back("removes a package: " + r);
    return {"refused", fmt::format("{}; policy safe refuses: {}", pending, fmt::join(why, "; "))};
  }
  return {"applied", pending + "; policy safe: no risky change and no package removal"};
}

}  // namespace twin::ops
