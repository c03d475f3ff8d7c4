// Telling a damaged twin repository from an empty one. libgit2 answers
// "not found" both for a branch that has no commit yet and for one whose
// ref file became a directory, and a ref may name an object that is gone;
// read alone, each looks like "no commits yet", and a snapshot would then
// start a second, parentless history. Every place that decides whether the
// twin has commits asks read_head() instead, so damage is named as such.
//
// Errors: E2006 "the twin's Git HEAD is damaged: ..." (HEAD, its branch or
// the objects they name) and "the twin's Git index is damaged: ...".
#pragma once

#include <git2.h>

#include <memory>
#include <optional>
#include <string>

#include "engine/core/git_runtime.h"
#include "engine/core/result.h"

namespace twin::engine {

/// What HEAD names, checked down to the commit's tree.
struct HeadState {
  std::string branch;                 // "refs/heads/main"; empty when HEAD is detached
  std::optional<std::string> commit;  // 40 hex digits; nullopt: unborn (no commits yet)
};

/// Reads HEAD. Unborn means HEAD names a branch that has no ref, nothing
/// stands where its ref would be, and HEAD's reflog records no commit.
/// Errors: E2006 when HEAD cannot be read, names an invalid ref, a ref that
/// cannot be read, a missing or non-commit object, or a commit whose tree
/// is missing; or when the branch's ref is gone though the reflog shows it
/// had commits.
Result<HeadState> read_head(git_repository* repo);

/// The commit HEAD names. Errors: E2004 "the twin has no commits yet"
/// when unborn, and those of read_head().
Result<std::string> head_commit(git_repository* repo);

/// E2006 "the twin's Git HEAD is damaged: `detail`".
Error damaged_head(git_repository* repo, const std::string& detail);

using GitIndexHandle = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;

/// The repository's index. Errors: E2006 when its file does not parse
/// (libgit2's index error class), else E2001.
Result<GitIndexHandle> open_repo_index(git_repository* repo);

}  // namespace twin::engine
