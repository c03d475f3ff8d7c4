// `twin status`: one screen saying, per resource type, how many declared
// resources match the machine and how many drift, and which.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/twin_location.h"

namespace twin::cli {

struct StatusOptions {
  TargetOptions target;
  bool json = false;
  bool watch = false;    // keep the status current until SIGINT or SIGTERM
  int interval = 10;     // with watch: seconds between plans when nothing is seen changing
};

/// The status table for `twin status` (drifted addresses listed, up to a
/// screenful).
std::string render_status(const engine::PreparedTwin& twin, const engine::Plan& plan, bool color);

/// The same as a versioned JSON report (SPEC.md §7, JSON reports).
nlohmann::json status_json(const engine::PreparedTwin& twin, const engine::Plan& plan);

/// Prints the status; exit 0 in sync, 2 on drift, 1 on error. With
/// `watch`, prints it again whenever it changes (ops/drift_watch.h says
/// when it looks) until SIGINT or SIGTERM, then exits 0.
int run_status(const StatusOptions& options);

}  // namespace twin::cli
