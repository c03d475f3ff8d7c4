// The bytes of the machine's secret files, kept on the machine for its twin
// (TWIN/.twin/secret-files, resources/machine_store.h: 0600, never
// committed) so that the twin itself never holds a secret. A snapshot skips
// a secret file's bytes (collect_file_rules.h), keeps them here, and records
// the file as `file "PATH" { machine_secret = "ID" ... }` with its mode and
// owner; applying that snapshot puts exactly those bytes back.
//
// ID is random (a digest of the content would let a short secret be
// guessed from the twin) and names the bytes only together with PATH: the
// copies of a file live in a directory of their own, named by the MD5 of
// the path, so a manifest cannot send one file's secret to another path.
// A snapshot reuses the ID while the bytes do not change.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"
#include "resources/collect_files.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

/// True for an ID as remember_secret_files() makes them: 32 lowercase hex
/// digits.
bool is_secret_copy_id(std::string_view id);

/// Keeps the bytes of each of `secrets` beneath `twin` and sets its
/// `kept_as` to the ID of the copy. Errors: those of RootedFs.
engine::Status remember_secret_files(const RootedFs& twin, std::vector<CollectedFile>& secrets);

/// True when a snapshot kept bytes of `path` on this machine.
bool has_secret_copy(const RootedFs& twin, std::string_view path);

/// The bytes kept for `path` under `id`; nullopt when this machine has no
/// trusted copy. Errors: those of RootedFs.
engine::Result<std::optional<std::string>> remembered_secret_file(const RootedFs& twin,
                                                                  std::string_view path,
                                                                  std::string_view id);

}  // namespace twin::resources
