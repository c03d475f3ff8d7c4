// The record of one `twin agent run` (schema in SPEC.md §8 "Fleet pull
// mode"): kept in TWIN/.twin/agent/ (never committed), one JSON file per run
// under runs/ (the last kAgentRunsKept) and the latest again as last.json.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/result.h"

namespace twin::ops {

inline constexpr int kAgentReportVersion = 1;
inline constexpr std::size_t kAgentRunsKept = 50;

/// A risky-change finding (W03xx) on a resource the plan would change.
struct AgentFinding {
  std::string code;
  std::string message;
  std::string address;
  std::string file;  // twin-relative manifest path
  std::size_t line = 0;
};

struct AgentReport {
  std::string host;
  std::string twin;
  std::string root;
  std::string started_at;  // UTC, ISO 8601
  std::string finished_at;
  std::string policy;
  std::string commit_before;  // full ids; empty before the first commit
  std::string commit_after;

  // pull.outcome: skipped (no remote), up-to-date, remote-empty,
  // fast-forward, merged, conflict, failed.
  std::string pull_outcome = "skipped";
  std::string remote;               // the URL, empty when none is set
  std::vector<std::string> pulled;  // "SHORTID AUTHOR: SUMMARY", oldest first
  std::string pull_note;

  bool planned = false;                       // false when the run stopped before a plan
  std::map<std::string, std::size_t> counts;  // per primary action, "REPLACE" → 2
  std::vector<std::string> steps;             // "REPLACE file[\"/etc/motd\"]"
  std::vector<std::string> package_removals;  // steps that remove or purge packages
  std::vector<AgentFinding> risky;

  std::string decision;  // applied, refused, nothing-to-do, failed
  std::string reason;

  // apply: empty outcome when nothing was applied.
  std::string apply_outcome;  // succeeded, rolled-back, failed
  std::string checkpoint;
  std::size_t applied_steps = 0;
  std::vector<std::string> apply_failures;  // "ADDRESS: message"

  std::string snapshot_outcome = "skipped";  // committed, unchanged, skipped, failed
  std::string snapshot_commit;
  std::string snapshot_note;

  std::string push_outcome = "skipped";  // pushed, skipped, failed
  std::string push_note;

  std::vector<std::string> errors;
  int exit_code = 0;
};

nlohmann::json agent_report_to_json(const AgentReport& report);

/// Writes runs/STAMP.json (STAMP from the start time, unique) and
/// last.json durably, then deletes the oldest runs beyond kAgentRunsKept.
/// Returns the run file's path. Errors: E1001.
engine::Result<std::filesystem::path> save_agent_report(const std::filesystem::path& twin_dir,
                                                        const AgentReport& report);

/// The newest `limit` runs (0: all), oldest first, as stored. A file that is
/// not valid JSON is skipped and named in `unreadable`.
std::vector<nlohmann::json> load_agent_runs(const std::filesystem::path& twin_dir,
                                            std::size_t limit,
                                            std::vector<std::filesystem::path>* unreadable);

/// The current UTC time as "2026-11-25T10:57:03Z", and a file-name stamp
/// "20261125T105703.123456Z" with microseconds.
std::string utc_now_iso();
std::string utc_now_stamp();

}  // namespace twin::ops
