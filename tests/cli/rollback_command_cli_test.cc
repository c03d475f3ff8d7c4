// `twin rollback` end to end on a finished apply: it restores the sandbox
// byte for byte, asks (or refuses unattended), refuses what cannot be
// undone or another root, and works while the manifests are broken.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/example_twin.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::tree_fingerprint;
using twin::testing::WebhostTwin;
using twin::testing::write_text;
namespace fs = std::filesystem;

TEST(RollbackCommand, UndoesACompletedApplyAndMarksItUndone) {
  WebhostTwin ex;
  auto before = tree_fingerprint(ex.root);
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  auto applied = tree_fingerprint(ex.root);
  std::string id = ex.checkpoint_ids().at(0);

  auto unattended = ex.run({"rollback"});
  EXPECT_EQ(unattended.exit_code, 1);
  EXPECT_THAT(unattended.out, HasSubstr("It will undo"));  // shows what it would undo
  EXPECT_THAT(unattended.out, HasSubstr("file[\"/etc/cron.d/legacy-backup\"]"));
  EXPECT_THAT(unattended.err, HasSubstr("refusing to roll back without confirmation"));
  EXPECT_EQ(tree_fingerprint(ex.root), applied);

  auto rollback = ex.run({"rollback", "--yes"});
  EXPECT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_THAT(rollback.out, HasSubstr("Rolling back the apply " + id + " (started "));
  EXPECT_THAT(rollback.out, HasSubstr("completed, 6 of 6 step(s) done) on " + ex.root.string()));
  // Newest first: the last step of the apply is undone first.
  auto first = rollback.out.find("undone: file[\"/srv/www/example.org/index.html\"]");
  auto last = rollback.out.find("undone: file[\"/etc/motd\"]");
  ASSERT_NE(first, std::string::npos) << rollback.out;
  ASSERT_NE(last, std::string::npos) << rollback.out;
  EXPECT_LT(first, last);
  EXPECT_EQ(tree_fingerprint(ex.root), before);

  auto list = ex.run_without_root({"checkpoints"});
  EXPECT_THAT(list.out, HasSubstr("undone"));
  auto twice = ex.run({"rollback", id, "--yes"});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.err, HasSubstr("error[E1606]: cannot roll back: the apply " + id +
                                   " was already undone by `twin rollback`"));
  EXPECT_EQ(tree_fingerprint(ex.root), before);
}

TEST(RollbackCommand, QuietWithYesSaysOnlyTheOutcome) {
  WebhostTwin ex;
  auto before = tree_fingerprint(ex.root);
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  std::string id = ex.checkpoint_ids().at(0);
  auto rollback = ex.run({"rollback", "--yes", "--quiet"});
  EXPECT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_EQ(rollback.out, "Rolled back " + id +
                              ": every change it made is undone; the machine is as it was "
                              "before it.\n");
  EXPECT_EQ(rollback.err, "");
  EXPECT_EQ(tree_fingerprint(ex.root), before);
}

TEST(RollbackCommand, RefusesAnotherRoot) {
  WebhostTwin ex;
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  std::string id = ex.checkpoint_ids().at(0);
  twin::testing::TempDir other;
  auto r = WebhostTwin::run_in(ex.twin, other.path(), {"rollback", "--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[E1607]: the apply " + id + " changed " + ex.root.string() +
                               ", not " + other.path().string() +
                               "; to undo it there, pass --root " + ex.root.string()));
  EXPECT_TRUE(fs::is_empty(other.path()));
  // Without --root the target is /, which it never touched: refused too.
  auto slash = WebhostTwin::run_in(ex.twin, "", {"rollback", "--yes"});
  EXPECT_EQ(slash.exit_code, 1);
  EXPECT_THAT(slash.err, HasSubstr("not /;"));
}

TEST(RollbackCommand, RefusesAnApplyThatWasRolledBackWhenItFailed) {
  WebhostTwin ex;
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  std::string id = ex.checkpoint_ids().at(0);
  // As the executor leaves it after a failed, rolled back apply.
  write_text(ex.twin / ".twin/checkpoints" / id / "outcome", "rolled-back\n");
  auto r = ex.run({"rollback", id, "--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("failed and was rolled back at the time; nothing of it is left "
                               "to undo"));
  auto newest = ex.run({"rollback", "--yes"});
  EXPECT_EQ(newest.exit_code, 1);
  EXPECT_THAT(newest.err, HasSubstr("error[E1606]: nothing to roll back: every apply of this twin "
                                    "was undone or rolled back at the time"));
}

// Without an id, rollback takes the newest apply still in effect: one
// already undone is skipped rather than refused.
TEST(RollbackCommand, WithoutAnIdSkipsAppliesAlreadyUndone) {
  WebhostTwin ex;
  auto before = tree_fingerprint(ex.root);
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  write_text(ex.twin / "state/extra.twin", "file \"/etc/extra\" {\n  content = \"x\\n\"\n}\n");
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  ASSERT_EQ(ex.run({"rollback", "--yes"}).exit_code, 0);  // the newest: /etc/extra
  EXPECT_FALSE(fs::exists(ex.root / "etc/extra"));
  auto older = ex.run({"rollback", "--yes"});
  EXPECT_EQ(older.exit_code, 0) << older.out << older.err;
  EXPECT_EQ(tree_fingerprint(ex.root), before);
}

TEST(RollbackCommand, PicksAnOlderApplyByIdAndWarnsAboutLaterOnes) {
  WebhostTwin ex;
  auto before = tree_fingerprint(ex.root);
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  write_text(ex.twin / "state/zz-more.twin", "file \"/etc/extra\" {\n  content = \"x\\n\"\n}\n");
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  auto ids = ex.checkpoint_ids();
  ASSERT_EQ(ids.size(), 2u);

  auto older = ex.run({"rollback", ids[0], "--yes"});
  EXPECT_EQ(older.exit_code, 0) << older.err;
  EXPECT_THAT(older.out, HasSubstr("Warning: later applies are still in effect (" + ids[1] + ")"));
  EXPECT_TRUE(fs::exists(ex.root / "etc/extra"));  // the later apply's change stays
  auto latest = ex.run({"rollback", "--yes"});     // the default: the latest
  EXPECT_EQ(latest.exit_code, 0) << latest.err;
  EXPECT_THAT(latest.out, HasSubstr("Rolled back " + ids[1]));
  EXPECT_EQ(tree_fingerprint(ex.root), before);
}

TEST(RollbackCommand, WorksWhileTheManifestsAreBroken) {
  WebhostTwin ex;
  auto before = tree_fingerprint(ex.root);
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  write_text(ex.twin / "state/broken.twin", "file \"/etc/x\" {\n  mode \"0644\"\n}\n");
  ASSERT_EQ(ex.run({"plan"}).exit_code, 1);
  auto r = ex.run({"rollback", "--yes"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tree_fingerprint(ex.root), before);
}

TEST(RollbackCommand, NothingAppliedYetIsAClearError) {
  WebhostTwin ex;
  auto r = ex.run({"rollback", "--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[E1602]: this twin has no checkpoints"));
  auto elsewhere = WebhostTwin::run_in("/", ex.root, {"rollback", "--yes"});
  EXPECT_EQ(elsewhere.exit_code, 1);
  EXPECT_THAT(elsewhere.err, HasSubstr("error[E1201]: no twin here and none remembered"));
}

}  // namespace
}  // namespace twin::cli
