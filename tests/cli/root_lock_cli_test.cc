// One apply per target root, whatever twin it comes from: two twins (here a
// copy of one) applying to the same root cannot interleave. The test holds
// the root's lock itself, as another apply would.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/apply_lock.h"
#include "tests/cli/example_twin.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

TEST(RootLock, ASecondTwinOnTheSameRootRefusesOrWaits) {
  testing::WebhostTwin ex;
  fs::path other = ex.tmp / "other-twin";
  fs::copy(ex.twin, other, fs::copy_options::recursive);

  auto before = testing::tree_fingerprint(ex.root / "etc");
  auto held = engine::ApplyLock::acquire_root(ex.root, std::chrono::seconds(0), {});
  ASSERT_TRUE(held) << held.error().text();
  auto refused = testing::WebhostTwin::run_in(other, ex.root, {"apply", "--yes"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("error[E1609]: another apply or rollback is changing " +
                                     ex.root.string()));

  auto waited = testing::WebhostTwin::run_in(other, ex.root, {"apply", "--yes", "--timeout", "1"});
  EXPECT_EQ(waited.exit_code, 1);
  EXPECT_THAT(waited.out + waited.err, HasSubstr("waiting for the apply changing"));
  EXPECT_EQ(testing::tree_fingerprint(ex.root / "etc"), before) << "nothing of the plan happened";

  { auto released = std::move(*held); }  // the other apply ends
  auto applied = testing::WebhostTwin::run_in(other, ex.root, {"apply", "--yes"});
  EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(testing::tree_fingerprint(ex.root / "etc"), before);
}

}  // namespace
}  // namespace twin::cli
