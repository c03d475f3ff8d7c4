// What this machine keeps for its twin beneath TWIN/.twin and never commits:
// password hashes, the bytes of secret files. Such a file is written mode
// 0600 by the effective user, in directories of mode 0700, and is trusted
// only while it is still so. Git never checks out a 0600 file, so a store
// that came from a commit (twin content is hostile: a pushed
// .twin/password-hashes would give an account a password of the pusher's
// choice) is never read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

/// The bytes of `path` (relative to the twin, beneath .twin/) when it is a
/// regular file of mode 0600 owned by the effective user; nullopt when it is
/// missing or not trusted. Errors: those of RootedFs (a link out of the twin,
/// I/O).
engine::Result<std::optional<std::string>> read_machine_kept(const RootedFs& twin,
                                                              std::string_view path);

/// Writes `bytes` to `path` atomically with mode 0600, making the missing
/// directories of it beneath the twin with mode 0700.
engine::Status write_machine_kept(const RootedFs& twin, std::string_view path,
                                  std::string_view bytes);

}  // namespace twin::resources
