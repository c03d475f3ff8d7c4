// One agent run in-process (cli/ops/agent_run.h) with a TextReporter: a
// twin made by `twin init` from a sandbox root (recorded in .twin/root, so
// nothing falls back to "/"), without a remote. The run decides by its
// policy, says so through the reporter, and keeps the reporter's errors in
// its report.
#include "cli/ops/agent_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <sstream>

#include "cli/text_reporter.h"
#include "tests/cli/snapshot_cli_support.h"
#include "tests/support/git_sandbox.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::ops {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using twin::testing::GitSandbox;
using twin::testing::read_text;
using twin::testing::run_program;
using twin::testing::tree_fingerprint;
using twin::testing::write_text;

class AgentRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // In this process too, HOME is the sandbox's (GitSandbox already points
    // libgit2's config search there) and no $TWIN_DIR names another twin.
    const char* home = std::getenv("HOME");
    saved_home_ = home ? std::optional<std::string>(home) : std::nullopt;
    ::setenv("HOME", sb_.home().c_str(), 1);
    const char* twin_dir = std::getenv("TWIN_DIR");
    saved_twin_dir_ = twin_dir ? std::optional<std::string>(twin_dir) : std::nullopt;
    ::unsetenv("TWIN_DIR");

    twin::testing::make_snapshot_sandbox(root_);
    auto env = sb_.env();
    env.push_back("NO_COLOR=1");
    auto init = run_program({TWIN_BINARY, "init", twin_.string(), "--root", root_.string()},
                            sb_.tmp().path().string(), env);
    ASSERT_EQ(init.exit_code, 0) << init.output;
    // The sandbox is recorded: a run that lost --root is refused, never on "/".
    // The first line is the root; machine-id and hostname follow when known.
    ASSERT_EQ(read_text(twin_ / ".twin/root").rfind(root_.string() + "\n", 0), 0u);
  }
  void TearDown() override {
    if (saved_home_)
      ::setenv("HOME", saved_home_->c_str(), 1);
    else
      ::unsetenv("HOME");
    if (saved_twin_dir_) ::setenv("TWIN_DIR", saved_twin_dir_->c_str(), 1);
  }

  /// An edit of the twin, committed as its owner would.
  void commit_edit(const fs::path& rel, const std::string& text) {
    write_text(twin_ / rel, text);
    sb_.commit_all(twin_, "edit " + rel.string());
  }

  /// Runs the agent on the twin (--twin given, the root the recorded one).
  AgentRunOutcome run(const std::string& policy, cli::TextReporter& reporter) {
    AgentRunRequest request{.target = {.twin_dir = twin_.string()}, .policy = policy};
    auto outcome = run_agent(request, reporter);
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().text());
    if (!outcome.ok()) return {};
    return std::move(outcome).value();
  }

  /// The saved report is a run file under TWIN/.twin/agent/runs/.
  void expect_saved(const AgentRunOutcome& outcome) {
    EXPECT_EQ(outcome.saved.parent_path(), twin_ / ".twin/agent/runs");
    EXPECT_TRUE(fs::is_regular_file(outcome.saved)) << outcome.saved;
    EXPECT_EQ(outcome.saved.extension(), ".json");
  }

  GitSandbox sb_;
  fs::path root_ = sb_ / "root";
  fs::path twin_ = sb_ / "twin";
  std::optional<std::string> saved_home_, saved_twin_dir_;
};

TEST_F(AgentRunTest, ReportPolicyRefusesAndSaysSoThroughTheReporter) {
  commit_edit("filesystem/etc/motd", "hello from the twin\n");
  auto before = tree_fingerprint(root_);
  std::string head = sb_.rev(twin_, "HEAD");
  cli::TextReporter reporter;
  AgentRunOutcome outcome = run("report", reporter);
  const AgentReport& report = outcome.report;
  EXPECT_EQ(report.decision, "refused");
  EXPECT_THAT(report.reason, HasSubstr("policy report never applies"));
  EXPECT_EQ(report.exit_code, 2);
  EXPECT_EQ(report.root, root_.string());
  EXPECT_EQ(report.pull_outcome, "skipped");
  EXPECT_EQ(report.steps, std::vector<std::string>{"REPLACE file[\"/etc/motd\"]"});
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.apply_outcome, "");
  EXPECT_EQ(report.snapshot_outcome, "skipped");

  const std::string& text = reporter.text();
  EXPECT_THAT(text, HasSubstr("twin agent run: " + twin_.string() + " on " + root_.string() +
                              ", policy report\n"));
  EXPECT_THAT(text, HasSubstr("Plan: 1 step(s), 0 risky, 0 removing packages.\n"));
  EXPECT_THAT(text, HasSubstr("Decision: refused (" + report.reason + ")\n"));
  EXPECT_EQ(text.find("twin: error"), std::string::npos) << text;

  expect_saved(outcome);
  EXPECT_EQ(tree_fingerprint(root_), before);
  EXPECT_EQ(sb_.rev(twin_, "HEAD"), head);  // nothing snapshotted over the edit
}

