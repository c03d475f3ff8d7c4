// The one twin-location rule (cli/ops/workspace.h) end to end, command by
// command: from the twin's top directory, from a directory inside it, from
// an unrelated directory with the twin remembered under HOME, and with
// --twin, every command makes the same choice; only the remembered twin is
// announced, on stderr's first line. With nothing to go by, E1201; a twin
// recorded for a sandbox root is never planned against another (E1209).
//
// The twin is made by `twin init DIR --root SANDBOX` (which records the
// sandbox in .twin/root and remembers the twin in HOME/.config/twinsync/
// config.yaml), then edited so that plan, status, graph, lint and diff all
// have something to say. Every root is the sandbox; nothing touches "/".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/snapshot_cli_support.h"

namespace twin::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

/// stderr without its first line, and that line.
std::pair<std::string, std::string> split_first_line(const std::string& text) {
  auto nl = text.find('\n');
  if (nl == std::string::npos) return {text, ""};
  return {text.substr(0, nl), text.substr(nl + 1)};
}

class TwinChoiceFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    make_snapshot_sandbox(root_);
    fs::create_directories(elsewhere_);
    auto init = run_twin_at_home(home_.path(), {"init", twin_.string(), "--root", root_.string()},
                                 work_.path().string());
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    // The first line is the root; machine-id and hostname follow when known.
    ASSERT_EQ(read_text(twin_ / ".twin/root").rfind(root_.string() + "\n", 0), 0u);
    ASSERT_THAT(read_text(home_ / ".config/twinsync/config.yaml"),
                HasSubstr("twin_dir: " + twin_.string()));
    // Edits not applied yet: a changed mirrored file (plan, status, graph and
    // diff show it) and a risky declaration (lint warns about it).
    write_text(twin_ / "filesystem/etc/motd", "hello from the twin\n");
    write_text(twin_ / "state/ops.twin", "file \"/etc/sudoers.d/ops\" {\n  content = \"x\\n\"\n}\n");
  }

  /// `twin COMMAND ARGS...` in `cwd` with HOME=`home`.
  TwinRun twin_in(const fs::path& cwd, std::vector<std::string> args,
                  const fs::path& home) const {
    return run_twin_at_home(home, args, cwd.string());
  }
  TwinRun twin_in(const fs::path& cwd, std::vector<std::string> args) const {
    return twin_in(cwd, std::move(args), home_.path());
  }

  std::string announcement() const {
    return "Twin: " + twin_.string() + " (remembered), root: " + fs::canonical(root_).string();
  }

  TempDir home_, empty_home_, work_;
  fs::path root_ = work_ / "root";
  fs::path twin_ = work_ / "twin";
  fs::path elsewhere_ = work_ / "elsewhere";
};

/// Parameter: the command.
class TwinChoiceCli : public TwinChoiceFixture,
                      public ::testing::WithParamInterface<std::string> {
 protected:
  static std::vector<std::string> command() { return {GetParam()}; }
};

TEST_P(TwinChoiceCli, EveryWayOfNamingTheTwinMakesTheSameChoice) {
  // (a) the twin's top directory. Its run is the first, so it also writes
  // the caches of .twin/ (the plan's stat cache) that the later runs read:
  // stdout must not depend on them, and no run is repeated to hide that.
  TwinRun top = twin_in(twin_, command());
  ASSERT_NE(top.exit_code, 1) << top.out << top.err;
  EXPECT_FALSE(top.out.empty()) << top.err;
  EXPECT_THAT(top.err, Not(HasSubstr("(remembered)")));

  // (b) a directory inside the twin.
  TwinRun inside = twin_in(twin_ / "state", command());
  EXPECT_EQ(inside.exit_code, top.exit_code) << inside.err;
  EXPECT_EQ(inside.out, top.out);
  EXPECT_EQ(inside.err, top.err);

  // (c) an unrelated directory, the twin remembered: announced first.
  TwinRun remembered = twin_in(elsewhere_, command());
  EXPECT_EQ(remembered.exit_code, top.exit_code) << remembered.err;
  EXPECT_EQ(remembered.out, top.out);
  auto [first, rest] = split_first_line(remembered.err);
  EXPECT_EQ(first, announcement()) << remembered.err;
  EXPECT_EQ(rest, top.err);

  // (d) an unrelated directory with --twin: nothing announced.
  auto args = command();
  args.insert(args.begin() + 1, {"--twin", twin_.string()});
  TwinRun flagged = twin_in(elsewhere_, args);
  EXPECT_EQ(flagged.exit_code, top.exit_code) << flagged.err;
  EXPECT_EQ(flagged.out, top.out);
  EXPECT_EQ(flagged.err, top.err);
}

TEST_P(TwinChoiceCli, NothingNamesATwinAndNothingIsRemembered) {
  TwinRun none = twin_in(elsewhere_, command(), empty_home_.path());
  EXPECT_EQ(none.exit_code, 1) << none.out << none.err;
  EXPECT_THAT(none.err, HasSubstr("error[E1201]")) << none.err;
  EXPECT_THAT(none.err, Not(HasSubstr("(remembered)")));
}

INSTANTIATE_TEST_SUITE_P(Commands, TwinChoiceCli,
                         ::testing::Values("plan", "status", "lint", "history", "graph", "diff",
                                           "logs"),
                         [](const auto& info) { return info.param; });

using RecordedRootCli = TwinChoiceFixture;

TEST_F(RecordedRootCli, AnotherRootIsRefusedAndNoRootMeansTheRecordedSandbox) {
  TwinRun slash = twin_in(twin_, {"plan", "--root", "/"});
  EXPECT_EQ(slash.exit_code, 1) << slash.out << slash.err;
  EXPECT_THAT(slash.err, HasSubstr("error[E1209]: this twin describes " + root_.string()));
  EXPECT_EQ(slash.out, "");

  // Without --root the plan is the sandbox's, as with --root SANDBOX.
  TwinRun recorded = twin_in(twin_, {"plan"});
  TwinRun given = twin_in(twin_, {"plan", "--root", root_.string()});
  EXPECT_EQ(recorded.exit_code, 2) << recorded.out << recorded.err;
  EXPECT_EQ(recorded.out, given.out);
  EXPECT_EQ(given.exit_code, 2);
  EXPECT_THAT(recorded.out, HasSubstr("file[\"/etc/motd\"]"));
  EXPECT_THAT(recorded.out, HasSubstr("file[\"/etc/sudoers.d/ops\"]"));
  EXPECT_EQ(read_text(root_ / "etc/motd"), "hello\n");  // planning changed nothing
}

TEST_F(RecordedRootCli, OtherMachineLetsTheTwinPlanAnotherRoot) {
  fs::path spare = root_.parent_path() / "spare";
  fs::copy(root_, spare, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  TwinRun refused = twin_in(twin_, {"plan", "--root", spare.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("error[E1209]"));
  EXPECT_THAT(refused.err, HasSubstr("--other-machine"));
  TwinRun told = twin_in(twin_, {"plan", "--root", spare.string(), "--other-machine"});
  EXPECT_EQ(told.exit_code, 2) << told.err;
  EXPECT_THAT(told.out, HasSubstr("Twin: " + twin_.string() + ", root: " +
                                  fs::canonical(spare).string() + "\n"));
}

}  // namespace
}  // namespace twin::testing
