// The crontabs collector: each user's crontab in the target's spool
// (ROOT/var/spool/cron/crontabs/USER, read through RootedFs for every root,
// without the three header lines `crontab` writes), checked line by line as
// the crontab resource would check it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

struct CollectedCrontab {
  std::string user;
  std::string text;                    // as `crontab -l` prints it
  std::optional<std::string> problem;  // "line N: ..." when a line is invalid
};

struct CrontabsCollection {
  std::vector<CollectedCrontab> crontabs;  // sorted by user
  std::vector<std::string> skipped;        // "NAME: why" for spool entries not read
};

/// Collects the spool; a missing spool directory gives nothing.
/// Errors: those of list_tree for the spool directory itself.
engine::Result<CrontabsCollection> collect_crontabs(const RootedFs& fs);

}  // namespace twin::resources
