// `twin check-deps [--install] [-y]`: which external commands twin runs are
// on PATH, with their versions and the feature that needs each
// (cli/dependencies.h). `--install` installs the missing ones' Debian
// packages with apt-get, only as root and only after confirmation (-y, or
// a yes on the terminal); otherwise it prints the exact command to run.
#pragma once

namespace twin::cli {

struct CheckDepsOptions {
  bool install = false;  // apt-get install the missing packages
  bool yes = false;      // do not ask (required when not on a terminal)
  bool json = false;     // the statuses as a versioned JSON report
};

/// Exit 0 when every required command is present (after --install: is
/// now), 1 otherwise or on a refusal.
int run_check_deps(const CheckDepsOptions& options);

}  // namespace twin::cli
