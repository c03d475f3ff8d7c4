// `twin agent install|uninstall|run|status`: fleet pull mode. A systemd
// timer under the target root runs `twin agent run` every interval, which
// pulls the twin, applies it as the policy allows, snapshots and pushes
// (cli/agent_run.h); `status` shows the recorded runs and the timer.
// The policy lives in the service's ExecStart= (`--apply-policy P`), so
// the unit file alone says what the agent may do.
#pragma once

#include <cstddef>
#include <string>

#include "cli/twin_location.h"

namespace CLI {
class App;
}

namespace twin::cli {

struct AgentOptions {
  std::string action;  // install, uninstall, run, status
  TargetOptions target;
  std::string policy = "report";   // --apply-policy: report, safe or all
  std::string interval = "30min";  // install
  std::string binary;              // install: the twin the unit runs (default: this one)
  std::size_t limit = 10;          // status -n
  bool json = false;               // status --json
};

/// Adds the four actions as CLI11 subcommands of `cmd`, each with its flags.
void add_agent_flags(CLI::App& cmd, AgentOptions& options);

/// Runs the chosen action; see each action's header for its exit codes.
int run_agent(const AgentOptions& options);

/// Writes twin-agent.service and twin-agent.timer under the root and
/// enables the timer with `systemctl [--root ROOT] enable`; on a running
/// system (/ with systemd as init) also reloads and (re)starts the timer.
/// Re-installing rewrites both. Exit 0, or 1 on an error (E1701 a bad
/// interval, E1703 a bad binary or path, E1704 systemctl failed).
int run_agent_install(const AgentOptions& options);

/// Stops (on a running system), disables and removes both units. Exit 0,
/// also when they were not installed; 1 on an error.
int run_agent_uninstall(const AgentOptions& options);

/// The last -n runs, newest first, one line each (or --json), and whether
/// the timer is installed and enabled under the root. Exit 0, or 1 when
/// the twin cannot be found.
int run_agent_status(const AgentOptions& options);

}  // namespace twin::cli
