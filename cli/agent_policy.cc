#include "cli/agent_policy.h"

#include <fmt/format.h>

#include <set>

#include "engine/risk.h"

namespace twin::cli {
namespace {

std::string relative_file(const lang::Span& span, const std::filesystem::path& twin_dir) {
  std::filesystem::path file = span.file->path();
  if (file.is_absolute()) file = file.lexically_relative(twin_dir);
  return file.string();
}

bool removes_packages(const engine::Change& change) {
  return change.action == engine::Action::kRemove || change.action == engine::Action::kPurge;
}

}  // namespace

std::vector<AgentFinding> planned_risks(const engine::Plan& plan,
                                        const std::filesystem::path& twin_dir) {
  std::vector<AgentFinding> findings;
  std::set<std::string> seen;
  for (const auto& step : plan.steps) {
    if (!step.resource || !seen.insert(step.address).second) continue;
    // One resource at a time, so each finding is known to be this step's.
    lang::DiagnosticSink sink;
    engine::check_risks({*step.resource}, sink);
    for (const auto& d : sink.all()) {
      AgentFinding f{d.code, d.message, step.address, "", 0};
      if (d.span.valid()) {
        f.file = relative_file(d.span, twin_dir);
        f.line = d.span.file->line_col(d.span.begin).line;
      }
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

std::vector<std::string> package_removals(const engine::Plan& plan) {
  std::vector<std::string> removals;
  for (const auto& step : plan.steps) {
    std::string name = fmt::format("{} {}", engine::action_name(step.primary()), step.address);
    bool listed = false;
    for (const auto& change : step.changes) {
      if (removes_packages(change) && !listed) {
        removals.push_back(name);
        listed = true;
      }
      // apt's blast radius (resources/package_batches.cc) names what an
      // install or upgrade would take away with it.
      for (const auto& detail : change.details)
        if (detail.starts_with("also removes:") || detail.starts_with("also purges:"))
          removals.push_back(name + ": " + detail);
    }
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

}  // namespace twin::cli
