// `twin push` and `twin pull`: move the twin's history to and from its Git
// remote with libgit2 (engine/repo/git_remote.h), authenticating with the token
// stored by `twin setup-github` (engine/repo/credentials.h) or ssh-agent. After
// a pull, what came in is reviewed against this machine (cli/ops/pull_review.h).
#pragma once

#include <filesystem>
#include <string>

#include "cli/ops/pull_review.h"
#include "cli/twin_location.h"
#include "engine/repo/git_remote.h"

namespace twin::cli {

struct PushOptions {
  std::string twin_dir;
};

struct PullOptions {
  TargetOptions target;  // --twin, and --root for the review's plan
  bool review = true;    // --no-review skips the plan and lint of what came in
};

/// Exit 0 when pushed, 1 on errors (each says how to fix or retry).
int run_push(const PushOptions& options);

/// Renders a pull's outcome (and its review, with `review`) to `out`, the
/// conflict and errors to `err`; returns the exit code.
int render_pull(const ops::Target& target, const ops::PullOutcome& outcome, bool review,
                std::ostream& out, std::ostream& err, bool color);

/// Exit 0 when up to date, fast-forwarded or merged; 1 on errors and on
/// conflicts (then the conflicting paths are listed and nothing changed).
int run_pull(const PullOptions& options);

}  // namespace twin::cli
