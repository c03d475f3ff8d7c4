// The undo of a snapshot's writes to the twin's working tree. A snapshot
// rewrites live/, filesystem/, state/ and logs/ before it commits; when the
// commit is refused (a secret) or fails, the working tree must be exactly
// as before, or the next snapshot takes the half-written files for the
// person's unapplied edits and a refused secret stays on disk in plain text.
//
// Before each path is replaced, removed or created, set_aside() moves what
// stands there into TWIN/.twin/snapshot-undo/ (a rename: nothing is copied,
// and a file the snapshot leaves alone is not touched) or remembers that it
// was absent. restore() puts everything back in reverse order; keep()
// accepts the new tree and deletes what was set aside. Destroyed with
// neither called, it restores: every early return of a snapshot undoes it.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

class WorktreeUndo {
 public:
  /// Starts an undo for the working tree of `twin_dir`, with an empty
  /// TWIN/.twin/snapshot-undo/ (what an earlier, killed snapshot left there
  /// is deleted). Errors: E1001.
  static Result<WorktreeUndo> begin(const std::filesystem::path& twin_dir);

  WorktreeUndo(WorktreeUndo&& other) noexcept;
  WorktreeUndo& operator=(WorktreeUndo&&) = delete;
  WorktreeUndo(const WorktreeUndo&) = delete;
  ~WorktreeUndo();

  /// Call before `rel` (twin-relative) is written or removed: moves the
  /// file, symlink or directory there aside, or, when nothing is there,
  /// remembers the highest missing directory on its way so that restore()
  /// removes everything created beneath. A path already set aside, or
  /// under one, is left as it is. Errors: E1001.
  Status set_aside(const std::string& rel);

  /// Renames `from` to `to` (twin-relative; `to` must be absent), undone by
  /// renaming it back. Errors: E1001.
  Status move(const std::string& from, const std::string& to);

  /// Accepts the new working tree: deletes what was set aside.
  void keep();

  /// Puts the working tree back as it was at begin(). Errors: E1001
  /// naming the paths that could not be restored (what was set aside stays
  /// in .twin/snapshot-undo/ then).
  Status restore();

 private:
  struct Entry {
    std::string rel;
    std::optional<std::string> aside;    // the name under aside_; nullopt: was absent
    std::optional<std::string> moved_to;  // move(): where rel went
  };
  WorktreeUndo(std::filesystem::path twin_dir, std::filesystem::path aside_dir)
      : twin_dir_(std::move(twin_dir)), aside_dir_(std::move(aside_dir)) {}
  bool covered(const std::string& rel) const;

  std::filesystem::path twin_dir_;
  std::filesystem::path aside_dir_;
  std::vector<Entry> entries_;
  std::set<std::string> handled_;  // paths recorded by set_aside()
  bool done_ = false;
};

}  // namespace twin::engine
