// The twin's Git repository, through libgit2 only (never the `git` binary):
// create or open it, commit the whole working tree, see what changed, walk
// the history, read a past tree, and bring a past tree back as a NEW commit
// (history is never rewritten, so every reset can itself be undone).
//
// Every handle is owned by a unique_ptr with its libgit2 free function; the
// library is initialised once by ensure_libgit2() (engine/core/git_runtime.h).
//
// Objects that add_all() and commit_index() create are held in memory
// (engine/repo/git_object_buffer.h) and reach the disk in one go when the commit
// is ready: as one pack when there are many, else loose. Only then does
// HEAD move and the index get written, so that a crash at any moment leaves
// both naming objects that exist (at worst an unused pack remains). Packs
// beyond kMaxPacks are merged (engine/repo/git_pack_consolidate.h).
//
// Errors are E2xxx values:
//   E2001 a libgit2 call failed (with libgit2's message)
//   E2002 not a Git repository          E2003 no such commit
//   E2004 the repository has no commits E2005 a path of the tree cannot be used
//   E2006 HEAD, its branch, the objects they name or the index are damaged
//         (engine/repo/git_damage.h): never taken for "no commits yet"
#pragma once

#include <git2.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/repo/git_object_buffer.h"
#include "engine/core/git_runtime.h"
#include "engine/core/result.h"

namespace twin::engine {

using GitRepository = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;

/// Who a commit is by: used as author and committer.
struct GitIdentity {
  std::string name;
  std::string email;
};

/// One commit of the history, newest first in log().
struct CommitInfo {
  std::string id;       // 40 hex digits
  std::int64_t time = 0;  // seconds since the epoch (committer time)
  std::string message;  // the whole message
  std::vector<std::string> parents;

  /// The first line of the message.
  std::string summary() const;
};

/// The newest commit that changed a path, and its signature (the `gpgsig`
/// header) with the bytes it signs; both empty for an unsigned commit.
struct PathCommit {
  std::string id;
  std::string author;  // "Name <email>"
  std::string signature;
  std::string signed_data;
};

/// How a path differs between HEAD and the working tree (index included).
enum class PathChange { kAdded, kModified, kDeleted };

/// One entry of a tree read at a commit.
struct TreeFile {
  std::string bytes;   // the blob: a file's content or a symlink's target
  bool symlink = false;
  bool executable = false;
};

/// Paths relative to the repository ("state/files.twin") to their entries.
using TreeFiles = std::map<std::string, TreeFile>;

/// A working-tree file whose bytes the caller holds because it has just
/// written them: a file's content, or a symlink's target.
struct KnownFile {
  std::string_view bytes;
  bool symlink = false;
};

/// Repository-relative paths to the bytes on disk there. The views must
/// outlive the call they are passed to.
using KnownFiles = std::unordered_map<std::string_view, KnownFile>;

class GitRepo {
 public:
  /// Creates a repository in `dir` (which may already hold files) whose
  /// first branch is "main". Errors: E2001.
  static Result<GitRepo> init(const std::filesystem::path& dir);
  /// Opens the repository whose working tree is `dir` (not a parent's).
  /// Errors: E2002 when `dir` is not one.
  static Result<GitRepo> open(const std::filesystem::path& dir);

  GitRepo(GitRepo&&) = default;
  GitRepo& operator=(GitRepo&&) = default;

  /// The working tree's directory.
  std::filesystem::path workdir() const;

  /// Stages the whole working tree as `git add -A` would: new and changed
  /// files (ignored ones are left out, per .gitignore) and deletions. The
  /// staged index and the new blobs stay in memory: commit_index() (or
  /// write_index()) writes them; without either, nothing reaches the disk.
  Status add_all();

  /// add_all(), with the same result, faster for files of `known` that
  /// need staging: their blobs come from the bytes given and their index
  /// entries from lstat(), instead of reading each file back through
  /// libgit2's filters (whose attribute lookups cost ~75 system calls per
  /// file). Only when no filter could apply (engine/repo/git_repo_filters.h) and
  /// the file on disk has the type and size `known` says; otherwise, and
  /// for every other path, libgit2 stages it as add_all() does. Returns the
  /// files staged from their bytes (none when libgit2 staged everything).
  Result<KnownFiles> add_all(const KnownFiles& known);

  /// Paths whose staged content differs from HEAD's tree (every path is
  /// "added" before the first commit). Call after add_all().
  Result<std::map<std::string, PathChange>> staged_changes() const;