TEST_F(AgentRunTest, SafePolicyRefusesARiskyChangeAndNamesW0303) {
  commit_edit("state/ops.twin", "file \"/etc/sudoers.d/ops\" {\n  content = \"x\\n\"\n}\n");
  auto before = tree_fingerprint(root_);
  cli::TextReporter reporter;
  AgentRunOutcome outcome = run("safe", reporter);
  const AgentReport& report = outcome.report;
  EXPECT_EQ(report.decision, "refused");
  EXPECT_THAT(report.reason, HasSubstr("W0303"));
  EXPECT_EQ(report.exit_code, 2);
  ASSERT_EQ(report.risky.size(), 1u);
  EXPECT_EQ(report.risky[0].code, "W0303");
  EXPECT_EQ(report.risky[0].address, "file[\"/etc/sudoers.d/ops\"]");
  EXPECT_EQ(report.risky[0].file, "state/ops.twin");
  EXPECT_EQ(report.risky[0].line, 1u);
  EXPECT_THAT(reporter.text(), HasSubstr("Plan: 1 step(s), 1 risky, 0 removing packages.\n"));
  EXPECT_THAT(reporter.text(), HasSubstr("Decision: refused ("));
  EXPECT_EQ(tree_fingerprint(root_), before);
  EXPECT_FALSE(fs::exists(root_ / "etc/sudoers.d/ops"));
  expect_saved(outcome);
}

TEST_F(AgentRunTest, SafePolicyAppliesAHarmlessPlanThenSnapshots) {
  commit_edit("filesystem/etc/motd", "hello from the twin\n");
  // Something new for the snapshot to record besides what the twin applied.
  write_text(root_ / "var/log/syslog", "kernel: a line the twin has not seen\n");
  std::string head = sb_.rev(twin_, "HEAD");
  cli::TextReporter reporter;
  AgentRunOutcome outcome = run("safe", reporter);
  const AgentReport& report = outcome.report;
  EXPECT_EQ(report.decision, "applied") << reporter.text();
  EXPECT_EQ(report.exit_code, 0) << reporter.text();
  EXPECT_THAT(report.risky, IsEmpty());
  EXPECT_EQ(report.apply_outcome, "succeeded");
  EXPECT_EQ(report.applied_steps, 1u);
  EXPECT_TRUE(fs::is_directory(twin_ / ".twin/checkpoints" / report.checkpoint));
  EXPECT_EQ(read_text(root_ / "etc/motd"), "hello from the twin\n");
  EXPECT_THAT(reporter.text(), HasSubstr("Decision: applied ("));
  EXPECT_THAT(reporter.text(), HasSubstr("REPLACE file[\"/etc/motd\"]: done\n"));

  EXPECT_EQ(report.snapshot_outcome, "committed") << report.snapshot_note;
  EXPECT_EQ(report.commit_before, head);
  std::string now = sb_.rev(twin_, "HEAD");
  EXPECT_NE(now, head);
  EXPECT_EQ(report.snapshot_commit, now);
  EXPECT_EQ(report.commit_after, now);
  EXPECT_EQ(report.push_outcome, "skipped");
  EXPECT_THAT(report.errors, IsEmpty());
  expect_saved(outcome);

  // The machine matches the twin now: nothing to do, and a snapshot of an
  // unchanged machine commits nothing (SPEC.md §1, Snapshots).
  cli::TextReporter again_reporter;
  AgentRunOutcome again = run("safe", again_reporter);
  EXPECT_EQ(again.report.decision, "nothing-to-do");
  EXPECT_EQ(again.report.exit_code, 0);
  EXPECT_THAT(again.report.errors, IsEmpty());
  EXPECT_EQ(again.report.snapshot_outcome, "unchanged");
  EXPECT_EQ(sb_.rev(twin_, "HEAD"), now);
}

TEST_F(AgentRunTest, ATwinThatDoesNotLoadFailsAndTheReportKeepsTheReportersErrors) {
  commit_edit("state/broken.twin", "file \"/etc/x\" {\n  mode \"0644\"\n}\n");
  auto before = tree_fingerprint(root_);
  cli::TextReporter reporter;
  AgentRunOutcome outcome = run("all", reporter);
  const AgentReport& report = outcome.report;
  EXPECT_EQ(report.decision, "failed");
  EXPECT_EQ(report.reason, "the twin does not load");
  EXPECT_EQ(report.exit_code, 1);
  EXPECT_FALSE(report.planned);
  ASSERT_EQ(report.errors.size(), 1u);
  // The diagnostic as the reporter rendered it: file:line:col, code, caret.
  const std::string& kept = report.errors[0];
  EXPECT_THAT(kept, MatchesRegex("state/broken\\.twin:2:[0-9]+: error\\[E[0-9]+\\]: (.|\n)*"));
  EXPECT_THAT(reporter.text(), HasSubstr(kept));
  EXPECT_THAT(reporter.text(), HasSubstr("1 error generated.\n"));
  EXPECT_EQ(reporter.text().find("Plan: "), std::string::npos);
  EXPECT_EQ(tree_fingerprint(root_), before);
  expect_saved(outcome);
}

}  // namespace
}  // namespace twin::ops
