// The systemd units of fleet pull mode, as text: twin-agent.service (a
// oneshot running `twin agent run`) and twin-agent.timer (every interval).
// Pure functions: `twin agent install` writes what these return, and
// `twin agent status` reads the policy and interval back out of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/result.h"

namespace twin::cli {

inline constexpr char kAgentService[] = "twin-agent.service";
inline constexpr char kAgentTimer[] = "twin-agent.timer";
/// Where both units go, inside the target root.
inline constexpr char kAgentUnitDir[] = "/etc/systemd/system";

/// An interval in the subset of systemd's time span syntax that the agent
/// accepts: one number and one unit, "Ns", "Nmin", "Nh" or "Nd".
struct AgentInterval {
  std::uint64_t seconds = 0;
  std::string text;  // as systemd reads it, e.g. "30min"
};

/// Parses and checks an interval: at least 1min, at most 365d.
/// Errors: E1701 with what is wrong and the accepted forms.
engine::Result<AgentInterval> parse_agent_interval(std::string_view text);

/// `report`, `safe` or `all`; anything else is nullopt.
std::optional<std::string> agent_policy_named(std::string_view name);

/// One ExecStart= word that systemd passes through unchanged: as it is when
/// it holds only letters, digits and `/._-+:@=,`; otherwise in double quotes
/// with `\` and `"` escaped, `%` doubled (a specifier otherwise) and `$`
/// doubled (a variable otherwise). Errors: E1703 for a control character (a
/// newline would end the setting).
engine::Result<std::string> systemd_exec_word(std::string_view argument);

struct AgentUnitSettings {
  std::string binary;  // absolute path of the twin binary the target runs
  std::string twin;    // the twin directory, as the target sees it
  std::string policy;  // report, safe or all
  AgentInterval interval;
};

/// The service unit. Errors: those of systemd_exec_word.
engine::Result<std::string> render_agent_service(const AgentUnitSettings& settings);

/// The timer unit.
std::string render_agent_timer(const AgentInterval& interval);

/// What an installed service says its policy is (the `--apply-policy` word
/// of its ExecStart=); nullopt when it names none.
std::optional<std::string> policy_of_service(std::string_view service_text);

/// What an installed timer says its interval is (OnUnitActiveSec=).
std::optional<std::string> interval_of_timer(std::string_view timer_text);

}  // namespace twin::cli
