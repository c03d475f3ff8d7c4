// How many checkpoints a twin keeps: the `checkpoints` section of the twin's
// config.yaml, and the pure rule that picks which checkpoints to prune.
// Backups are never switched off: `keep` is at least 1, and the newest
// checkpoint, an unfinished one and the one an apply just made are kept
// whatever the limits say.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

inline constexpr int kDefaultKeepCheckpoints = 20;
inline constexpr std::uint64_t kDefaultMaxCheckpointMb = 500;
inline constexpr std::uint64_t kBytesPerMb = 1024 * 1024;

struct RetentionPolicy {
  int keep = kDefaultKeepCheckpoints;              // the newest N applies; >= 1
  std::uint64_t max_mb = kDefaultMaxCheckpointMb;  // their total size; >= 1
  bool from_config = false;                        // false: the defaults

  std::uint64_t max_bytes() const { return max_mb * kBytesPerMb; }
};

/// Reads `checkpoints: {keep: N, max_mb: M}` from TWIN/config.yaml. A
/// missing file, section or key gives the default. Errors (E1601) start
/// with `FILE:LINE:COL:` and say what is wrong: YAML syntax, a value that is
/// not a whole number, keep or max_mb below 1, an unknown key in the section.
Result<RetentionPolicy> read_retention(const std::filesystem::path& twin_dir);

/// The same, from text; `file` names it in errors.
Result<RetentionPolicy> parse_retention(std::string_view yaml, const std::string& file);

/// One checkpoint as retention sees it.
struct RetentionCandidate {
  std::string id;
  std::uint64_t bytes = 0;
  bool finished = false;  // has an outcome; unfinished ones are never pruned
};

/// Given checkpoints newest first, the ids to delete: everything after the
/// newest run that fits in `keep` applies and `max_bytes`, except unfinished
/// ones and those in `protect`. Protected and unfinished checkpoints count
/// toward both limits. The newest checkpoint is always kept.
std::vector<std::string> select_for_pruning(const std::vector<RetentionCandidate>& newest_first,
                                            const RetentionPolicy& policy,
                                            const std::set<std::string>& protect);

}  // namespace twin::engine
