// Committing what `twin modules update` changed, and only that: config.yaml,
// modules.lock and modules/. Other uncommitted edits of the twin (a manifest
// being written) stay uncommitted, so the commit says exactly what it is.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/repo/git_repo.h"
#include "engine/repo/modules.h"
#include "engine/core/result.h"

namespace twin::engine {

/// "modules: update web to abc12345, remove db" for the changes that moved
/// something (added, moved, restored, removed); "" when none did.
std::string modules_commit_subject(const std::vector<ModuleUpdate>& updates);

/// Stages config.yaml, modules.lock and everything under modules/ (ignore
/// rules do not apply there: a module's files are committed whole) and
/// commits them on HEAD as `message`, leaving every other path's index entry
/// as it was. Returns nullopt when those paths already match HEAD.
/// Errors: E2002 not a repository, E2001 libgit2.
Result<std::optional<std::string>> commit_module_paths(const std::filesystem::path& twin_dir,
                                                       const std::string& message,
                                                       const GitIdentity& who);

}  // namespace twin::engine
