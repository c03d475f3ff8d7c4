// Which process owns an apply, precisely enough to tell "still running"
// from "killed": a pid alone is reused, so the kernel's boot id and the
// process's start time (in clock ticks since boot) are kept with it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace twin::engine {

struct ProcessIdentity {
  int pid = 0;
  std::string boot_id;                 // /proc/sys/kernel/random/boot_id; empty when unknown
  unsigned long long start_ticks = 0;  // field 22 of /proc/PID/stat; 0 when unknown
};

/// The calling process.
ProcessIdentity current_process();

/// True while the process `who` names is alive (not a zombie): same boot,
/// same pid, same start time. A reused pid or a reboot gives false.
bool is_running(const ProcessIdentity& who);

/// {"pid", "boot_id", "start_ticks"}; from_json gives nullopt when `json`
/// has no usable pid.
nlohmann::json to_json(const ProcessIdentity& who);
std::optional<ProcessIdentity> process_identity_from_json(const nlohmann::json& json);

}  // namespace twin::engine
