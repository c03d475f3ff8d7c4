// Test support: a twin that installs packages into a copy of the package
// world's sandbox root (tests/resources/package_fixture.h), run with the
// real dpkg and apt-get, for the crash-recovery tests of package steps.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tests/cli/example_twin.h"
#include "tests/resources/package_fixture.h"

namespace twin::testing {

/// A twin that installs `tool` 1.0 and `app` (pulling libfoo1), then
/// writes /etc/marker.
struct PackageTwin {
  resources::testing::HostDpkgGuard guard;  // first: checked after everything else
  TempDir tmp;
  std::filesystem::path twin = tmp / "twin";
  std::filesystem::path root = tmp / "root";

  PackageTwin() {
    resources::testing::copy_root(resources::testing::PackageWorld::get().pristine_root, root);
    write_text(twin / "state/site.twin",
                              "package \"tool\" {\n  ensure = \"1.0\"\n}\n"
                              "package \"app\" {\n}\n"
                              "file \"/etc/marker\" {\n  content = \"installed\\n\"\n}\n");
  }
  /// `twin ARGS --root ROOT`; with `kill_after` k > 0, the test-only
  /// binary that stops right after the k-th journaled step.
  TwinResult run(std::vector<std::string> args, int kill_after = 0) const {
    if (kill_after == 0) return WebhostTwin::run_in(twin, root, std::move(args));
    return WebhostTwin::run_in(
        twin, root, std::move(args),
        {{"TWIN_TEST_KILL_AFTER_STEP", std::to_string(kill_after)}}, TWIN_KILLABLE_BINARY);
  }
  /// "name version status" rows of the sandbox's dpkg database.
  std::string dpkg_rows() const {
    auto out = resources::testing::run_tool(
        resources::kDpkgQuery, {"--admindir=" + (root / "var/lib/dpkg").string(), "-W",
                                "-f=${Package} ${Version} ${db:Status-Abbrev}\\n"});
    return out.out;
  }
};

}  // namespace twin::testing
