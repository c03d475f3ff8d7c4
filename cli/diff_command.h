// `twin diff [REV [REV2]] [--stat] [--exit-code] [-- PATH...]`: what changed
// in the twin, as `git diff` shows it. With no REV, between HEAD and the
// working tree; with one, between REV and the working tree (uncommitted
// edits included, untracked files as additions); with two, between the
// commits. Content that looks like a secret is summarised, never shown.
#pragma once

#include <string>
#include <vector>

namespace twin::cli {

struct DiffOptions {
  std::string twin_dir;
  /// REV, REV2, then paths: an argument that is not a commit but exists in
  /// the twin starts the paths (as git guesses).
  std::vector<std::string> args;
  /// The arguments after `--`: always paths (then every one in `args` must
  /// be a commit).
  std::vector<std::string> paths_after_separator;
  bool separator = false;  // `--` was given
  bool stat = false;       // per-file counts only
  bool exit_code = false;  // exit 2 when there are differences
};

/// Exit 0 (also when there are differences, unless --exit-code: then 2),
/// 1 on an error (a bad REV or path, no twin).
int run_diff(const DiffOptions& options);

}  // namespace twin::cli