  /// Paths where the working tree (tracked and untracked, not ignored)
  /// differs from HEAD: what a commit_all() would record.
  Result<std::map<std::string, PathChange>> worktree_changes() const;

  /// Writes the index as a tree and commits it on HEAD (the first commit
  /// when there is none). Returns the new commit's id. Call after add_all().
  /// In this order: the new objects (one fsync'd pack from kPackThreshold
  /// objects on, else loose), HEAD's branch (reflog "commit: SUMMARY"),
  /// the index; then packs beyond kMaxPacks are consolidated (a failure
  /// there only leaves the old packs, so it does not fail the commit).
  Result<std::string> commit_index(const std::string& message, const GitIdentity& who);

  /// Writes the staged index without committing (e.g. when it matches
  /// HEAD, to keep its file stat cache fresh), after the new objects it
  /// names. Errors: E2001.
  Status write_index();

  /// The id of HEAD's commit; nullopt before the first commit.
  /// Errors: E2006 when HEAD is damaged (engine/repo/git_damage.h).
  Result<std::optional<std::string>> head() const;

  /// The id of HEAD's commit. Errors: E2004 before the first commit,
  /// E2006 when HEAD is damaged.
  Result<std::string> head_commit() const;

  /// Commits reachable from HEAD, newest first, at most `limit` (0: all).
  /// Errors: E2006 when a commit of the history is missing.
  Result<std::vector<CommitInfo>> log(std::size_t limit = 0) const;

  /// The full id of a commit named by a full or abbreviated id (at least 4
  /// hex digits), "HEAD", "HEAD~N", or a branch, remote-tracking branch
  /// ("origin/main") or tag name. Errors: E2003; for HEAD and HEAD~N also
  /// E2004 (no commits yet) and E2006 (HEAD damaged).
  Result<std::string> resolve(const std::string& name) const;

  /// Every blob of the commit's tree under `prefix` ("" for all, else a
  /// directory such as "state"), by path. Errors: E2003, E2001.
  Result<TreeFiles> read_tree(const std::string& commit_id, const std::string& prefix = "") const;

  /// Makes the working tree and index exactly the tree of `commit_id`
  /// (tracked files it lacks are removed; ignored files are left alone)
  /// and commits that on top of HEAD. Returns the new commit's id.
  Result<std::string> restore_as_new_commit(const std::string& commit_id,
                                            const std::string& message, const GitIdentity& who);

  /// Creates or moves the reference `name` (e.g. "refs/twin/before-reset")
  /// to a commit, with `why` in its reflog. Errors: E2003, E2001.
  Status set_reference(const std::string& name, const std::string& commit_id,
                       const std::string& why);

  /// The commit the reference `name` points at; nullopt when it does not exist.
  Result<std::optional<std::string>> reference_target(const std::string& name) const;

  /// The newest commit reachable from HEAD whose tree holds `path`
  /// (twin-relative) differently from every one of its parents: the one
  /// that last changed it, as `git log -1 -- PATH` finds it. nullopt when
  /// no commit holds the path. At most 10,000 commits are walked. Errors:
  /// E2003 and libgit2's.
  Result<std::optional<PathCommit>> last_commit_changing(const std::string& path) const;

 private:
  explicit GitRepo(GitRepository repo) : repo_(std::move(repo)) {}
  Result<std::map<std::string, PathChange>> changes(bool include_worktree) const;
  /// git_index_add_all() and git_index_update_all() on `index`.
  Status add_all_through_libgit2(git_index* index);
  /// Stages `path` from `file`'s bytes; false when the file on disk is not
  /// of the type and size `file` says (the caller stages it otherwise).
  Result<bool> add_known(git_index* index, const std::string& path, const KnownFile& file);
  /// Routes new objects to buffer_ (once; later calls keep the same one).
  Status start_buffering();
  /// Forgets buffer_ by dropping the repository's odb, index, config and
  /// caches (libgit2 1.5 cannot remove an odb backend); the next call opens
  /// them again from the disk alone.
  void stop_buffering();
  /// Moves HEAD's branch (or a detached HEAD) from `parent` to `commit`.
  Status move_head(const git_oid& commit, const git_oid* parent);

  GitRepository repo_;
  GitObjectBuffer* buffer_ = nullptr;  // owned by repo_'s odb; null when not buffering
};

}  // namespace twin::engine
