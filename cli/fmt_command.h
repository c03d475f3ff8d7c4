// `twin fmt`: rewrites .twin files in the canonical layout (lang/formatter.h),
// or with --check only lists the files that are not, for CI.
#pragma once

#include <string>
#include <vector>

namespace twin::cli {

struct FmtOptions {
  std::vector<std::string> paths;  // files, or directories searched for *.twin; empty: "."
  bool check = false;              // list unformatted files, change nothing
};

/// Formats every file; prints the name of each file that changed (with
/// --check: that would change) to stdout, syntax errors to stderr.
/// Rewrites go through a temp file and rename, keeping the file's mode.
/// Exit 0 when all is well; 1 with --check when a file is unformatted, and
/// whenever a file cannot be read, parsed or written (such a file is left
/// as it was).
int run_fmt(const FmtOptions& options);

}  // namespace twin::cli
