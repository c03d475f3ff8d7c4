// Reviewing what a pull brought in, judged on this machine: the plan the
// pulled twin gives (which steps are new since before the pull), and the
// risky-change findings on the pulled manifests, each with the incoming
// commit and author that introduced it. A finding whose resource would not
// change on this machine is not flagged: risk follows the plan, not the text.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "engine/git_remote.h"

namespace twin::cli {

/// The steps a plan held before the pull, as "ACTION address" keys.
struct PlanBaseline {
  std::set<std::string> steps;
};

/// The plan of the twin as it is now, computed quietly (diagnostics are
/// not printed); nullopt when the twin does not load or plan.
std::optional<PlanBaseline> plan_baseline(const std::filesystem::path& twin,
                                          const std::string& root);

/// Prints the review of `pulled` (which moved the branch) to stdout, load
/// and lint errors to stderr. Returns 0, or 1 when the pulled twin does not
/// load or plan (it must be fixed before anything can be applied).
int print_pull_review(const std::filesystem::path& twin, const std::string& root,
                      const engine::PullOutcome& pulled, const PlanBaseline* before);

}  // namespace twin::cli
