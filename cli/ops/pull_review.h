// Pull and review: bring in what the remote has (fast-forward or a
// conflict-free merge), then judge it on this machine: the plan the pulled
// twin gives (which steps are new since before the pull), and the
// risky-change findings of the steps the pull brought in, each with the
// incoming commit and author that introduced it. A finding whose resource
// would not change on this machine is not flagged: risk follows the plan,
// not the text. Nothing is applied.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/ops/reporter.h"
#include "cli/ops/workspace.h"
#include "engine/repo/git_remote.h"
#include "engine/core/plan.h"
#include "lang/diagnostic.h"

namespace twin::ops {

/// A risky-change finding on a step the pull brought in.
struct IncomingRisk {
  lang::Diagnostic finding;
  engine::IncomingCommit commit;  // the incoming commit that last touched the declaration
};

struct PullReview {
  engine::Plan plan;
  /// How many steps of the plan were not pending before the pull; nullopt
  /// when the plan before could not be made.
  std::optional<std::size_t> from_pull;
  std::vector<IncomingRisk> risky;
  std::size_t inert = 0;  // risky declarations that came in but change nothing here
  /// Keeps the findings' spans (the loaded manifests) alive.
  std::shared_ptr<const Workspace> workspace;
};

struct PullOutcome {
  engine::PullOutcome pulled;
  /// When asked for and the branch moved: the review, or why it failed (the
  /// pulled manifests do not load or plan; their diagnostics were reported).
  std::optional<PullReview> review;
  std::optional<engine::Error> review_error;
};

/// Pulls the twin of `target` and, with `review`, reviews what came in
/// against its root. Errors: the pull's own (E20xx); a conflict is an
/// outcome (pulled.kind == kConflict, nothing changed).
engine::Result<PullOutcome> pull_and_review(const Target& target, bool review, Reporter& reporter);

}  // namespace twin::ops
