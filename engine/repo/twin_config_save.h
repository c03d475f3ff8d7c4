// Saving config.yaml for `twin config set` and `twin config-fs`: the file is
// written atomically, then committed on its own. Only config.yaml is staged,
// so edits elsewhere in the twin (state/, filesystem/) stay uncommitted and
// keep counting as unapplied edits.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "engine/repo/effective_config.h"
#include "engine/repo/git_repo.h"
#include "engine/core/result.h"

namespace twin::engine {

/// Stages the one path `relative` of the repository whose working tree is
/// `workdir`, as `git add PATH` would; the rest of the index is untouched.
/// Errors: E2002 not a repository, E2001 libgit2.
Status stage_file(const std::filesystem::path& workdir, const std::string& relative);

/// TWIN/config.yaml's new text for `config`. When only `changed_key` (e.g.
/// "files.roots") changed and config.yaml writes it on one line, that value
/// is replaced in place and every other byte (comments too) is kept, as
/// long as the result reads back as exactly `config`; otherwise, and with
/// no key, render_effective_config(config).
std::string config_text(const std::filesystem::path& path, const EffectiveConfig& config,
                        std::string_view changed_key);

/// Writes config_text(...) to TWIN/config.yaml (keeping the
/// file's mode; 0644 for a new one) and commits only it, as `who`, with
/// `message`. Returns the commit's id; nullopt when config.yaml already held
/// exactly that and was committed so. Refuses, writing nothing, when the
/// index already holds other staged changes, which the commit would carry:
/// E1412 listing them. Errors: E1001 writing, E2xxx Git.
Result<std::optional<std::string>> save_twin_config(const std::filesystem::path& twin_dir,
                                                    const EffectiveConfig& config,
                                                    const std::string& message,
                                                    const GitIdentity& who,
                                                    std::string_view changed_key = {});

}  // namespace twin::engine
