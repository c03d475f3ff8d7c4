// `twin plan`, `twin apply` and `twin reconcile`: compare the twin with the
// machine, show the plan, and (after approval) apply it with rollback.
#pragma once

#include <iosfwd>
#include <string>

#include "cli/ops/apply_transaction.h"
#include "cli/twin_location.h"

namespace twin::cli {

struct PlanOptions {
  TargetOptions target;
  bool json = false;     // print the versioned JSON plan instead of text
  bool summary = false;  // one line per step, no diffs
  std::string out;       // also save the plan here, for `twin apply FILE`
};

struct ApplyOptions {
  TargetOptions target;
  bool yes = false;      // skip the confirmation (required when not on a terminal)
  bool atomic = true;    // roll everything back on the first failure
  std::string plan_file;  // apply exactly this saved plan, if still current
  bool resume = false;    // continue an interrupted apply in its own checkpoint
  /// The plan fingerprint (or a prefix of 12+ hex digits) a person on the
  /// machine approves the plan's risky changes for; --yes never does.
  std::string approve_risky;
  /// Seconds to wait for another apply on the same root (any twin).
  unsigned timeout = 0;
  /// No progress lines; with --yes no plan either: only the outcome.
  bool quiet = false;
};

/// Prints the plan; exit 0 when nothing would change, 2 when steps are pending.
int run_plan(const PlanOptions& options);

/// Plans (or checks a saved plan), asks for approval, applies with rollback.
/// Refuses while an earlier apply is interrupted, unless `resume` continues it.
int run_apply(const ApplyOptions& options);

/// Renders how an apply that ran ended (applied, failed, rolled back) to
/// `out` and `err`; returns the exit code.
int render_apply_outcome(const ops::ApplyOutcome& outcome, const ops::Workspace& workspace,
                         std::ostream& out, std::ostream& err, bool color);

}  // namespace twin::cli
