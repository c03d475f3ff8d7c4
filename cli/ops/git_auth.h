// The credentials `twin` uses for Git remotes: the tokens `twin setup-github`
// stored in ~/.config/twinsync/credentials (ssh remotes use ssh-agent).
#pragma once

#include "cli/ops/reporter.h"
#include "engine/repo/git_remote.h"

namespace twin::ops {

/// Git credentials from the stored tokens; an unreadable store is a
/// warning to `reporter` and no credentials.
engine::GitAuth stored_git_auth(Reporter& reporter);

}  // namespace twin::ops
