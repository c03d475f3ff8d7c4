// A past tree of the twin written out as a directory, so that what reads a
// twin from disk (the loader, the checker, a mirror's listing) can read the
// twin as it was at a commit: `twin lint --base REV` compares against it.
//
// The tree may come from anyone who could push, so writing it never
// leaves `dir`: every entry is created beneath it with openat() and
// O_NOFOLLOW (a symlink of the tree is written as a symlink, never written
// through), and names that could climb out or shadow Git's own files are
// refused.
#pragma once

#include <filesystem>

#include "engine/core/result.h"
#include "engine/repo/git_repo.h"

namespace twin::engine {

/// Writes `files` (as GitRepo::read_tree returns them) into `dir`, which
/// must exist and be empty: regular files 0644 (0755 when executable),
/// symlinks with their target, directories 0755. Errors: E2005 for a path
/// with an empty, ".", ".." or ".git" part; E2001 when writing fails.
Status export_tree(const TreeFiles& files, const std::filesystem::path& dir);

}  // namespace twin::engine
