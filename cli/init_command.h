// `twin init [DIR]`: create a twin (default $TWIN_DIR or ~/twinsync-device)
// with libgit2: config.yaml, state/, filesystem/, live/, logs/, plan/, a
// .gitignore and a README.md for people and AI agents; remember it in
// ~/.config/twinsync/config.yaml; take the first snapshot and commit it.
// A directory that is neither empty nor a twin is refused.
#pragma once

#include <string>

namespace twin::cli {

struct InitOptions {
  std::string dir;       // positional DIR
  std::string twin_dir;  // --twin, the same (the menu passes it)
  std::string root = "/";
  std::string device;    // --device: the name in commit messages (default: the hostname)
  bool no_snapshot = false;  // lay out and commit only
};

/// Exit 0 when the twin exists afterwards (created now, or already a twin),
/// 1 on a refusal or an error.
int run_init(const InitOptions& options);

/// The README.md a new twin gets.
std::string twin_readme();

}  // namespace twin::cli
