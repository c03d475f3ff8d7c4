// What `twin apply` does about checkpoints around its steps: one apply at a
// time per twin (a lock), no new apply on top of one that was killed
// (refuse, or continue it with --resume), the plan saved before any step
// runs, and old checkpoints pruned after a successful apply.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "cli/session.h"
#include "engine/apply_lock.h"
#include "engine/checkpoint.h"
#include "engine/checkpoint_store.h"
#include "engine/plan.h"
#include "engine/retention.h"

namespace twin::cli {

/// Held for the whole apply.
struct ApplyGuard {
  engine::ApplyLock lock;
  engine::RetentionPolicy retention;
  std::optional<engine::CheckpointInfo> resuming;  // the interrupted apply --resume continues
};

/// Reads the retention setting, takes the twin's lock and looks for an
/// interrupted apply. Without `resume` an interrupted apply is a refusal
/// that offers `twin rollback ID` and `twin apply --resume`; with it, the
/// interrupted apply is the one to continue (and there must be one, made
/// on the same root). On refusal prints why and returns nullopt.
std::optional<ApplyGuard> guard_apply(const Session& session, bool resume);

/// The checkpoint the steps journal into: a new one holding the plan, or,
/// for --resume, the interrupted one taken over, holding the remaining plan.
engine::Result<engine::Checkpoint> open_apply_checkpoint(const ApplyGuard& guard,
                                                         const Session& session,
                                                         const engine::Plan& plan);

/// After a completed apply: deletes what retention does not keep, never
/// `just_made`, and says so when anything went. Errors are warnings here:
/// the apply itself succeeded.
void prune_after_apply(const ApplyGuard& guard, const Session& session,
                       const std::string& just_made);

/// " --root R" when R is not "/", and " --twin T" when T is not the
/// current directory: the flags to repeat in a suggested command.
std::string target_flags(const std::filesystem::path& twin_dir, const std::filesystem::path& root);

}  // namespace twin::cli
