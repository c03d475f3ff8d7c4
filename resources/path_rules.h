// Which path strings a manifest may use. Titles of files are absolute and
// normal so that one file has exactly one address; `source` paths are
// relative and normal so they cannot climb out of the twin directory.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twin::resources {

/// nullopt when `path` is absolute and normal ("/", "/etc/motd"); otherwise
/// what is wrong, e.g. "path must be absolute" or "path contains '..'".
std::optional<std::string> absolute_path_problem(std::string_view path);

/// nullopt when `path` is relative and normal ("files/motd"); otherwise
/// what is wrong.
std::optional<std::string> relative_path_problem(std::string_view path);

/// The parent directories of an absolute normal path, outermost first,
/// without "/": "/a/b/c" -> {"/a", "/a/b"}.
std::vector<std::string> parent_dirs(std::string_view path);

}  // namespace twin::resources
