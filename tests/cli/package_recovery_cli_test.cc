// Crash recovery with a package step, against the real dpkg and apt-get on a
// sandbox root (TESTING.md): `twin apply` is killed right after the package
// step (or the file step after it), and `twin rollback` must put back the
// dpkg database rows and the files; `apply --resume` must finish the apply.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/cli/package_twin.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using resources::testing::PackageWorld;
using twin::testing::PackageTwin;
using ::testing::HasSubstr;
using twin::testing::tree_fingerprint;
using twin::testing::WebhostTwin;
using twin::testing::write_text;
namespace fs = std::filesystem;

class KilledPackageApply : public ::testing::TestWithParam<int> {
 protected:
  static void SetUpTestSuite() { (void)PackageWorld::get(); }
};

TEST_P(KilledPackageApply, RollbackRestoresPackagesAndFilesAndResumeFinishes) {
  const int k = GetParam();
  PackageTwin t;
  std::string rows_before = t.dpkg_rows();
  auto etc_before = tree_fingerprint(t.root / "etc");

  auto killed = t.run({"apply", "--yes"}, k);
  ASSERT_EQ(killed.signal, SIGKILL) << killed.out << killed.err;
  EXPECT_THAT(t.dpkg_rows(), HasSubstr("tool 1.0 ii"));
  auto refused = t.run({"apply", "--yes"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("an earlier apply was interrupted"));

  auto rollback = t.run({"rollback", "--yes"});
  EXPECT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_EQ(t.dpkg_rows(), rows_before);
  EXPECT_EQ(tree_fingerprint(t.root / "etc"), etc_before);

  // Again, and this time finish it.
  ASSERT_EQ(t.run({"apply", "--yes"}, k).signal, SIGKILL);
  auto resume = t.run({"apply", "--resume", "--yes"});
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_THAT(t.dpkg_rows(), HasSubstr("app 2.0 ii"));
  EXPECT_EQ(twin::testing::read_text(t.root / "etc/marker"), "installed\n");
  auto plan = t.run({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
}

// The two package steps run as one apt-get batch, journaled as done one by
// one after it: k = 1 stops between those two journal lines (both packages
// are installed), k = 2 after both, k = 3 after the file step that follows.
INSTANTIATE_TEST_SUITE_P(AfterStep, KilledPackageApply, ::testing::Values(1, 2, 3));

}  // namespace
}  // namespace twin::cli
