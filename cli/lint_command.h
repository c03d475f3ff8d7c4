// `twin lint`: every check that needs no change to the machine, for CI and
// for agents before they push. Parses and evaluates the manifests, type-checks
// them against the stdlib schemas, runs the providers' validate() and the
// graph checks (read-only against --root), and the risky-change rules; prints
// every diagnostic as text, JSON, GitHub workflow commands or SARIF.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cli/twin_location.h"
#include "lang/checker.h"
#include "lang/resource_decl.h"
#include "lang/schema.h"

namespace twin::cli {

struct LintOptions {
  TargetOptions target;            // --twin (also where `source` files live), --root
  /// Report only on these manifests (or directories of them); the whole twin
  /// is still loaded so references and imports resolve. Empty: every file.
  std::vector<std::string> paths;
  std::string format = "text";     // text, json, github, sarif
  bool strict = false;             // warnings fail too
  /// Judge risk on what changed since this commit, branch or tag ("" judges
  /// the declarations; cli/ops/lint_risks.h says how they differ).
  std::string base;
};

/// Exit 0 when clean (warnings allowed unless `strict`), 1 on errors, on
/// warnings with `strict`, and when the twin cannot be read or a path is
/// not one of its manifests or `base` cannot be compared with (then the
/// reason goes to stderr, E1201-E1205, E1223 or E2xxx, and nothing to
/// stdout).
int run_lint(const LintOptions& options);

}  // namespace twin::cli
