// The apply transaction in-process (cli/ops/apply_transaction.h): the
// example twin against its sandbox root, which the twin records in
// .twin/root, so nothing here can fall back to "/". The use case talks only
// through the Reporter; a recording one shows what it said.
#include "cli/ops/apply_transaction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/cli/example_twin.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::ops {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using twin::testing::read_text;
using twin::testing::tree_fingerprint;
using twin::testing::WebhostTwin;
using twin::testing::write_text;

/// Keeps what a use case said, kind by kind.
class RecordingReporter : public Reporter {
 public:
  struct Reported {
    engine::Error error;
    std::vector<std::string> help;
  };

  void target(const TwinChoice& twin, const fs::path& root) override {
    targets.push_back({twin, root});
  }
  void progress(std::string_view line) override { progress_lines.emplace_back(line); }
  void note(std::string_view line) override { notes.emplace_back(line); }
  void warning(std::string_view text) override { warnings.emplace_back(text); }
  void error(const engine::Error& error, const std::vector<std::string>& help) override {
    errors.push_back({error, help});
  }
  void diagnostics(const lang::DiagnosticSink& sink) override {
    for (const auto& d : sink.all()) diagnostic_lines.push_back(lang::render_text(d, false));
  }

  std::vector<std::pair<TwinChoice, fs::path>> targets;
  std::vector<std::string> progress_lines, notes, warnings, diagnostic_lines;
  std::vector<Reported> errors;
};

/// What a review callback saw of the preview (which holds references).
struct Reviewed {
  int calls = 0;
  std::vector<std::string> addresses;
  bool resuming = false;
};

class ApplyTransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The twin records its sandbox: a path that lost the root and fell back
    // to "/" is refused (E1209) instead of changing this machine.
    write_text(ex_.twin / ".twin/root", ex_.root.string() + "\n");
  }

  /// Opens the workspace as a command would: --twin given, --root not (the
  /// recorded sandbox is the root).
  std::unique_ptr<Workspace> open_workspace(Reporter& reporter) {
    auto ws = Workspace::open(TargetOptions{.twin_dir = ex_.twin.string()}, reporter);
    EXPECT_TRUE(ws.ok()) << (ws.ok() ? "" : ws.error().text());
    if (!ws.ok()) return nullptr;
    EXPECT_EQ((*ws)->target().root, fs::canonical(ex_.root));
    return std::move(*ws);
  }

  /// A request whose review records the plan and answers `answer`.
  ApplyRequest reviewed_by(Reviewed& seen, bool answer) {
    ApplyRequest request;
    request.review = [&seen, answer](const ApplyPreview& preview) {
      ++seen.calls;
      for (const auto& step : preview.plan.steps) seen.addresses.push_back(step.address);
      seen.resuming = preview.resuming.has_value();
      return answer;
    };
    return request;
  }

  WebhostTwin ex_;
};

TEST_F(ApplyTransactionTest, TheReviewSeesThePlanAndNoChangesNothing) {
  auto before = tree_fingerprint(ex_.root);
  RecordingReporter reporter;
  auto ws = open_workspace(reporter);
  ASSERT_TRUE(ws);
  Reviewed seen;
  auto outcome = apply(*ws, reviewed_by(seen, false), reporter);
  ASSERT_TRUE(outcome.ok()) << outcome.error().text();
  EXPECT_EQ(outcome->end, ApplyEnd::kCancelled);
  EXPECT_EQ(seen.calls, 1);
  EXPECT_FALSE(seen.resuming);
  EXPECT_THAT(seen.addresses, ::testing::Contains("file[\"/etc/motd\"]"));
  EXPECT_EQ(seen.addresses.size(), outcome->plan.steps.size());
  EXPECT_TRUE(outcome->checkpoint.empty());
  EXPECT_THAT(reporter.progress_lines, IsEmpty());
  EXPECT_THAT(reporter.errors, IsEmpty());
  EXPECT_EQ(tree_fingerprint(ex_.root), before);
  EXPECT_THAT(ex_.checkpoint_ids(), IsEmpty());
}

