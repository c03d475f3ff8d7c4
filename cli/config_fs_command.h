// `twin config-fs [list | add PATH | remove PATH]`: the directories
// `twin snapshot` mirrors into filesystem/ (files.roots in config.yaml).
// `list` (also no action) shows each root, whether it exists under --root
// and how many files the twin mirrors from it; `add` and `remove` check the
// root (engine/repo/twin_config_keys.h), rewrite config.yaml and commit it as
// `twin config set` does. The menu's "Filesystem roots" checklist runs the
// same code.
#pragma once

#include <filesystem>
#include <string>

namespace twin::cli {

struct ConfigFsOptions {
  std::string twin_dir;         // default: --twin, $TWIN_DIR, here, the remembered twin
  std::string root = "/";       // the target root, for `list`
  std::string action = "list";  // list, add, remove
  std::string path;             // for add and remove: absolute or ~/...
};

/// Exit 0 on success, 1 on a refused root (config.yaml untouched) or an
/// error.
int run_config_fs(const ConfigFsOptions& options);

/// True when `configured` ("/etc", "~/.config") is a directory under the
/// target `root`; "~" is the invoking user's home in ROOT/etc/passwd.
bool root_present_under(const std::filesystem::path& root, const std::string& configured);

}  // namespace twin::cli
