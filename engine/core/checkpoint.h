// A checkpoint is the undo journal of one apply: a directory (mode 0700)
// holding blobs (old file contents) and a journal of undo records, each
// fsync'd before the step it protects runs. Providers write their own undo
// data; the engine only stores and replays it, in reverse.
//
// Beside the journal it keeps what `twin checkpoints` and crash recovery
// need: the plan being applied, one line per completed step, the process
// that runs the apply (to tell "still running" from "killed"), and, once the
// apply is over, its outcome. The files are listed in SPEC.md section 1.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

/// The outcomes an apply can end with (the `outcome` file). A checkpoint
/// without one is still running, or was interrupted.
inline constexpr std::string_view kOutcomeCompleted = "completed";
inline constexpr std::string_view kOutcomeRolledBack = "rolled-back";
inline constexpr std::string_view kOutcomeRollbackIncomplete = "rollback-incomplete";
inline constexpr std::string_view kOutcomePartial = "partial";
inline constexpr std::string_view kOutcomeUndone = "undone";  // by `twin rollback`

/// The file names inside a checkpoint directory.
namespace checkpoint_files {
inline constexpr const char* kJournal = "journal.jsonl";
inline constexpr const char* kBlobs = "blobs";
inline constexpr const char* kOutcome = "outcome";
inline constexpr const char* kPlan = "plan.json";
inline constexpr const char* kResumedPlan = "resumed-plan.json";
inline constexpr const char* kSteps = "steps.jsonl";
inline constexpr const char* kProcess = "process.json";
/// Space held for the outcome (kOutcomeReserveBytes of zeros): finish()
/// writes the outcome into it, so a disk that fills up during the apply
/// cannot leave it without one, and so looking interrupted.
inline constexpr const char* kOutcomeReserve = "outcome.reserve";
inline constexpr std::size_t kOutcomeReserveBytes = 4096;
}  // namespace checkpoint_files

struct UndoRecord {
  std::string type;     // the provider that can undo it
  std::string address;  // the resource it belongs to, for reports
  nlohmann::json data;  // provider-defined
};

/// A step the apply finished (a line of steps.jsonl).
struct CompletedStep {
  std::string address;
  std::string action;  // "REPLACE", ...
};

class Checkpoint {
 public:
  /// Creates a new checkpoint directory `dir` (which must not exist yet);
  /// its parent is created with mode 0700 when missing. Records the calling
  /// process as the apply's owner (process.json) before anything else.
  /// When any of it cannot be written (a full disk), the directory is
  /// removed again: it would otherwise look like an interrupted apply.
  static Result<Checkpoint> create(std::filesystem::path dir);
  /// Opens an existing checkpoint and reads its journal and completed steps.
  static Result<Checkpoint> open(std::filesystem::path dir);

  const std::filesystem::path& dir() const { return dir_; }

  /// Stores bytes and returns the blob's id (its file name). The blob is
  /// durable once the record() that follows returns: that record's one
  /// sync makes both durable (and lists the blob with its size, so that a
  /// journal line that reached the disk without its blob is known torn).
  Result<std::string> save_blob(std::string_view bytes);
  Result<std::string> read_blob(const std::string& id) const;

  /// Appends a record to the journal and makes it, the blobs saved since
  /// the last record and the steps recorded done since, durable with one
  /// syncfs of the checkpoint's file system, before returning: the
  /// write-ahead point of every change to the root.
  Status record(UndoRecord record);
  const std::vector<UndoRecord>& records() const { return records_; }

  /// Saves the plan about to be applied (engine::plan_to_json, sensitive
  /// content already masked), durably, before any step runs.
  Status save_plan(const nlohmann::json& plan);

  /// Takes over an interrupted checkpoint for `twin apply --resume`: the
  /// calling process becomes its owner, and the plan of what remains is
  /// saved beside the original one. Later records go to the same journal, so
  /// undoing the checkpoint undoes the whole apply.
  Status resume(const nlohmann::json& remaining_plan);

  /// Appends a completed step to steps.jsonl. Durable with the next
  /// record() or finish(): a done line lost in a crash only makes `apply
  /// --resume` plan that step again, which finds it done or redoes it.
  Status record_step_done(std::string_view address, std::string_view action);
  const std::vector<CompletedStep>& steps_done() const { return steps_done_; }

  /// Marks the apply finished (one of the kOutcome* values) durably, in
  /// the space reserved for it when there is one, after syncing what was
  /// written before it.
  Status finish(std::string_view outcome);

  /// Deletes the checkpoint of an apply that never ran a step (its plan
  /// could not be saved): nothing is left to undo, and left in place it
  /// would block the next apply as an interrupted one.
  void discard_unstarted();

 private:
  explicit Checkpoint(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Status write_process_file(int resumes);

  std::filesystem::path dir_;
  std::vector<UndoRecord> records_;
  std::vector<CompletedStep> steps_done_;
  long next_blob_ = 0;
  /// Saved by save_blob() since the last record(): {"id", "size"} each.
  nlohmann::json unsynced_blobs_ = nlohmann::json::array();
};

/// Reads one JSON object per line; a torn last line (killed while appending)
/// and any line that is not an object are skipped.
std::vector<nlohmann::json> read_json_lines(std::string_view text);

}  // namespace twin::engine
