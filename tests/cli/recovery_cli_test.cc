// Crash recovery end to end (TESTING.md "Killing mid-apply"): `twin apply`
// on the example twin is killed right after step k (by the test-only
// twin_kill_after_step program), then the next apply must refuse, `twin
// rollback` must restore the sandbox byte for byte, and `twin apply
// --resume` must finish the same apply in the same checkpoint.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/cli/example_twin.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::tree_fingerprint;
using twin::testing::WebhostTwin;
namespace fs = std::filesystem;

constexpr int kExampleSteps = 6;  // examples/webhost against its sandbox

/// Kills an apply of `ex` after step k; returns the checkpoint id.
std::string kill_apply_after(const WebhostTwin& ex, int k) {
  auto killed = ex.run_killed_after(k, {"apply", "--yes"});
  EXPECT_EQ(killed.signal, SIGKILL) << killed.out << killed.err;
  EXPECT_THAT(killed.out, HasSubstr("Applying (checkpoint "));
  auto ids = ex.checkpoint_ids();
  EXPECT_EQ(ids.size(), 1u);
  return ids.empty() ? "" : ids.front();
}

class KilledApply : public ::testing::TestWithParam<int> {};

TEST_P(KilledApply, NextApplyRefusesAndRollbackRestoresTheSandbox) {
  const int k = GetParam();
  WebhostTwin ex;
  auto before = tree_fingerprint(ex.root);
  std::string id = kill_apply_after(ex, k);
  EXPECT_NE(tree_fingerprint(ex.root), before);  // half applied

  auto list = ex.run_without_root({"checkpoints"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(id));
  EXPECT_THAT(list.out, HasSubstr("interrupted"));
  EXPECT_THAT(list.out, HasSubstr(std::to_string(k) + "/" + std::to_string(kExampleSteps)));

  auto refused = ex.run({"apply", "--yes"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err,
              HasSubstr("error[E1605]: an earlier apply was interrupted: checkpoint " + id));
  EXPECT_THAT(refused.err, HasSubstr("twin rollback " + id + " --root " + ex.root.string()));
  EXPECT_THAT(refused.err, HasSubstr("twin apply --resume --root " + ex.root.string()));
  EXPECT_THAT(refused.out, Not(HasSubstr("Applying")));
  EXPECT_EQ(ex.checkpoint_ids().size(), 1u);  // no new checkpoint

  auto rollback = ex.run({"rollback", "--yes"});
  EXPECT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_THAT(rollback.out, HasSubstr("Rolling back the apply " + id));
  EXPECT_THAT(rollback.out, HasSubstr("undone: file[\"/etc/motd\"]"));
  EXPECT_THAT(rollback.out, HasSubstr("Rolled back " + id));
  EXPECT_EQ(tree_fingerprint(ex.root), before);

  // It is now finished ("undone"), so applying works again.
  auto again = ex.run({"apply", "--yes"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(ex.run({"plan"}).exit_code, 0);
}

TEST_P(KilledApply, ResumeFinishesInTheSameCheckpointAndRollbackUndoesAllOfIt) {
  const int k = GetParam();
  WebhostTwin ex;
  auto before = tree_fingerprint(ex.root);
  std::string id = kill_apply_after(ex, k);

  auto resume = ex.run({"apply", "--resume", "--yes"});
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_THAT(resume.out, HasSubstr("Resuming the interrupted apply " + id + " (" +
                                    std::to_string(k) + " of " + std::to_string(kExampleSteps)));
  EXPECT_THAT(resume.out, HasSubstr("Applying (checkpoint " + id + ")"));
  EXPECT_THAT(resume.out, HasSubstr("Applied " + std::to_string(kExampleSteps - k) + " step(s)."));
  auto plan = ex.run({"plan"});
  EXPECT_EQ(plan.exit_code, 0) << plan.out;
  EXPECT_THAT(plan.out, HasSubstr("No changes"));
  EXPECT_EQ(ex.checkpoint_ids(), std::vector<std::string>{id});

  auto show = ex.run_without_root({"checkpoints", "show", id});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("outcome:  completed"));
  EXPECT_THAT(show.out, HasSubstr("resumed:  1 time(s)"));
  EXPECT_THAT(show.out, HasSubstr(std::to_string(kExampleSteps) + " of " +
                                  std::to_string(kExampleSteps) + " done"));

  auto rollback = ex.run({"rollback", id, "--yes"});
  EXPECT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_EQ(tree_fingerprint(ex.root), before);
}

INSTANTIATE_TEST_SUITE_P(AfterStep, KilledApply, ::testing::Values(1, 2, 4, 5));

TEST(Recovery, KilledAgainWhileResumingStillRecovers) {
  WebhostTwin ex;
  auto before = tree_fingerprint(ex.root);
  std::string id = kill_apply_after(ex, 2);
  auto killed_again = ex.run_killed_after(1, {"apply", "--resume", "--yes"});
  EXPECT_EQ(killed_again.signal, SIGKILL) << killed_again.out << killed_again.err;
  auto list = ex.run_without_root({"checkpoints"});
  EXPECT_THAT(list.out, HasSubstr("3/6"));
  EXPECT_THAT(list.out, HasSubstr("interrupted"));

  auto resume = ex.run({"apply", "--resume", "--yes"});
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_EQ(ex.run({"plan"}).exit_code, 0);
  auto rollback = ex.run({"rollback", "--yes"});
  EXPECT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_EQ(tree_fingerprint(ex.root), before);
}

TEST(Recovery, ResumeWithNothingLeftMarksTheApplyCompleted) {
  WebhostTwin ex;
  std::string id = kill_apply_after(ex, kExampleSteps);  // killed after the last step
  auto resume = ex.run({"apply", "--resume", "--yes"});
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_THAT(resume.out, HasSubstr("No changes"));
  auto list = ex.run_without_root({"checkpoints"});
  EXPECT_THAT(list.out, HasSubstr("completed"));
  EXPECT_THAT(list.out, Not(HasSubstr("interrupted")));
}

TEST(Recovery, ResumeWithoutAnInterruptedApplyIsAnError) {
  WebhostTwin ex;
  auto r = ex.run({"apply", "--resume", "--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[E1608]: --resume: no interrupted apply to resume"));
  EXPECT_TRUE(ex.checkpoint_ids().empty());
}

TEST(Recovery, ResumeOnAnotherRootIsRefused) {
  WebhostTwin ex;
  std::string id = kill_apply_after(ex, 1);
  twin::testing::TempDir other;
  fs::copy(ex.root, other / "root", fs::copy_options::recursive);
  auto r =
      twin::testing::WebhostTwin::run_in(ex.twin, other / "root", {"apply", "--resume", "--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[E1607]: the interrupted apply " + id + " changed " +
                               ex.root.string()));
}

// The kill switch lives only in the test program: the shipped `twin`
// ignores the variable and finishes the apply.
TEST(Recovery, ShippedTwinHasNoKillSwitch) {
  WebhostTwin ex;
  auto r = ex.run({"apply", "--yes"}, {{"TWIN_TEST_KILL_AFTER_STEP", "1"}});
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(Recovery, KillSwitchIgnoresValuesThatAreNotAPositiveNumber) {
  for (std::string value : {"", "0", "-1", "two", "3x"}) {
    WebhostTwin ex;
    auto r = WebhostTwin::run_in(ex.twin, ex.root, {"apply", "--yes"},
                                 {{"TWIN_TEST_KILL_AFTER_STEP", value}}, TWIN_KILLABLE_BINARY);
    EXPECT_EQ(r.signal, 0) << value;
    EXPECT_EQ(r.exit_code, 0) << value << r.err;
  }
}

}  // namespace
}  // namespace twin::cli
