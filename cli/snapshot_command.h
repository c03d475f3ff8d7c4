// `twin snapshot` (alias `snap`): observe the target, write live/,
// filesystem/, state/ and logs/ into the twin, and commit with libgit2. It
// refuses to overwrite edits of state/ or filesystem/ that are not applied
// yet (--force overwrites them after committing them, so they stay in
// history) and to commit anything that looks like a private key or token.
#pragma once

#include <filesystem>
#include <string>

namespace twin::cli {

struct SnapshotOptions {
  std::string twin_dir;  // default: $TWIN_DIR, a twin here, or the remembered one
  std::string root = "/";
  std::string message;   // -m: added to the commit body
  bool force = false;    // overwrite unapplied edits
  bool no_push = false;  // do not push, even when a remote is set
};

/// Exit 0 after a commit (or when nothing changed), 1 on an error, a
/// refusal (unapplied edits, a secret), or a twin that is not a repository.
int run_snapshot(const SnapshotOptions& options);

/// The snapshot itself, for `twin init`: `twin_dir` and `root` are already
/// absolute and checked.
int take_snapshot(const std::filesystem::path& twin_dir, const std::filesystem::path& root,
                  const std::string& message, bool force);

}  // namespace twin::cli
