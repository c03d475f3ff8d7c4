// Where the twin is when no --twin is given, and the global configuration
// (~/.config/twinsync/config.yaml) that remembers it so `twin` works from
// any directory:
//
//   twin_dir: /root/twinsync-device
//
// Which twin a command uses is decided in one place, cli/ops/workspace.h;
// this file only reads and writes what is remembered.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/core/result.h"

namespace twin::engine {

/// $HOME/.config/twinsync/config.yaml ($HOME must be set).
std::filesystem::path global_config_path();

/// Where `twin init` creates a twin without a DIR: $TWIN_DIR, else
/// $HOME/twinsync-device.
std::filesystem::path default_twin_dir();

/// The twin_dir the global configuration remembers; nullopt when there is
/// no such file or key. Errors: E1401 for a malformed file.
Result<std::optional<std::filesystem::path>> remembered_twin_dir();

/// Writes `twin_dir` into the global configuration (keeping its other
/// keys), creating ~/.config/twinsync (0700). Errors: E1001, E1401, E1402
/// when the home directory itself does not exist (it is never made).
Status remember_twin_dir(const std::filesystem::path& twin_dir);

}  // namespace twin::engine
