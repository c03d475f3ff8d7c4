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
};

/// The status table for `twin status` (drifted addresses listed, up to a
/// screenful).
std::string render_status(const engine::PreparedTwin& twin, const engine::Plan& plan, bool color);

/// The same as a versioned JSON report (SPEC.md §7, JSON reports).
nlohmann::json status_json(const engine::PreparedTwin& twin, const engine::Plan& plan);

/// Prints the status; exit 0 in sync, 2 on drift, 1 on error.
int run_status(const StatusOptions& options);

}  // namespace twin::cli
