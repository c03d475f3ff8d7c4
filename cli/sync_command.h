// `twin push` and `twin pull`: move the twin's history to and from its Git
// remote with libgit2 (engine/git_remote.h), authenticating with the token
// stored by `twin setup-github` (engine/credentials.h) or ssh-agent. After
// a pull, what came in is reviewed against this machine (cli/sync_review.h).
#pragma once

#include <filesystem>
#include <string>

#include "cli/session.h"
#include "engine/git_remote.h"

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

/// Exit 0 when up to date, fast-forwarded or merged; 1 on errors and on
/// conflicts (then the conflicting paths are listed and nothing changed).
int run_pull(const PullOptions& options);

/// For `twin snapshot`: pushes when a remote is set, says nothing when none
/// is. A failed push never undoes the local commit; the message says it is
/// kept and how to retry. Returns false only when a push was tried and failed.
bool push_after_snapshot(const std::filesystem::path& twin_dir);

/// Authentication from ~/.config/twinsync/credentials (a problem with that
/// file is printed as a warning; pushing over ssh or file:// still works).
engine::GitAuth stored_git_auth();

}  // namespace twin::cli