TEST_F(ApplyTransactionTest, ApprovalAppliesThenASecondApplyHasNothingToDo) {
  RecordingReporter reporter;
  auto ws = open_workspace(reporter);
  ASSERT_TRUE(ws);
  Reviewed seen;
  std::vector<std::string> started;
  ApplyRequest request = reviewed_by(seen, true);
  request.started = [&started](const std::string& id) { started.push_back(id); };
  auto outcome = apply(*ws, request, reporter);
  ASSERT_TRUE(outcome.ok()) << outcome.error().text();
  EXPECT_EQ(outcome->end, ApplyEnd::kApplied);
  EXPECT_EQ(seen.calls, 1);
  ASSERT_FALSE(outcome->checkpoint.empty());
  EXPECT_THAT(started, ElementsAre(outcome->checkpoint));
  EXPECT_THAT(ex_.checkpoint_ids(), ElementsAre(outcome->checkpoint));
  EXPECT_TRUE(outcome->report.succeeded());
  EXPECT_EQ(outcome->report.applied.size(), seen.addresses.size());
  // One "ACTION ADDRESS: done" line per step, in order, through the reporter.
  ASSERT_EQ(reporter.progress_lines.size(), seen.addresses.size());
  for (std::size_t i = 0; i < seen.addresses.size(); ++i) {
    EXPECT_THAT(reporter.progress_lines[i], HasSubstr(" " + seen.addresses[i] + ": done"));
  }
  EXPECT_THAT(reporter.progress_lines, ::testing::Contains("REPLACE file[\"/etc/motd\"]: done"));
  EXPECT_THAT(reporter.errors, IsEmpty());
  EXPECT_EQ(read_text(ex_.root / "etc/motd"),
            "Welcome to example.org.\nProblems? Write to ops@example.org.\n");
  EXPECT_EQ(read_text(ex_.root / "srv/www/example.org/index.html"), "<h1>example.org</h1>\n");
  EXPECT_FALSE(fs::exists(ex_.root / "etc/cron.d/legacy-backup"));

  // The machine now matches: the review still sees the (empty) plan, and
  // nothing runs, whatever it answers.
  auto after = tree_fingerprint(ex_.root);
  RecordingReporter again_reporter;
  auto again_ws = open_workspace(again_reporter);
  ASSERT_TRUE(again_ws);
  Reviewed again_seen;
  auto again = apply(*again_ws, reviewed_by(again_seen, false), again_reporter);
  ASSERT_TRUE(again.ok()) << again.error().text();
  EXPECT_EQ(again->end, ApplyEnd::kNothingToDo);
  EXPECT_EQ(again_seen.calls, 1);
  EXPECT_THAT(again_seen.addresses, IsEmpty());
  EXPECT_TRUE(again->checkpoint.empty());
  EXPECT_THAT(again_reporter.progress_lines, IsEmpty());
  EXPECT_EQ(tree_fingerprint(ex_.root), after);
  EXPECT_EQ(ex_.checkpoint_ids().size(), 1u);  // no new checkpoint
}

TEST_F(ApplyTransactionTest, AnInterruptedApplyIsRefusedWithTheWaysOut) {
  // As tests/cli/recovery_cli_test.cc does: the binary kills itself right
  // after journaling step 2 (the test-only twin_kill_after_step program).
  auto killed = ex_.run_killed_after(2, {"apply", "--yes"});
  ASSERT_EQ(killed.signal, SIGKILL) << killed.out << killed.err;
  auto ids = ex_.checkpoint_ids();
  ASSERT_EQ(ids.size(), 1u);
  const std::string id = ids.front();
  auto half = tree_fingerprint(ex_.root);

  RecordingReporter reporter;
  auto ws = open_workspace(reporter);
  ASSERT_TRUE(ws);
  auto refused = ApplyTransaction::begin(ws->target(), /*resume=*/false, reporter);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(was_reported(refused.error())) << refused.error().text();
  ASSERT_EQ(reporter.errors.size(), 1u);
  const auto& said = reporter.errors.front();
  EXPECT_EQ(said.error.code, "E1605");
  EXPECT_THAT(said.error.message,
              StartsWith("an earlier apply was interrupted: checkpoint " + id + " (started "));
  EXPECT_THAT(said.error.message, HasSubstr("2 of "));
  ASSERT_EQ(said.help.size(), 2u);
  EXPECT_THAT(said.help[0], HasSubstr("twin rollback " + id));
  EXPECT_THAT(said.help[1], HasSubstr("twin apply --resume"));
  // The recorded root is a sandbox, not "/": the suggestions repeat it.
  EXPECT_THAT(said.help[0], HasSubstr("--root " + fs::canonical(ex_.root).string()));

  // The whole transaction refuses the same way before it plans or asks.
  RecordingReporter apply_reporter;
  Reviewed seen;
  auto applied = apply(*ws, reviewed_by(seen, true), apply_reporter);
  ASSERT_FALSE(applied.ok());
  EXPECT_TRUE(was_reported(applied.error()));
  ASSERT_EQ(apply_reporter.errors.size(), 1u);
  EXPECT_EQ(apply_reporter.errors.front().error.code, "E1605");
  EXPECT_EQ(seen.calls, 0);
  EXPECT_THAT(apply_reporter.progress_lines, IsEmpty());
  EXPECT_EQ(tree_fingerprint(ex_.root), half);
  EXPECT_THAT(ex_.checkpoint_ids(), ElementsAre(id));

  // With resume, that checkpoint is the one to continue, and nothing is said.
  RecordingReporter resume_reporter;
  auto resuming = ApplyTransaction::begin(ws->target(), /*resume=*/true, resume_reporter);
  ASSERT_TRUE(resuming.ok()) << resuming.error().text();
  ASSERT_TRUE(resuming->resuming().has_value());
  EXPECT_EQ(resuming->resuming()->id, id);
  EXPECT_THAT(resume_reporter.errors, IsEmpty());
}

}  // namespace
}  // namespace twin::ops
