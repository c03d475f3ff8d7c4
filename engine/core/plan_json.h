// The plan as JSON: the versioned, machine-readable contract that
// `twin plan --json` prints and `twin plan --out FILE` saves (schema in
// SPEC.md). The fingerprint identifies what a plan would do, so a saved plan
// is applied only while recomputing it gives the same fingerprint.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/plan.h"
#include "engine/core/result.h"

namespace twin::engine {

inline constexpr int kPlanFormatVersion = 2;

struct PlanOrigin {
  std::string twin_dir;
  std::string root;
};

/// sha256 over the steps (actions, addresses, descriptions, content hashes,
/// dependencies) and the root: equal fingerprints mean the same changes.
std::string plan_fingerprint(const Plan& plan, const PlanOrigin& origin);

/// The whole plan; content appears as unified diffs, except sensitive or
/// binary content, which appears only as a summary with hashes.
nlohmann::json plan_to_json(const Plan& plan, const PlanOrigin& origin);

/// `json` as text; invalid UTF-8 (content in another encoding) becomes
/// U+FFFD instead of failing.
std::string dump_json(const nlohmann::json& json, int indent = 2);

/// What a saved plan file holds that `twin apply FILE` needs.
struct SavedPlan {
  PlanOrigin origin;
  std::string fingerprint;
  std::size_t steps = 0;
};

/// Reads a saved plan file; errors name the file and what is wrong with it.
Result<SavedPlan> read_saved_plan(const std::string& path);

}  // namespace twin::engine
