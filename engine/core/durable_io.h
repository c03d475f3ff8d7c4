// Small POSIX helpers for data that must survive a crash: every write is
// fsync'd, and so is the directory entry that names it, or (the *_unsynced
// ones) made durable together by one sync_filesystem(). Used by
// checkpoints; paths here are the twin's own (not the target root's).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/core/result.h"

namespace twin::engine {

/// Writes `bytes` to `path` via a temp file + fsync + rename + fsync(dir).
Status write_file_durably(const std::filesystem::path& path, std::string_view bytes,
                          unsigned mode = 0600);

/// Writes `bytes` over the start of the file `reserve` (made earlier with
/// at least that many bytes), cuts it to their length, fsyncs it and
/// renames it to `path`: blocks already allocated are reused, so this
/// works on a full disk where write_file_durably() cannot create its temp
/// file.
Status write_into_reserve(const std::filesystem::path& reserve, const std::filesystem::path& path,
                          std::string_view bytes);

/// Appends `line` plus '\n' to `path` (created 0600) and fsyncs it.
Status append_line_durably(const std::filesystem::path& path, std::string_view line);

/// The same two without any fsync: durable only after a later
/// sync_filesystem() of their file system (how a checkpoint makes a blob,
/// its journal line and earlier step lines durable with one call).
Status write_file_unsynced(const std::filesystem::path& path, std::string_view bytes,
                           unsigned mode = 0600);
Status append_line_unsynced(const std::filesystem::path& path, std::string_view line);

/// syncfs(2) of the file system holding the directory `dir`: every write
/// made there so far, data and names, is on disk when it returns.
Status sync_filesystem(const std::filesystem::path& dir);

/// Reads a whole file.
Result<std::string> read_whole_file(const std::filesystem::path& path);

/// mkdir -p with `mode` for each directory created; fsyncs each parent.
Status make_dirs(const std::filesystem::path& path, unsigned mode = 0700);

/// make_dirs(), then a `.gitignore` of `*` in `path` unless it has one: a
/// directory of local state (.twin/, module stores) that Git never takes,
/// even in a twin not made by `twin init`.
Status make_untracked_dirs(const std::filesystem::path& path, unsigned mode = 0700);

}  // namespace twin::engine
