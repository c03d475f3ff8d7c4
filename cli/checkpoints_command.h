// `twin checkpoints`: the past applies of a twin (one checkpoint each),
// one of them in detail (`show ID`), and pruning by the retention setting
// (`prune`). Reads the checkpoints only; never loads the manifests, so it
// works while they are broken.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/checkpoint_store.h"
#include "engine/core/retention.h"

namespace twin::cli {

struct CheckpointsOptions {
  std::string twin_dir;  // default: the current directory
  std::string action;    // "" lists, "show" or "prune"
  std::string id;        // show: an id or a unique prefix
  bool json = false;     // list and show: a versioned JSON report
};

/// The table: ID, started (UTC), outcome, steps done/planned, size, root;
/// newest first.
std::string render_checkpoint_table(const std::vector<engine::CheckpointInfo>& checkpoints);

/// One checkpoint: where and when it ran, how it ended, and its plan with
/// each step marked done or not. Never shows content: only the actions and
/// their one-line descriptions.
std::string render_checkpoint_details(const engine::CheckpointInfo& info);

/// "12.3 MB", "4.0 KB", "512 B".
std::string human_size(std::uint64_t bytes);

/// Lists, shows or prunes; exit 0, or 1 on error.
int run_checkpoints(const CheckpointsOptions& options);

}  // namespace twin::cli
