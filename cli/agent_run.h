// `twin agent run` on the command line: the use case (ops/agent_run.h)
// with progress and errors to the console (the journal, under systemd).
#pragma once

#include <string>

#include "cli/twin_location.h"

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
