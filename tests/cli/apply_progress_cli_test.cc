// What a long apply shows as it goes (SPEC.md §5): in a pipe one flushed
// line per step and no terminal codes; on a terminal (a real pty) the
// running step on one rewritten line; with --quiet only the outcome.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include "tests/cli/example_twin.h"
#include "tests/cli/pty_run.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ApplyProgress, APipeGetsOneLinePerStepAndNoTerminalCodes) {
  WebhostTwin ex;
  auto run = ex.run({"apply", "--yes"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("REPLACE file[\"/etc/motd\"]: done\n"));
  EXPECT_EQ(run.out.find('\r'), std::string::npos);
  EXPECT_EQ(run.out.find("\033["), std::string::npos);
}

TEST(ApplyProgress, QuietPrintsOnlyTheOutcome) {
  WebhostTwin ex;
  auto run = ex.run({"apply", "--yes", "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, Not(HasSubstr(": done")));
  EXPECT_THAT(run.out, Not(HasSubstr("Applying (checkpoint")));
  EXPECT_THAT(run.out, Not(HasSubstr("Plan:")));
  EXPECT_THAT(run.out, HasSubstr("Applied"));
  EXPECT_EQ(ex.run({"plan"}).exit_code, 0);
}

TEST(ApplyProgress, ATerminalShowsTheRunningStepOnOneRewrittenLine) {
  WebhostTwin ex;
  std::string out = run_on_a_terminal(
      {"apply", "--yes", "--root", ex.root.string()}, ex.twin.string());
  // Each step as it starts, "[i/N] ACTION ADDRESS …", drawn over the last,
  // then cleared before the step's done line.
  EXPECT_THAT(out, HasSubstr("\r\033[K[1/"));
  EXPECT_THAT(out, HasSubstr(" …"));
  EXPECT_THAT(out, HasSubstr("\r\033[KREPLACE file[\"/etc/motd\"]: done"));
}

}  // namespace
}  // namespace twin::testing
