#include "cli/agent_run.h"

#include <iostream>

#include "cli/console_reporter.h"
#include "cli/exit_code.h"
#include "cli/ops/agent_run.h"

namespace twin::cli {

int run_agent_run(const AgentRunOptions& options) {
  ConsoleReporter reporter;
  auto ran = ops::run_agent({.target = options.target, .policy = options.policy}, reporter);
  if (!ran) {
    print_error(ran.error());
    return to_int(ExitCode::kError);
  }
  const ops::AgentReport& report = ran->report;
  std::cout << "Agent run " << report.decision << ": " << report.reason
            << "\nReport: " << ran->saved.string() << "\n";
  return report.exit_code;
}

}  // namespace twin::cli
