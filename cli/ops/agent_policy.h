// What `twin agent run` may apply on its own (`--apply-policy`):
//   report  never applies;
//   safe    applies only when no change of the plan is risky (its `risks`,
//           W03xx, judged by the rules resources/ registers) and no change
//           removes a package (its `removes`: its own removal or purge, or
//           what apt would take with an install or upgrade);
//   all     applies whatever the plan holds.
// The policy reads the plan's fields, never its rendered text. Risk follows
// the plan, as in a pull's review: a risky declaration that changes nothing
// on this machine does not block; files a `mirror` fills are judged one by
// one, so filesystem/etc/sudoers.d/x is as risky as `file "/etc/sudoers.d/x"`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cli/ops/agent_report.h"
#include "engine/core/plan.h"

namespace twin::ops {

/// The risky-change findings of the changes `plan` would make; files are
/// named relative to `twin_dir`.
std::vector<AgentFinding> planned_risks(const engine::Plan& plan,
                                        const std::filesystem::path& twin_dir);

/// The steps whose changes remove or purge packages, with the packages:
/// "REMOVE package[\"x\"]: x", "INSTALL package[\"y\"]: z".
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

}  // namespace twin::ops
