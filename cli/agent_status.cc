// `twin agent status` (declared in cli/agent_command.h): the recorded runs
// and the timer's state under the root, as systemctl sees it.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/agent_command.h"
#include "cli/ops/agent_report.h"
#include "cli/agent_units.h"
#include "cli/exit_code.h"
#include "cli/json_output.h"
#include "cli/twin_location.h"
#include "resources/process_runner.h"
#include "resources/rooted_fs.h"
#include "resources/unit_files.h"

namespace twin::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// What the root holds of the agent: whether the units are there, what
/// systemctl says of the timer, and the policy and interval they name.
json timer_state(const fs::path& root) {
  json out = {{"root", root.string()}, {"installed", false}};
  auto rfs = resources::RootedFs::open(root);
  if (!rfs) return out;
  auto timer = rfs->read_file(std::string(kAgentUnitDir) + "/" + kAgentTimer);
  auto service = rfs->read_file(std::string(kAgentUnitDir) + "/" + kAgentService);
  if (!timer || !service) return out;
  out["installed"] = true;
  out["interval"] = interval_of_timer(*timer).value_or("");
  out["policy"] = policy_of_service(*service).value_or("");
  resources::ProcessRunner runner;
  engine::Host host(root, runner);
  auto states = resources::observe_unit_file_states(host, {kAgentTimer});
  out["state"] = states ? (*states)[kAgentTimer] : "unknown (" + states.error().text() + ")";
  return out;
}

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string short_id(const std::string& id) { return id.substr(0, 8); }

/// "2026-11-25T10:57:03Z  applied  1 step (REPLACE 1)  pull fast-forward (1)
/// snapshot 1a2b3c4d  push pushed".
std::string run_line(const json& run) {
  std::string when = text_of(run, "started_at");
  std::string decision = run.contains("decision") ? text_of(run["decision"], "outcome") : "";
  std::string steps = "no plan";
  if (run.contains("plan") && run["plan"].is_object()) {
    std::vector<std::string> counts;
    json by_action = run["plan"].value("counts", json::object());
    for (const auto& [action, n] : by_action.items())
      counts.push_back(fmt::format("{} {}", action, n.dump()));
    steps = fmt::format("{} step(s)", run["plan"].value("steps", 0));
    if (!counts.empty()) steps += fmt::format(" ({})", fmt::join(counts, ", "));
  }
  std::string risky = run.contains("risky") && !run["risky"].empty()
                          ? fmt::format("  {} risky", run["risky"].size())
                          : "";
  json pull = run.value("pull", json::object());
  std::size_t pulled = pull.contains("commits") ? pull["commits"].size() : 0;
  json snap = run.value("snapshot", json::object());
  std::string snapshot = text_of(snap, "outcome");
  if (!text_of(snap, "commit").empty()) snapshot = short_id(text_of(snap, "commit"));
  std::string line =
      fmt::format("{}  {:<13} {:<7} {}{}  pull {} ({})  snapshot {}  push {}", when, decision,
                  text_of(run, "policy"), steps, risky, text_of(pull, "outcome"), pulled, snapshot,
                  text_of(run.value("push", json::object()), "outcome"));
  std::size_t errors = run.contains("errors") ? run["errors"].size() : 0;
  if (errors > 0) line += fmt::format("  {} error(s)", errors);
  return line;
}

void print_timer(const json& timer) {
  if (!timer["installed"].get<bool>()) {
    std::cout << "Timer: not installed under " << text_of(timer, "root")
              << " (`twin agent install`).\n";
    return;
  }
  std::cout << "Timer: " << kAgentTimer << " under " << text_of(timer, "root") << " is "
            << text_of(timer, "state") << "; every " << text_of(timer, "interval") << ", policy "
            << text_of(timer, "policy") << ".\n";
}

}  // namespace

int run_agent_status(const AgentOptions& o) {
  auto target = locate_target(o.target);
  if (!target) return to_int(ExitCode::kError);
  const std::filesystem::path& twin = target->twin.dir;
  const std::filesystem::path& root = target->root;
  json timer = timer_state(root);
  std::vector<std::filesystem::path> unreadable;
  auto runs = ops::load_agent_runs(twin, o.limit, &unreadable);
  for (const auto& file : unreadable)
    std::cerr << "twin: warning: skipping an unreadable agent report: " << file.string() << "\n";
  std::reverse(runs.begin(), runs.end());  // newest first, as `twin history`
  if (o.json) {
    json report = json_report("agent-status", 1);
    report["timer"] = timer;
    report["runs"] = runs;
    print_json(report);
    return to_int(ExitCode::kOk);
  }
  print_timer(timer);
  if (runs.empty()) {
    std::cout << "No agent run is recorded in this twin yet (`twin agent run`).\n";
    return to_int(ExitCode::kOk);
  }
  std::cout << "Last " << runs.size() << " run(s), newest first:\n";
  for (const auto& run : runs) {
    try {
      std::cout << "  " << run_line(run) << "\n";
    } catch (const json::exception&) {  // a report edited by hand
      std::cout << "  " << text_of(run, "started_at") << "  (a report this twin cannot read)\n";
    }
  }
  const json& last = runs.front();
  if (last.contains("decision"))
    std::cout << "Latest: " << text_of(last["decision"], "outcome") << ": "
              << text_of(last["decision"], "reason") << "\n";
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
