// Whether libgit2 could change a file's bytes on its way into the index.
//
// Why: git_index_add_bypath() loads the filters of every file it stages
// (crlf, ident, custom drivers), and deciding that none applies costs some
// 75 system calls per file (attribute files looked up in every directory,
// each directory realpath()'d). A caller that knows the bytes it has just
// written may stage their blob directly, but only when no filter could
// apply; this is the question it asks first.
//
// libgit2 applies a filter only when an attribute asks for it (text, eol,
// crlf, ident, filter=DRIVER) or when core.autocrlf is on. Attributes come
// from $GIT_DIR/info/attributes, the .gitattributes of each directory
// above a file (on disk, or in the index), core.attributesFile (else the
// XDG file git/attributes) and the system gitattributes. core.eol alone
// changes nothing: libgit2 (like git) applies it only to files an
// attribute marks as text.
#pragma once

#include <git2.h>

#include <string>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

/// True only when libgit2 could not transform any of `paths` (working-tree
/// files, repository-relative) when staging them into `index`: no
/// .gitattributes in the index, none on disk in any directory above a
/// path and no path named so, no $GIT_DIR/info/attributes, neither
/// core.attributesFile nor the XDG attributes file (libgit2's own search
/// path, which follows XDG_CONFIG_HOME and HOME), no system gitattributes
/// (libgit2's system search path, normally /etc), core.autocrlf unset or
/// false and no filter.* key in the configuration. Also false, to stay on
/// libgit2's own path, for an index with conflicts, submodules or
/// case-insensitive paths. Errors: E2001 when the configuration cannot be
/// read.
Result<bool> no_filter_can_apply(git_repository* repo, git_index* index,
                                 const std::vector<std::string>& paths);

}  // namespace twin::engine
