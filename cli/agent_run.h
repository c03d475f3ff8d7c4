// `twin agent run`: one unattended pass of fleet pull mode, as the timer
// runs it. Holding the twin's apply lock throughout, it pulls (when a
// remote is set), plans, applies only when the policy allows it (with the
// atomic executor: any failure rolls the whole apply back), snapshots when
// the machine then matches the twin, pushes, and records the run as JSON
// (cli/agent_report.h). Nothing asks a question.
#pragma once

#include <string>

#include "cli/session.h"

namespace twin::cli {

struct AgentRunOptions {
  TargetOptions target;
  std::string policy = "report";  // report, safe or all
};

/// Exit 0 when the run did what the policy says and found nothing left
/// pending (applied, or nothing to do); 2 when changes are pending that the
/// policy did not apply (refused); 1 on an error (lock, pull, load, plan,
/// apply, snapshot or push), after which the report lists the errors.
int run_agent_run(const AgentRunOptions& options);

}  // namespace twin::cli
