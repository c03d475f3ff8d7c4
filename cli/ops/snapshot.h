// The snapshot: observe the target, write live/, filesystem/, state/ and
// logs/ into the twin (two phases, while systemctl still answers), commit
// with libgit2, and push when the twin has a remote. It refuses to
// overwrite edits of state/ or filesystem/ that are not applied yet (unless
// forced: they are committed first, so they stay in history) and to commit
// anything that looks like a private key or token.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/ops/reporter.h"
#include "engine/repo/git_remote.h"
#include "engine/repo/snapshot.h"
#include "engine/repo/snapshot_commit.h"
#include "resources/collect_snapshot.h"

namespace twin::ops {

struct SnapshotRequest {
  std::string message;  // added to the commit body
  bool force = false;   // overwrite unapplied edits (committed first)
  bool push = true;     // push after committing, when a remote is set
};

enum class SnapshotEnd {
  kCommitted,       // a new commit holds the snapshot
  kUnchanged,       // nothing changed since the last snapshot
  kRefusedEdits,    // unapplied edits would be overwritten: nothing written
  kRefusedSecrets,  // a file looks like a secret: nothing committed
};

enum class PushEnd {
  kNotAsked,  // no push requested, or nothing committed
  kNoRemote,  // the twin has no remote
  kPushed,
  kFailed,    // the commit is kept; see push_error
};

struct SnapshotOutcome {
  SnapshotEnd end = SnapshotEnd::kUnchanged;
  std::filesystem::path root;
  resources::SnapshotReport report;  // empty for kRefusedEdits
  std::vector<engine::UnappliedEdit> unapplied;  // kRefusedEdits
  std::vector<engine::RefusedFile> refused;      // kRefusedSecrets
  std::optional<std::string> kept_edits;  // forced: the commit holding the edits
  std::string commit;                     // kCommitted: the full id
  std::string subject, body;
  PushEnd push = PushEnd::kNotAsked;
  std::optional<engine::PushOutcome> pushed;
  std::optional<engine::Error> push_error;

  bool refused_anything() const {
    return end == SnapshotEnd::kRefusedEdits || end == SnapshotEnd::kRefusedSecrets;
  }
};

/// Takes the snapshot of `root` into the twin at `twin_dir` (both absolute
/// and checked). An Error when it could not be taken (not a repository, a
/// broken config.yaml, a failed write); refusals are outcomes.
engine::Result<SnapshotOutcome> take_snapshot(const std::filesystem::path& twin_dir,
                                              const std::filesystem::path& root,
                                              const SnapshotRequest& request, Reporter& reporter);

/// "added", "modified" or "deleted".
std::string change_word(engine::PathChange change);

}  // namespace twin::ops
