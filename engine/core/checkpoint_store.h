// The checkpoints of one twin (TWIN/.twin/checkpoints/ID/): listing them,
// finding one by id or unique prefix, telling a finished apply from one that
// is still running or was killed, measuring and pruning them. Reading a
// checkpoint's summary never changes it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/process_identity.h"
#include "engine/core/result.h"
#include "engine/core/retention.h"

namespace twin::engine {

enum class CheckpointState {
  kRunning,             // no outcome, and the process that owns it is alive
  kInterrupted,         // no outcome, and its process is gone (killed, crashed, rebooted)
  kCompleted,           // every step applied
  kPartial,             // --no-atomic: some steps failed, the rest were kept
  kRolledBack,          // a step failed and every change was undone
  kRollbackIncomplete,  // undoing (after a failure, or by `twin rollback`) did not finish
  kUndone,              // undone later by `twin rollback`
  kNotStarted,          // no outcome, but no plan was saved, so no step ran (a full disk, a kill)
  kUnknown,             // an outcome file this version does not know
};

/// "running", "interrupted", "completed", ... as `twin checkpoints` prints it.
std::string_view state_name(CheckpointState state);

/// What `twin checkpoints` shows about one checkpoint.
struct CheckpointInfo {
  std::string id;  // the directory name, e.g. 20261125T081200Z-4242
  std::filesystem::path dir;
  CheckpointState state = CheckpointState::kUnknown;
  std::string started;       // UTC, "2026-11-25T08:12:00Z"; from the id when not recorded
  long long started_ns = 0;  // orders applies that start within one second
  std::optional<ProcessIdentity> owner;  // the process that ran (or runs) it
  int resumes = 0;                       // times `twin apply --resume` continued it
  std::string twin_dir;                  // from its plan; empty when no plan was saved
  std::string root;
  std::size_t steps_planned = 0;  // steps in the original plan
  std::size_t steps_done = 0;     // lines of steps.jsonl
  std::size_t undo_records = 0;   // lines of journal.jsonl
  std::uint64_t bytes = 0;        // total size of its files

  bool finished() const {
    return state != CheckpointState::kRunning && state != CheckpointState::kInterrupted;
  }
};

/// Reads one checkpoint directory's summary (missing parts stay empty).
CheckpointInfo inspect_checkpoint(const std::filesystem::path& dir);

class CheckpointStore {
 public:
  explicit CheckpointStore(const std::filesystem::path& twin_dir);

  /// TWIN/.twin/checkpoints.
  const std::filesystem::path& dir() const { return dir_; }

  /// Every checkpoint, newest first. No checkpoint directory: an empty list.
  Result<std::vector<CheckpointInfo>> list() const;

  /// The checkpoint with this id, or the only one whose id starts with it.
  /// E1602 when none matches, E1603 when several do (they are named).
  Result<CheckpointInfo> find(std::string_view id_or_prefix) const;

  /// The newest checkpoint, or E1602 when there is none.
  Result<CheckpointInfo> latest() const;

  /// The newest apply that was killed before it finished, if any.
  Result<std::optional<CheckpointInfo>> interrupted() const;

  /// A fresh directory path for a new checkpoint (not created): the UTC time
  /// and the pid, so ids sort in the order applies ran and never collide.
  std::filesystem::path new_checkpoint_dir() const;

  /// Deletes the checkpoints retention does not keep (select_for_pruning),
  /// never those in `protect`, unfinished ones or the newest. Each is renamed
  /// away first, so a prune killed midway never leaves a half-deleted
  /// checkpoint that looks interrupted. Returns what was deleted.
  Result<std::vector<CheckpointInfo>> prune(const RetentionPolicy& policy,
                                            const std::set<std::string>& protect = {}) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace twin::engine
