// What `twin agent run` may apply on its own (`--apply-policy`):
//   report  never applies;
//   safe    applies only when no resource the plan would change has a risky-
//           change finding (engine/risk.h, W03xx) and no step removes or
//           purges a package (apt's blast radius included);
//   all     applies whatever the plan holds.
// Risk follows the plan, as in a pull's review: a risky declaration that
// changes nothing on this machine does not block. Files a `mirror` fills
// are judged one by one, so filesystem/etc/sudoers.d/x is as risky as a
// `file "/etc/sudoers.d/x"`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cli/agent_report.h"
#include "engine/plan.h"

namespace twin::cli {

/// The risky-change findings on the resources `plan` would change; files
/// are named relative to `twin_dir`.
std::vector<AgentFinding> planned_risks(const engine::Plan& plan,
                                        const std::filesystem::path& twin_dir);

/// The steps that remove or purge a package, directly or as apt's blast
/// radius of another change: "REMOVE package[\"x\"]", "INSTALL
/// package[\"y\"]: also removes: z".
std::vector<std::string> package_removals(const engine::Plan& plan);

struct AgentDecision {
  std::string outcome;  // applied (to be), refused, nothing-to-do
  std::string reason;
  bool apply() const { return outcome == "applied"; }
};

/// Decides by `policy` (report, safe, all) for a plan of `steps` steps.
AgentDecision decide_agent_apply(const std::string& policy, std::size_t steps,
                                 const std::vector<AgentFinding>& risky,
                                 const std::vector<std::string>& removals);

}  // namespace twin::cli
