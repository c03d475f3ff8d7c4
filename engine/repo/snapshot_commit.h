// Committing the twin: stage everything (.gitignore respected), refuse to
// commit what looks like a private key or an access token, and write a
// commit whose body counts what changed per area of the twin.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/repo/git_repo.h"
#include "engine/core/result.h"
#include "engine/repo/snapshot.h"
#include "engine/repo/twin_config.h"

namespace twin::engine {

/// Why `content` must not be committed: "private key block" or the kind of
/// token ("GitHub token", "AWS access key id", "Slack token", "GitLab
/// token", "Google API key"); nullopt when it looks clean.
std::optional<std::string> committed_secret_reason(std::string_view content);

/// A file the pre-commit scan refused, and why.
struct RefusedFile {
  std::string path;  // twin-relative
  std::string reason;
};

/// The identity of the twin's commits: config.yaml's git.name/git.email,
/// else "twin" <twin@HOSTNAME>.
GitIdentity twin_identity(const TwinConfig& config, const std::string& hostname);

/// "snapshot HOST 2026-01-02T03:04:05Z" for the UTC time `when`.
std::string snapshot_subject(const std::string& host, std::int64_t when);

/// "2026-01-02T03:04:05Z".
std::string utc_time(std::int64_t when);

struct CommitOutcome {
  std::optional<std::string> id;  // nullopt: nothing changed, nothing committed
  std::string body;               // the counts, e.g. "state: 1 added, 2 modified, 0 deleted"
  std::vector<RefusedFile> refused;  // non-empty: nothing was committed
};

/// Stages the working tree, scans every added or modified file (files
/// under filesystem/ whose machine path config.yaml opts in through
/// files.include_secrets are not scanned) and, when nothing is refused and
/// something changed, commits `subject` + the counts + `extra_body`. When
/// a file is refused, neither the index nor any new object is written.
/// `written` (optional) holds files the caller has just put in the twin
/// with exactly these bytes, such as a SnapshotContent's files after
/// write_snapshot(): those that need staging are staged and scanned from
/// memory instead of being read back (GitRepo::add_all(const KnownFiles&)).
/// Errors: those of GitRepo (E2xxx).
Result<CommitOutcome> commit_twin(GitRepo& repo, const std::string& subject,
                                  const std::string& extra_body, const GitIdentity& who,
                                  const TwinConfig& config, const SnapshotFiles* written = nullptr);

}  // namespace twin::engine
