// End to end: the real `twin` binary planning and applying a twin against a
// sandbox root, as `make demo` does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/cli/example_twin.h"
#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::read_text;
using twin::testing::run_twin;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

using ExampleTwin = twin::testing::WebhostTwin;

TEST(Cli, VersionAndHelp) {
  auto v = run_twin({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_THAT(v.out, HasSubstr("twin 0."));
  auto h = run_twin({"help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_THAT(h.out, HasSubstr("plan"));
  EXPECT_THAT(h.out, HasSubstr("apply"));
  EXPECT_THAT(h.out, HasSubstr("reconcile"));
  auto hp = run_twin({"help", "apply"});
  EXPECT_EQ(hp.exit_code, 0);
  EXPECT_THAT(hp.out, HasSubstr("--yes"));
  // `twin COMMAND --help` is that command's help, not the overview.
  auto dash = run_twin({"apply", "--help"});
  EXPECT_EQ(dash.exit_code, 0);
  EXPECT_THAT(dash.out, HasSubstr("--yes"));
  EXPECT_THAT(dash.out, Not(HasSubstr("reconcile")));
  auto sub = run_twin({"agent", "install", "--help"});
  EXPECT_EQ(sub.exit_code, 0);
  EXPECT_THAT(sub.out, HasSubstr("--interval"));
}

TEST(Cli, UnknownFlagIsAnErrorWithExitOne) {
  auto r = run_twin({"plan", "--frobnicate"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--frobnicate"));
}

TEST(Cli, NotATwinIsAClearError) {
  TempDir tmp;
  auto r = run_twin({"plan", "--twin", tmp.path().string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("not a twin: no state/ directory"));
}

TEST(Cli, RelativeRootIsRefused) {
  ExampleTwin ex;
  auto r = run_twin({"plan", "--root", "relative/dir"}, ex.twin.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--root must be an absolute path"));
}

TEST(Cli, PlanApplyPlanOnTheExample) {
  ExampleTwin ex;
  std::string motd_before = read_text(ex.root / "etc/motd");

  auto plan = ex.run({"plan"});
  EXPECT_EQ(plan.exit_code, 2) << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("REPLACE file[\"/etc/motd\"]"));
  EXPECT_THAT(plan.out, HasSubstr("-Welcome!"));
  EXPECT_THAT(plan.out, HasSubstr("+Welcome to example.org."));
  EXPECT_THAT(plan.out, HasSubstr("+Problems? Write to ops@example.org."));
  EXPECT_THAT(plan.out, HasSubstr("CHMOD"));
  EXPECT_THAT(plan.out, HasSubstr("0600 → 0644"));
  EXPECT_THAT(plan.out, HasSubstr("DELETE  file[\"/etc/cron.d/legacy-backup\"]"));
  EXPECT_THAT(plan.out, HasSubstr("MKDIR"));
  EXPECT_THAT(plan.out, HasSubstr("/srv/www/example.org"));
  EXPECT_THAT(plan.out, HasSubstr("Plan: "));
  // Planning changed nothing.
  EXPECT_EQ(read_text(ex.root / "etc/motd"), motd_before);
  EXPECT_FALSE(fs::exists(ex.root / "etc/app"));

  auto refused = ex.run({"apply"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("refusing to apply without confirmation"));
  EXPECT_EQ(read_text(ex.root / "etc/motd"), motd_before);

  auto apply = ex.run({"apply", "--yes"});
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_THAT(apply.out, HasSubstr("Applied"));
  EXPECT_EQ(read_text(ex.root / "etc/motd"),
            "Welcome to example.org.\nProblems? Write to ops@example.org.\n");
  EXPECT_EQ(read_text(ex.root / "etc/app/app.conf"),
            read_text(ex.twin / "filesystem/etc/app/app.conf"));
  EXPECT_EQ(mode_of(ex.root / "etc/app/app.conf"), 0640u);
  EXPECT_EQ(mode_of(ex.root / "etc/issue"), 0644u);
  EXPECT_FALSE(fs::exists(ex.root / "etc/cron.d/legacy-backup"));
  EXPECT_EQ(read_text(ex.root / "srv/www/example.org/index.html"), "<h1>example.org</h1>\n");

  auto again = ex.run({"plan"});
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_THAT(again.out, HasSubstr("No changes"));
  auto dry = ex.run({"reconcile", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0);
}

TEST(Cli, ReconcileDryRunIsThePlan) {
  ExampleTwin ex;
  auto dry = ex.run({"reconcile", "--dry-run"});
  auto plan = ex.run({"plan"});
  EXPECT_EQ(dry.exit_code, 2);
  EXPECT_EQ(dry.out, plan.out);
}

TEST(Cli, ParseErrorIsReportedWithLocationAndExitOne) {
  ExampleTwin ex;
  write_text(ex.twin / "state/broken.twin", "file \"/etc/x\" {\n  mode \"0644\"\n}\n");
  auto r = ex.run({"plan"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("state/broken.twin:2:8: error"));
  EXPECT_THAT(r.err, HasSubstr("^"));
  EXPECT_THAT(r.out, Not(HasSubstr("Plan:")));
}

TEST(Cli, EscapingTitlesAreRefusedAndNothingOutsideIsTouched) {
  ExampleTwin ex;
  TempDir outside;
  write_text(outside / "victim", "keep me\n");
  fs::create_directory_symlink(outside.path(), ex.root / "etc/escape");
  write_text(ex.twin / "state/evil.twin",
             "file \"/etc/escape/victim\" {\n  content = \"owned\\n\"\n}\n");
  auto r = ex.run({"apply", "--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("leaves the target root"));
  EXPECT_EQ(read_text(outside / "victim"), "keep me\n");

  write_text(ex.twin / "state/evil.twin", "file \"/etc/../../victim\" {\n  content = \"x\"\n}\n");
  auto dots = ex.run({"plan"});
  EXPECT_EQ(dots.exit_code, 1);
  EXPECT_THAT(dots.err, HasSubstr("state/evil.twin:1:6: error"));

  write_text(ex.twin / "state/evil.twin", "file \"etc/relative\" {\n  content = \"x\"\n}\n");
  auto rel = ex.run({"plan"});
  EXPECT_EQ(rel.exit_code, 1);
  EXPECT_THAT(rel.err, HasSubstr("state/evil.twin:1:6: error"));
}

}  // namespace
}  // namespace twin::cli
