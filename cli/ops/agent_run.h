// `twin agent run`: one unattended pass of fleet pull mode, as the timer
// runs it. Holding the twin's apply lock throughout, it pulls (when a
// remote is set), plans, applies only when the policy allows it
// (ops/agent_policy.h; with the atomic executor: any failure rolls the whole
// apply back), snapshots when the machine then matches the twin, pushes,
// and records the run as JSON (ops/agent_report.h). Nothing asks a question.
#pragma once

#include <string>

#include "cli/ops/agent_report.h"
#include "cli/ops/reporter.h"
#include "cli/ops/workspace.h"

namespace twin::ops {

struct AgentRunRequest {
  TargetOptions target;
  std::string policy = "report";  // report, safe or all
};

struct AgentRunOutcome {
  AgentReport report;  // report.exit_code: 0 done, 2 refused (changes pending), 1 failed
  std::filesystem::path saved;  // where the report was written
};

/// Runs every phase; progress and errors go to `reporter` as they happen and
/// the errors are kept in the report too. An Error only when no twin or
/// root could be chosen or the report could not be saved.
engine::Result<AgentRunOutcome> run_agent(const AgentRunRequest& request, Reporter& reporter);

}  // namespace twin::ops
