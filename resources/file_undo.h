// Undo data of the file provider: what stood at a path before a change,
// written to the checkpoint BEFORE the change, and the code that puts it
// back. Three record kinds (the "op" field of UndoRecord::data):
//   restore  {"path", "before": null | {"kind", "mode", "uid", "gid",
//             "blob" (file contents) | "target" (symlink)}}
//            used for create, replace, delete and mkdir: undo makes the path
//            exactly "before" again (null: removes what was created)
//   chmod    {"path", "mode"}        the old permission bits
//   chown    {"path", "uid", "gid"}  the old owner and group
// Paths and symlink targets that are not valid UTF-8 are stored as
// {"hex": "..."} because JSON strings must be UTF-8.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/checkpoint.h"
#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

/// Everything needed to recreate what stood at a path.
struct Snapshot {
  FileMeta meta;
  std::string content;  // kind file: the bytes
  std::string target;   // kind symlink: where it points
};

/// Observes `path` for undo: nullopt when nothing is there. Reads a file's
/// bytes and a symlink's target. Errors: E3204 for a FIFO, socket or
/// device (they cannot be recreated faithfully, so they are never changed),
/// and those of RootedFs.
engine::Result<std::optional<Snapshot>> take_snapshot(const RootedFs& fs, std::string_view path);

/// Builds a "restore" record's data, saving a file's bytes as a blob.
engine::Result<nlohmann::json> restore_record(std::string_view path,
                                              const std::optional<Snapshot>& before,
                                              engine::Checkpoint& checkpoint);
/// Builds a "chmod" or "chown" record's data.
nlohmann::json chmod_record(std::string_view path, mode_t old_mode);
nlohmann::json chown_record(std::string_view path, uid_t old_uid, gid_t old_gid);

/// Carries out one record written by the functions above.
/// Errors: E3206 for a malformed record, E3203 when a directory to remove is
/// no longer empty, and those of RootedFs and the checkpoint.
engine::Status undo_file_record(const nlohmann::json& data, const RootedFs& fs,
                                const engine::Checkpoint& checkpoint);

}  // namespace twin::resources
