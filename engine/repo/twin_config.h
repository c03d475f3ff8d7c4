// config.yaml at the top of a twin: what `twin snapshot` collects and how
// the twin's commits are signed. Written by `twin init`, edited by people.
//
//   device: web1                    # the name in commit messages
//   files:
//     roots: [/etc, ~/.config]      # mirrored into filesystem/; ~ is the invoking user's home
//     exclude: ["/etc/ssl/certs/*"] # glob patterns (fnmatch) on absolute paths
//     max_size: 1048576             # larger files are skipped
//     include_secrets: []           # paths (or directories) the secret rules skip, opted in
//   logs: { lines: 200, keep: 5 }   # tail length; older captures kept
//   git: { name: "", email: "" }    # commit identity; empty: twin <twin@HOST>
//   checkpoints: {keep: 20, max_mb: 500}   # read by engine/core/retention.h, not here
//   remote: { url: "", branch: main }      # accepted; the remote Git uses is `origin`
//                                          # (engine/repo/git_remote.h), not this
//   modules:                               # fleet modules: `twin modules update`
//     - {name: web, url: "https://git.example.org/web.git", ref: main}
//
// Every key is optional; unknown keys and wrong types are errors that name
// the file, line and column (E1401), so a typo never silently does nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/twin_layout.h"
#include "engine/core/result.h"

namespace twin::engine {

/// One entry of `modules:`: a Git repository whose files `twin modules
/// update` checks out into TWIN/modules/NAME (engine/repo/modules.h).
struct ModuleSpec {
  std::string name;  // checked by check_module_name (engine/repo/module_names.h)
  std::string url;   // checked by check_module_url
  std::string ref;   // a branch, tag or full commit id; empty: the remote's default branch

  bool operator==(const ModuleSpec&) const = default;
};

struct TwinConfig {
  std::string device;  // empty: the target's hostname
  std::vector<std::string> roots = {"/etc", "~/.config"};
  std::vector<std::string> excludes;
  std::uint64_t max_file_bytes = 1u << 20;
  std::vector<std::string> include_secrets;
  std::size_t log_lines = 200;
  std::size_t log_keep = 5;
  std::string git_name;
  std::string git_email;
  std::string remote_url;
  std::string remote_branch = "main";
  std::vector<ModuleSpec> modules;  // names unique

  /// True when `path` (absolute) is `include_secrets` entry or lies under one.
  bool secret_opted_in(std::string_view path) const;
  /// True when `path` (absolute) matches an `exclude` pattern, or lies
  /// under a directory that does.
  bool excluded(std::string_view path) const;
};

/// The file name inside a twin.
inline constexpr const char* kTwinConfigFile = layout::kConfig;

/// Parses config.yaml text; `file_name` is used in messages.
/// Errors: E1401 "FILE:LINE:COL: what is wrong" for bad YAML, an unknown
/// key, a wrong type or a bad value (a root that is not absolute or ~/...).
Result<TwinConfig> parse_twin_config(std::string_view text, const std::string& file_name);

/// Reads TWIN/config.yaml; a twin without one gets the defaults.
/// Errors: E1001 unreadable, E1401 as parse_twin_config.
Result<TwinConfig> load_twin_config(const std::filesystem::path& twin_dir);

/// The YAML text of `config`, with a comment above each section, such that
/// parse_twin_config(render_twin_config(c)) == c.
std::string render_twin_config(const TwinConfig& config);

}  // namespace twin::engine
