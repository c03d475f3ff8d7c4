// A twin's Git remote and moving history to and from it, all with libgit2:
// which remote is set, fetch, fast-forward, a merge when nothing the two
// sides changed conflicts in state/, filesystem/, modules/, config.yaml or
// modules.lock, and push. A token reaches
// libgit2 only through its credential callback: never a URL, a config file,
// a log line or a child's argv. Nothing here prompts or prints.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

/// The remote every twin command uses.
inline constexpr std::string_view kRemoteName = "origin";

/// How libgit2 authenticates to a remote.
struct GitAuth {
  /// The token for a URL (looked up by its host), or nullopt. Offered only
  /// over https, or plain http to a loopback address; as the password, with
  /// the user name "x-access-token" (what GitHub expects for tokens).
  std::function<std::optional<std::string>(const std::string& url)> token_for_url;
};

/// Accepts https, http, ssh (also scp-like `user@host:path`), git and file
/// URLs, and absolute paths. Refuses (E2021) anything else and (E2022) a
/// http(s) URL holding a user name or password: credentials belong in the
/// credential store, never in .git/config.
Status check_remote_url(std::string_view url);

/// The URL of `origin`, or nullopt when no remote is set.
/// Errors: E2002 when `twin_dir` is not a Git repository; E2001 from libgit2.
Result<std::optional<std::string>> remote_url(const std::filesystem::path& twin_dir);

/// Creates `origin` or changes its URL (checked with check_remote_url).
Status set_remote_url(const std::filesystem::path& twin_dir, const std::string& url);

/// Removes `origin`. Errors: E2020 when none is set.
Status remove_remote(const std::filesystem::path& twin_dir);

/// One commit, as a review shows it.
struct IncomingCommit {
  std::string id;        // full hex object id
  std::string short_id;  // first 7 hex digits
  std::string author;    // "Name <email>"
  std::string summary;   // the first line of the message
  std::int64_t time = 0;  // author time, seconds since the epoch
};

struct PushOutcome {
  std::string branch;  // e.g. "main"
  std::string url;
  std::string head;    // the commit pushed (short id)
};

/// Pushes the current branch to the same branch of `origin`.
/// Errors: E2020 no remote; E2023 no commit yet or HEAD detached; E2024 the
/// remote has commits this twin lacks (pull first); E2025 authentication
/// failed (over ssh, only ssh-agent's keys are offered); E2027 the ssh host
/// key is not in ~/.ssh/known_hosts or differs from it; E2001 other libgit2
/// failures (network and transport).
Result<PushOutcome> push_branch(const std::filesystem::path& twin_dir, const GitAuth& auth);

enum class PullKind {
  kUpToDate,     // nothing new on the remote (or only this twin is ahead)
  kRemoteEmpty,  // the remote has no such branch yet
  kFastForward,  // this twin moved forward to the remote's commit
  kMerged,       // both sides had commits; a merge commit joined them
  kConflict,     // both changed the same paths in state/, filesystem/, modules/, config.yaml or modules.lock: nothing was changed
};

struct PullOutcome {
  PullKind kind = PullKind::kUpToDate;
  std::string branch;
  std::string url;
  std::string old_head;  // full ids; old_head is empty when the branch had no commit
  std::string new_head;
  std::vector<IncomingCommit> incoming;      // the remote's new commits, oldest first
  std::vector<std::string> conflicts;    // kConflict: those paths
  std::vector<std::string> kept_local;   // other paths both changed: this machine's version kept
};

/// Fetches `origin` and brings the current branch up to date: fast-forward
/// when possible; otherwise a merge commit when no path under state/ or
/// filesystem/ conflicts (other conflicting paths, such as snapshots of this
/// machine, keep the local version); otherwise kConflict, with the twin left
/// exactly as it was. Uncommitted local changes that the update would
/// overwrite stop it before anything is written (E2026, naming the paths).
/// Errors as for push_branch, plus E2026.
Result<PullOutcome> pull_branch(const std::filesystem::path& twin_dir, const GitAuth& auth);

/// Of the commits after `since` (exclusive; empty: all) up to HEAD, the one
/// that last changed any of lines [first_line, last_line] (1-based) of
/// `path` (relative to the twin) as it is at HEAD; nullopt when none did.
Result<std::optional<IncomingCommit>> last_change_since(const std::filesystem::path& twin_dir,
                                                    const std::string& path, int first_line,
                                                    int last_line, const std::string& since);

}  // namespace twin::engine
