// A checkpoint is the undo journal of one apply: a directory (mode 0700)
// holding blobs (old file contents) and a journal of undo records, each
// fsync'd before the step it protects runs. Providers write their own undo
// data; the engine only stores and replays it, in reverse.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/result.h"

namespace twin::engine {

struct UndoRecord {
  std::string type;     // the provider that can undo it
  std::string address;  // the resource it belongs to, for reports
  nlohmann::json data;  // provider-defined
};

class Checkpoint {
 public:
  /// Creates a new checkpoint directory `dir` (which must not exist yet);
  /// its parent is created with mode 0700 when missing.
  static Result<Checkpoint> create(std::filesystem::path dir);
  /// Opens an existing checkpoint and reads its journal.
  static Result<Checkpoint> open(std::filesystem::path dir);

  const std::filesystem::path& dir() const { return dir_; }

  /// Stores bytes durably and returns the blob's id (its file name).
  Result<std::string> save_blob(std::string_view bytes);
  Result<std::string> read_blob(const std::string& id) const;

  /// Appends a record to the journal and fsyncs it before returning.
  Status record(UndoRecord record);
  const std::vector<UndoRecord>& records() const { return records_; }

  /// Marks the apply finished ("completed" or "rolled-back") durably.
  Status finish(std::string_view outcome);

 private:
  explicit Checkpoint(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
  std::vector<UndoRecord> records_;
  int next_blob_ = 0;
};

}  // namespace twin::engine
