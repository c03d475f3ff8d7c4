// The executor does: it runs a Plan's steps in order through their providers,
// each step's undo data journaled in a Checkpoint first.
//   atomic (default): on the first failure every change made so far is
//                     undone in reverse order, so the machine is as before;
//   not atomic:       what succeeded stays; steps that depend on a failed
//                     (or skipped) step are skipped; the rest still run.
// Each completed step is journaled in the checkpoint (steps.jsonl) as soon
// as its provider returns, so a killed apply can be resumed or undone.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/checkpoint.h"
#include "engine/core/plan.h"
#include "engine/core/provider.h"

namespace twin::engine {

/// Receives one line of progress for a person ("CREATE file[...]: done").
using ProgressFn = std::function<void(std::string_view line)>;

struct ExecuteOptions {
  bool atomic = true;
  /// Called as each step (or batch of steps) starts: the 1-based index of
  /// its first step, the plan's step count, and the step, so a long apply
  /// shows what it is doing before a step ends.
  std::function<void(std::size_t index, std::size_t total, const Step& step)> on_step_start;
};

struct StepFailure {
  std::string address;
  Error error;
};

struct ApplyReport {
  std::vector<std::string> applied;  // addresses of the steps that completed, in order
  std::vector<StepFailure> failures;
  std::vector<std::string> skipped;  // not run because something they depend on failed
  bool rolled_back = false;          // atomic: every recorded change was undone
  std::vector<Error> rollback_errors;  // undo records that could not be reverted

  bool succeeded() const { return failures.empty(); }
};

/// Called right after each completed step is journaled, with the number of
/// steps this process has applied. Nothing in the shipped binary sets it:
/// it exists so that test programs (tests/killable/) can stop an apply at
/// an exact step and check crash recovery. Null: nothing is called.
using StepJournaledHook = void (*)(std::size_t steps_applied);
void set_step_journaled_hook(StepJournaledHook hook);

/// Applies the plan's steps (see the header comment for failure handling).
ApplyReport execute_plan(const Plan& plan, const ProviderRegistry& registry, const Context& ctx,
                         Checkpoint& checkpoint, const ProgressFn& progress,
                         ExecuteOptions options = {});

/// Undoes every record of `checkpoint` in reverse order, reporting each.
/// Returns the records that could not be undone (empty on full success).
std::vector<Error> rollback(const Checkpoint& checkpoint, const ProviderRegistry& registry,
                            const Context& ctx, const ProgressFn& progress);

}  // namespace twin::engine
