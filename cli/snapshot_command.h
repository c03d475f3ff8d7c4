// `twin snapshot` (alias `snap`): observe the target, write live/,
// filesystem/, state/ and logs/ into the twin, and commit with libgit2. It
// refuses to overwrite edits of state/ or filesystem/ that are not applied
// yet (--force overwrites them after committing them, so they stay in
// history) and to commit anything that looks like a private key or token.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "cli/ops/snapshot.h"

namespace twin::cli {

struct SnapshotOptions {
  std::string twin_dir;  // default: $TWIN_DIR, a twin here, or the remembered one
  std::string root;      // default: the root the twin records, else /
  std::string message;   // -m: added to the commit body
  bool force = false;    // overwrite unapplied edits
  bool no_push = false;  // do not push, even when a remote is set
  bool other_machine = false;  // the root is not the machine the twin records
  bool quiet = false;          // no progress or status lines, only the outcome
};

/// Exit 0 after a commit (or when nothing changed), 1 on an error, a
/// refusal (unapplied edits, a secret), or a twin that is not a repository.
int run_snapshot(const SnapshotOptions& options);

/// Renders how a snapshot ended (the counts, skips, the commit, the push)
/// to `out`, refusals and errors to `err`; returns the exit code.
int render_snapshot(const ops::SnapshotOutcome& outcome, std::ostream& out, std::ostream& err);

/// The snapshot itself, for `twin init`: `twin_dir` and `root` are already
/// absolute and checked.
int take_snapshot(const std::filesystem::path& twin_dir, const std::filesystem::path& root,
                  const std::string& message, bool force);

}  // namespace twin::cli
