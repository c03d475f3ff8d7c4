// `twin config [show | get KEY | set KEY VALUE]`: the twin's config.yaml by
// dotted key (engine/repo/twin_config_keys.h). `show` prints every setting,
// defaults included; `set` checks the value as config.yaml's parser would,
// rewrites the file atomically and commits it alone ("config: set KEY =
// VALUE"). `twin config-fs` (cli/config_fs_command.h) saves the same way.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/repo/effective_config.h"

namespace twin::cli {

struct ConfigOptions {
  std::string twin_dir;           // default: --twin, $TWIN_DIR, here, the remembered twin
  std::string action = "show";    // show, get, set
  std::vector<std::string> args;  // get: KEY; set: KEY VALUE
  bool json = false;              // show: a versioned JSON report
};

/// Exit 0 on success (also a `set` that changes nothing), 1 on an unknown
/// key, a bad value (config.yaml untouched) or any other error.
int run_config(const ConfigOptions& options);

/// Writes `config` to TWIN/config.yaml (only `changed_key`'s value changes
/// when the file allows, engine::config_text) and commits it alone with
/// `subject`, as the twin's identity (git.name/git.email, else
/// twin@DEVICE); prints what it did. Returns the exit code.
int save_config_change(const std::filesystem::path& twin_dir, const engine::EffectiveConfig& config,
                       const std::string& subject, const std::string& changed_key);

}  // namespace twin::cli
