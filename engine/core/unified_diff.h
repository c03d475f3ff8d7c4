// Unified diffs of content changes, computed by libgit2 (the same algorithm
// and format `git diff` uses).
#pragma once

#include <string>

#include "engine/core/plan.h"
#include "engine/core/result.h"

namespace twin::engine {

/// The unified diff (with ---/+++ headers and @@ hunks) of `diff`. Binary
/// and sensitive content yield a one-line summary instead of the text.
Result<std::string> unified_diff(const ContentDiff& diff);

}  // namespace twin::engine
