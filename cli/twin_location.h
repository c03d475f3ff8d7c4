// Where a command that does not load the manifests (checkpoints, rollback)
// finds the twin and the target root: the same rules as Session::open, so
// a broken manifest never stops an undo.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace twin::cli {

/// The twin named by `flag`, $TWIN_DIR, the current directory or the
/// global configuration (in that order), made absolute; nullopt after
/// printing E1201 when none is found or it has no state/ directory.
std::optional<std::filesystem::path> locate_twin(const std::string& flag);

/// `flag` resolved to a canonical directory; nullopt after printing E1203
/// when it is not an absolute path to one.
std::optional<std::filesystem::path> locate_root(const std::string& flag);

}  // namespace twin::cli
