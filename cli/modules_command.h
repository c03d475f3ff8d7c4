// `twin modules [list | update [NAME...] | sync | verify]`: the fleet modules
// listed under `modules:` in config.yaml (engine/repo/modules.h). `update` moves
// modules to the newest commit of their ref (all, or only those named; the
// others keep their locked commit), `sync` brings modules/ back to the lock
// without moving anything, and both commit config.yaml, modules.lock and
// modules/ with libgit2. `verify` checks modules/ against the lock offline.
#pragma once

#include <string>
#include <vector>

namespace twin::cli {

struct ModulesOptions {
  std::string twin_dir;            // default: the current directory
  std::string action = "list";     // list, update, sync, verify
  std::vector<std::string> names;  // update: the modules to move (default: all)
  bool json = false;               // list: a versioned JSON report
};

/// Exit 0 on success; 1 on errors, and for `verify` when any module is not
/// exactly as locked (each problem listed with what to run).
int run_modules(const ModulesOptions& options);

}  // namespace twin::cli
