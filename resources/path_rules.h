// Which path strings a manifest may use. Titles of files are absolute and
// normal so that one file has exactly one address; `source` paths are
// relative and normal so they cannot climb out of the twin directory.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/value_formats.h"

namespace twin::resources {

// The rules themselves are lang's generic value formats (lang/value_formats.h),
// so a title the checker accepts is one the providers accept.
using lang::absolute_path_problem;
using lang::relative_path_problem;

/// The parent directories of an absolute normal path, outermost first,
/// without "/": "/a/b/c" -> {"/a", "/a/b"}.
std::vector<std::string> parent_dirs(std::string_view path);

}  // namespace twin::resources
