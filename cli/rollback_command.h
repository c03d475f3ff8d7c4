// `twin rollback [ID]`: undoes a finished or interrupted apply, using the
// undo journal of its checkpoint, newest change first. Needs only the
// checkpoint and the providers, not the manifests.
#pragma once

#include <string>

#include "cli/twin_location.h"
#include "engine/core/checkpoint_store.h"

namespace twin::cli {

struct RollbackOptions {
  TargetOptions target;
  std::string id;    // an id or unique prefix; default: the latest apply
  bool yes = false;  // skip the confirmation (required when not on a terminal)
  int timeout = 0;     // seconds to wait for an apply holding the root
  bool quiet = false;  // no line per change; with --yes not the undo list either
};

/// Why `info` cannot be rolled back (undone already, rolled back when it
/// failed, still running, or of an unknown outcome); empty when it can.
std::string why_not_undoable(const engine::CheckpointInfo& info);

/// Shows what will be undone, asks (or refuses without --yes when nobody
/// can be asked), undoes it with a line per change, and marks the
/// checkpoint "undone". Exit 0, or 1 on a refusal or an incomplete undo.
int run_rollback(const RollbackOptions& options);

}  // namespace twin::cli
