// `twin checkpoints` end to end: listing, showing (never a secret in
// clear), retention from config.yaml and pruning, the lock, and where the
// checkpoints live (0700, ignored by Git).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/core/apply_lock.h"
#include "tests/cli/example_twin.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::read_text;
using twin::testing::WebhostTwin;
using twin::testing::write_text;
namespace fs = std::filesystem;

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

/// A one-file manifest whose content changes with `n`, so each apply has a step.
void set_counter(const WebhostTwin& ex, int n) {
  write_text(ex.twin / "state/zz-counter.twin",
             "file \"/etc/counter\" {\n  content = \"" + std::to_string(n) + "\\n\"\n}\n");
}

TEST(CheckpointsCli, ListsEachApplyWithOutcomeStepsAndRoot) {
  WebhostTwin ex;
  auto none = ex.run_without_root({"checkpoints"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_THAT(none.out, HasSubstr("No checkpoints: nothing has been applied from this twin yet."));

  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  set_counter(ex, 1);
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  auto ids = ex.checkpoint_ids();
  ASSERT_EQ(ids.size(), 2u);

  auto list = ex.run_without_root({"checkpoints"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("ID"));
  EXPECT_THAT(list.out, HasSubstr("STARTED (UTC)"));
  EXPECT_THAT(list.out, HasSubstr("completed"));
  EXPECT_THAT(list.out, HasSubstr("6/6"));
  EXPECT_THAT(list.out, HasSubstr("1/1"));
  EXPECT_THAT(list.out, HasSubstr(ex.root.string()));
  EXPECT_THAT(list.out, HasSubstr("2 checkpoint(s)"));
  EXPECT_THAT(list.out, HasSubstr("Retention: the last 20 applies, at most 500 MB (default)."));
  // Newest first: the counter apply is listed before the first one.
  std::string second = list.out.find("1/1") < list.out.find("6/6") ? "ok" : list.out;
  EXPECT_EQ(second, "ok");

  auto from_elsewhere =
      twin::testing::WebhostTwin::run_in("/", "", {"checkpoints", "--twin", ex.twin.string()});
  EXPECT_EQ(from_elsewhere.exit_code, 0) << from_elsewhere.err;
  EXPECT_THAT(from_elsewhere.out, HasSubstr(ids[0]));
}

TEST(CheckpointsCli, ShowPrintsThePlanAndStepsDoneButNeverASecret) {
  WebhostTwin ex;
  write_text(ex.twin / "state/zz-secret.twin",
             "file \"/etc/app/secret.conf\" {\n  content = \"hunter2-very-secret\\n\"\n"
             "  sensitive = true\n  mode = \"0600\"\n}\n");
  auto apply = ex.run({"apply", "--yes"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  std::string id = ex.checkpoint_ids().at(0);

  auto show = ex.run_without_root({"checkpoints", "show", id.substr(0, 12)});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("Checkpoint " + id));
  EXPECT_THAT(show.out, HasSubstr("outcome:  completed"));
  EXPECT_THAT(show.out, HasSubstr("root:     " + ex.root.string()));
  EXPECT_THAT(show.out, HasSubstr("7 of 7 done"));
  EXPECT_THAT(show.out, HasSubstr("done  REPLACE file[\"/etc/motd\"]"));
  EXPECT_THAT(show.out, HasSubstr("done  CHMOD   file[\"/etc/issue\"]"));
  EXPECT_THAT(show.out, HasSubstr("CHMOD   mode 0600 → 0644"));
  EXPECT_THAT(show.out, HasSubstr("file[\"/etc/app/secret.conf\"]"));
  EXPECT_THAT(show.out, Not(HasSubstr("hunter2")));
  EXPECT_THAT(read_text(ex.twin / ".twin/checkpoints" / id / "plan.json"),
              Not(HasSubstr("hunter2")));

  auto missing = ex.run_without_root({"checkpoints", "show", "1999"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("error[E1602]: no checkpoint `1999`"));
  auto no_id = ex.run_without_root({"checkpoints", "show"});
  EXPECT_EQ(no_id.exit_code, 1);
  EXPECT_THAT(no_id.err, HasSubstr("needs an ID"));
}

TEST(CheckpointsCli, RetentionFromConfigPrunesAfterEachApplyKeepingTheNewOne) {
  WebhostTwin ex;
  write_text(ex.twin / "config.yaml", "checkpoints:\n  keep: 2\n");
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  auto first = ex.checkpoint_ids();
  set_counter(ex, 1);
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  EXPECT_EQ(ex.checkpoint_ids().size(), 2u);
  set_counter(ex, 2);
  auto third = ex.run({"apply", "--yes"});
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_THAT(
      third.out,
      HasSubstr("Pruned 1 old checkpoint(s) (keeping the last 2 applies, at most 500 MB)."));
  auto ids = ex.checkpoint_ids();
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_THAT(ids, Not(::testing::Contains(first.at(0))));  // the oldest went

  // Explicit pruning with a smaller setting.
  write_text(ex.twin / "config.yaml", "checkpoints: {keep: 1}\n");
  auto prune = ex.run_without_root({"checkpoints", "prune"});
  EXPECT_EQ(prune.exit_code, 0) << prune.err;
  EXPECT_THAT(prune.out, HasSubstr("Deleted " + ids[0] + " (completed, "));
  EXPECT_THAT(prune.out, HasSubstr("Pruned 1 checkpoint(s)"));
  EXPECT_EQ(ex.checkpoint_ids(), std::vector<std::string>{ids[1]});
  auto again = ex.run_without_root({"checkpoints", "prune"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_THAT(again.out, HasSubstr("Nothing to prune: 1 checkpoint(s) within the retention, the "
                                   "last 1 applies, at most 500 MB (config.yaml)."));
}

TEST(CheckpointsCli, RetentionCannotBeSwitchedOffAndABadConfigStopsTheApply) {
  WebhostTwin ex;
  auto before = read_text(ex.root / "etc/motd");
  write_text(ex.twin / "config.yaml", "# twin settings\ncheckpoints:\n  keep: 0\n");
  auto apply = ex.run({"apply", "--yes"});
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_THAT(apply.err, HasSubstr("error[E1601]: " + (ex.twin / "config.yaml").string() +
                                   ":3:9: checkpoints.keep must be at least 1 (checkpoints cannot "
                                   "be switched off"));
  EXPECT_EQ(read_text(ex.root / "etc/motd"), before);
  EXPECT_TRUE(ex.checkpoint_ids().empty());
  auto prune = ex.run_without_root({"checkpoints", "prune"});
  EXPECT_EQ(prune.exit_code, 1);
  EXPECT_THAT(prune.err, HasSubstr("config.yaml:3:9"));

  write_text(ex.twin / "config.yaml", "checkpoints:\n  keep: [1\n");
  auto broken = ex.run({"apply", "--yes"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.err, HasSubstr("config.yaml:"));
  EXPECT_EQ(read_text(ex.root / "etc/motd"), before);
}

TEST(CheckpointsCli, AnotherApplyHoldingTheLockIsRefused) {
  WebhostTwin ex;
  auto lock = engine::ApplyLock::acquire(ex.twin);
  ASSERT_TRUE(lock.ok()) << lock.error().text();
  auto before = read_text(ex.root / "etc/motd");
  auto apply = ex.run({"apply", "--yes"});
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_THAT(apply.err, HasSubstr("error[E1604]: another twin apply, rollback or prune is running "
                                   "on this twin (pid " +
                                   std::to_string(::getpid()) + ")"));
  EXPECT_EQ(read_text(ex.root / "etc/motd"), before);
  EXPECT_EQ(ex.run({"rollback", "--yes"}).exit_code, 1);
  EXPECT_EQ(ex.run_without_root({"checkpoints", "prune"}).exit_code, 1);
  // Listing only reads, so it works during an apply.
  EXPECT_EQ(ex.run_without_root({"checkpoints"}).exit_code, 0);
}

TEST(CheckpointsCli, CheckpointsArePrivateAndIgnoredByGit) {
  WebhostTwin ex;
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  std::string id = ex.checkpoint_ids().at(0);
  fs::path dir = ex.twin / ".twin/checkpoints" / id;
  EXPECT_EQ(mode_of(ex.twin / ".twin"), 0700u);
  EXPECT_EQ(mode_of(ex.twin / ".twin/checkpoints"), 0700u);
  EXPECT_EQ(mode_of(dir), 0700u);
  EXPECT_EQ(mode_of(dir / "blobs"), 0700u);
  for (const char* file : {"journal.jsonl", "plan.json", "steps.jsonl", "process.json", "outcome"})
    EXPECT_EQ(mode_of(dir / file), 0600u) << file;

  twin::testing::TempDir home;
  resources::ProcessRunner runner;
  auto git = [&](std::vector<std::string> args) {
    engine::Command c;
    c.program = "/usr/bin/git";
    c.args = {"-C", ex.twin.string()};
    c.args.insert(c.args.end(), args.begin(), args.end());
    c.env = {{"PATH", "/usr/bin:/bin"},
             {"HOME", home.path().string()},
             {"GIT_CONFIG_NOSYSTEM", "1"},
             {"LC_ALL", "C"}};
    auto r = runner.run(c);
    return r.ok() ? *r : engine::CommandOutput{};
  };
  if (!fs::exists("/usr/bin/git")) GTEST_SKIP() << "git is not installed";
  ASSERT_EQ(git({"init", "-q"}).exit_code, 0);
  auto ignored = git({"check-ignore", ".twin/checkpoints/" + id + "/journal.jsonl"});
  EXPECT_EQ(ignored.exit_code, 0) << ignored.err;
  auto status = git({"status", "--porcelain", "--untracked-files=all"});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_THAT(status.out, HasSubstr("state/site.twin"));
  EXPECT_THAT(status.out, Not(HasSubstr(".twin/")));
}

}  // namespace
}  // namespace twin::cli
