// `twin logs [--errors] [--grep PATTERN [-i]]`: the logs the last snapshot
// captured (logs/current/), the lines that look like errors first, then
// each tail; or, with --grep, only the lines matching an ECMAScript regular
// expression, as "LOGNAME:LINE: text" (with --errors, only error lines that
// also match).
#pragma once

#include <string>

namespace twin::cli {

struct LogsOptions {
  std::string twin_dir;
  bool errors_only = false;
  std::string grep;          // empty: no filter
  bool ignore_case = false;  // for grep
  bool json = false;         // a versioned JSON report
};

/// Exit 0 (also when no logs were captured yet, and when --grep matches
/// nothing: it says so), 1 when the twin is missing or the pattern is bad.
int run_logs(const LogsOptions& options);

}  // namespace twin::cli
