// The apply transaction, the one place it is assembled (for `twin apply`,
// `twin reconcile`, the menu and the agent):
//
//   begin   retention read, the twin's lock taken, no apply on top of one
//           that was killed (refused, or continued with --resume);
//   plan    observed under the lock; a saved plan must still be current;
//   review  the caller shows the plan and approves (or not);
//   run     a checkpoint holding the plan is written before any step, the
//           steps run through the executor (atomic: any failure rolls every
//           change back), old checkpoints are pruned after a success.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "cli/ops/reporter.h"
#include "cli/ops/workspace.h"
#include "engine/core/apply_lock.h"
#include "engine/core/checkpoint_store.h"
#include "engine/core/executor.h"
#include "engine/core/plan.h"
#include "engine/core/plan_json.h"
#include "engine/core/retention.h"

namespace twin::ops {

/// What the caller sees before anything runs.
struct ApplyPreview {
  const engine::Plan& plan;
  /// The interrupted apply --resume continues (the plan is what remains).
  const std::optional<engine::CheckpointInfo>& resuming;
  bool saved_plan = false;  // the plan is a saved one, found still current
};

struct ApplyRequest {
  bool atomic = true;   // roll everything back on the first failure
  bool resume = false;  // continue an interrupted apply in its own checkpoint
  /// How long to wait for another apply on the same root (from any twin)
  /// to finish before refusing (E1609).
  std::chrono::seconds wait{0};
  /// Apply exactly this saved plan (engine::read_saved_plan), if still current.
  std::optional<engine::SavedPlan> saved;
  std::string saved_path;  // where it was read from, for messages
  /// Shown every plan, an empty one included; returns false to cancel
  /// (nothing is changed). The answer is ignored for an empty plan.
  std::function<bool(const ApplyPreview&)> review;
  /// Called once the checkpoint exists, before the first step.
  std::function<void(const std::string& checkpoint_id)> started;
};

enum class ApplyEnd {
  kNothingToDo,  // the machine matched the twin
  kCancelled,    // review() said no; nothing changed
  kApplied,      // every step succeeded
  kFailed,       // a step failed: see report (rolled back when atomic)
};

struct ApplyOutcome {
  ApplyEnd end = ApplyEnd::kNothingToDo;
  engine::Plan plan;
  std::string checkpoint;        // the checkpoint id; empty when nothing ran
  engine::ApplyReport report;    // what the executor did
  std::size_t pruned = 0;        // old checkpoints deleted after success
  engine::RetentionPolicy retention;
};

/// Holds the twin's apply lock for as long as it lives.
class ApplyTransaction {
 public:
  /// Reads the retention setting, takes the lock and looks for an
  /// interrupted apply. Without `resume` an interrupted apply is refused
  /// (E1605, with help to roll it back or resume it); with it, that apply
  /// is the one to continue (E1608 when there is none, E1607 when it
  /// changed another root).
  /// Also takes the root's lock (engine::ApplyLock::acquire_root), waiting
  /// up to `wait` for another apply on the same root.
  static engine::Result<ApplyTransaction> begin(const Target& target, bool resume,
                                                Reporter& reporter,
                                                std::chrono::seconds wait = {});

  const std::optional<engine::CheckpointInfo>& resuming() const { return resuming_; }
  const engine::RetentionPolicy& retention() const { return retention_; }

  /// Runs `plan`: checkpoint first, then the steps, then pruning. The
  /// outcome says how it ended; an Error only when it could not start.
  engine::Result<ApplyOutcome> run(const Workspace& workspace, engine::Plan plan,
                                   const ApplyRequest& request, Reporter& reporter) const;

 private:
  ApplyTransaction(engine::ApplyLock lock, engine::ApplyLock root_lock,
                   engine::RetentionPolicy retention)
      : lock_(std::move(lock)), root_lock_(std::move(root_lock)), retention_(retention) {}

  engine::ApplyLock lock_;
  engine::ApplyLock root_lock_;
  engine::RetentionPolicy retention_;
  std::optional<engine::CheckpointInfo> resuming_;
};

/// The whole transaction for a loaded workspace: begin, plan, review, run.
engine::Result<ApplyOutcome> apply(const Workspace& workspace, const ApplyRequest& request,
                                   Reporter& reporter);

/// Where a plan was made: the twin and the root, as a saved plan records.
engine::PlanOrigin origin_of(const Workspace& workspace);

/// " --root R" when R is not "/", and " --twin T" when T is not the
/// current directory: the flags to repeat in a suggested command.
std::string target_flags(const std::filesystem::path& twin_dir, const std::filesystem::path& root);

}  // namespace twin::ops
