#include "cli/agent_command.h"

#include <CLI/CLI.hpp>

#include "cli/agent_run.h"
#include "cli/exit_code.h"

namespace twin::cli {
namespace {

void add_twin_flag(CLI::App& cmd, AgentOptions& o) {
  cmd.add_option("--twin", o.target.twin_dir, "The twin (default: here or a parent, else the remembered one)");
}

void add_root_flag(CLI::App& cmd, AgentOptions& o) {
  cmd.add_option("--root", o.target.root, "Target root: / or a sandbox directory")
      ->capture_default_str();
}

void add_policy_flag(CLI::App& cmd, AgentOptions& o) {
  cmd.add_option("--apply-policy", o.policy,
                 "report: never apply; safe: apply unless a risky change or a package removal "
                 "is planned; all: always apply")
      ->check(CLI::IsMember({"report", "safe", "all"}))
      ->capture_default_str();
}

CLI::App* action(CLI::App& cmd, AgentOptions& o, const std::string& name,
                 const std::string& summary) {
  CLI::App* sub = cmd.add_subcommand(name, summary);
  sub->callback([&o, name] { o.action = name; });
  return sub;
}

}  // namespace

void add_agent_flags(CLI::App& cmd, AgentOptions& o) {
  cmd.require_subcommand(1);
  CLI::App* install = action(
      cmd, o, "install", "Write and enable twin-agent.service and twin-agent.timer under --root");
  add_twin_flag(*install, o);
  add_root_flag(*install, o);
  install->add_option("--interval", o.interval, "How often: Ns, Nmin, Nh or Nd, at least 1min")
      ->capture_default_str();
  add_policy_flag(*install, o);
  install->add_option("--binary", o.binary,
                      "The twin binary the unit runs, as the target sees it (default: this one)");

  CLI::App* uninstall = action(cmd, o, "uninstall", "Disable and remove the agent's units");
  add_root_flag(*uninstall, o);

  CLI::App* run = action(cmd, o, "run",
                         "Pull, plan, apply as the policy allows, snapshot, push, and record "
                         "the run; exit 2 when changes stay pending");
  add_twin_flag(*run, o);
  add_root_flag(*run, o);
  add_policy_flag(*run, o);

  CLI::App* status = action(cmd, o, "status", "The last runs and whether the timer is enabled");
  add_twin_flag(*status, o);
  add_root_flag(*status, o);
  status->add_option("-n,--limit", o.limit, "At most this many runs (0: all kept)")
      ->capture_default_str();
  status->add_flag("--json", o.json, "The timer and the runs' reports as JSON");
}

int run_agent(const AgentOptions& options) {
  if (options.action == "install") return run_agent_install(options);
  if (options.action == "uninstall") return run_agent_uninstall(options);
  if (options.action == "run")
    return run_agent_run({.target = options.target, .policy = options.policy});
  if (options.action == "status") return run_agent_status(options);
  return to_int(ExitCode::kError);  // CLI11 requires one of the four
}

}  // namespace twin::cli
