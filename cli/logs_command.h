// `twin logs [--errors]`: the logs the last snapshot captured
// (logs/current/), the lines that look like errors first, then each tail.
#pragma once

#include <string>

namespace twin::cli {

struct LogsOptions {
  std::string twin_dir;
  bool errors_only = false;
};

/// Exit 0 (also when no logs were captured yet), 1 when the twin is missing.
int run_logs(const LogsOptions& options);

}  // namespace twin::cli
