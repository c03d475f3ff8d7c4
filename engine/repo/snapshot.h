// Writing a snapshot into the twin, without knowing what was collected:
// the collectors (resources/collect_*.h) decide the content; this file
// protects unapplied edits, writes the files and rotates the log captures.
//
// The snapshot OWNS some paths of the twin (e.g. "live", "filesystem/etc",
// "state/packages.twin", "logs/current"): after writing, each owned path
// holds exactly the snapshot's files. Everything else in the twin (the
// person's own manifests, README.md, config.yaml) is left alone.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/repo/git_repo.h"
#include "engine/repo/worktree_undo.h"
#include "engine/core/result.h"

namespace twin::engine {

/// One file a snapshot puts in the twin: bytes, or a symlink's target.
struct SnapshotFile {
  std::string bytes;
  bool symlink = false;
  bool operator==(const SnapshotFile&) const = default;
};

/// Twin-relative path ("filesystem/etc/motd") to its content.
using SnapshotFiles = std::map<std::string, SnapshotFile>;

struct SnapshotContent {
  std::vector<std::string> owned;  // twin-relative files or directories
  SnapshotFiles files;             // each one under an owned path

  /// True when `path` is an owned path or lies under one.
  bool owns(std::string_view path) const;
};

/// An edit of state/ or filesystem/ since the last snapshot commit that the
/// new snapshot would overwrite or remove. `change` is relative to that
/// commit (kAdded: a file the person created, ...).
struct UnappliedEdit {
  std::string path;
  PathChange change;
};

/// The subject line every snapshot commit starts with.
inline constexpr char kSnapshotSubjectPrefix[] = "snapshot ";

/// Regular files and symlinks of the working tree under each of `areas`
/// (twin-relative directories), by twin-relative path. Errors: E1001.
Result<SnapshotFiles> read_worktree(const std::filesystem::path& twin_dir,
                                    const std::vector<std::string>& areas);

/// The edits under state/ and filesystem/ that differ from the last commit
/// whose subject starts with "snapshot " (or, before any, from nothing)
/// AND that `content` would change. Errors: those of GitRepo and E1001.
Result<std::vector<UnappliedEdit>> find_unapplied_edits(const GitRepo& repo,
                                                        const SnapshotContent& content);

/// How many files write_snapshot() created, replaced and removed.
struct WriteCounts {
  std::size_t created = 0, replaced = 0, removed = 0;
};

/// Makes every owned path hold exactly `content`'s files: writes new and
/// changed files (regular files 0644, symlinks as links), removes the rest
/// and the directories that become empty. With `undo`, each path is set
/// aside there before it changes (a snapshot that fails then restores the
/// working tree). Errors: E1001 with the path.
Result<WriteCounts> write_snapshot(const std::filesystem::path& twin_dir,
                                   const SnapshotContent& content, WorktreeUndo* undo = nullptr);

/// True when writing `content` would change nothing the twin holds but the
/// time it was taken (lines starting `captured_at:`): then an unchanged
/// machine makes no commit, and its logs are not rotated. False when the
/// twin holds no snapshot yet.
Result<bool> same_as_twin(const std::filesystem::path& twin_dir, const SnapshotContent& content);

/// Moves logs/current to logs/STAMP (STAMP from its index.yaml's
/// captured_at, e.g. "20260102T030405Z") and removes the oldest captures
/// beyond `keep` (with `undo`: the move and the removals are undoable
/// there). Nothing happens without logs/current. Errors: E1001.
Status rotate_logs(const std::filesystem::path& twin_dir, std::size_t keep,
                   WorktreeUndo* undo = nullptr);

}  // namespace twin::engine
