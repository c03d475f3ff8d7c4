// The external commands twin runs, and whether this machine has them: each
// looked up on PATH (no shell: the directories are searched here), with the
// first line of `CMD --version` (or, for a tool without --version, the
// version dpkg records for its package). For `twin check-deps`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host.h"

namespace twin::cli {

struct Dependency {
  std::string command;     // "dpkg-query"
  std::string package;     // the Debian package that ships it
  std::string needed_for;  // which twin feature runs it
  bool required = true;    // false: twin works without it, minus that feature
};

/// Every command twin runs, required ones first.
const std::vector<Dependency>& twin_dependencies();

/// PATH when the environment has none.
inline constexpr char kDefaultPath[] =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The first executable regular file `dir/command` for the absolute
/// directories of `path_list` (colon-separated; empty and relative entries
/// are skipped, as they would mean the current directory).
std::optional<std::string> find_on_path(std::string_view command, std::string_view path_list);

/// The first non-blank line of a command's output (stdout, else stderr),
/// trimmed, at most 100 characters.
std::string first_line(const engine::CommandOutput& output);

struct DependencyStatus {
  Dependency dependency;
  std::optional<std::string> path;  // nullopt: missing
  std::string version;              // "" when it could not be told
};

/// Looks up every dependency on `path_list` and asks each present one its
/// version through `runner` (argv only, 10 s timeout each).
std::vector<DependencyStatus> probe_dependencies(engine::CommandRunner& runner,
                                                 std::string_view path_list);

/// The Debian packages of the missing commands, each once, in table order.
std::vector<std::string> missing_packages(const std::vector<DependencyStatus>& statuses);

}  // namespace twin::cli
