// `twin agent install` and `twin agent uninstall` into a sandbox root: both
// units written, the timer enabled by the real `systemctl --root`, the units
// accepted by `systemd-analyze verify`, re-install rewrites, uninstall
// removes, bad input changes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "resources/process_runner.h"
#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

const std::vector<std::pair<std::string, std::string>> kToolEnv = {
    {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"},
    {"LC_ALL", "C"},
    {"SYSTEMD_PAGER", ""},
    {"SYSTEMD_COLORS", "0"}};

TwinRun run_tool(const std::string& program, std::vector<std::string> args) {
  engine::Command c{program, std::move(args), kToolEnv};
  resources::ProcessRunner runner;
  auto result = runner.run(c);
  if (!result) return {-1, "", result.error().text()};
  return {result->exit_code, result->out, result->err};
}

struct AgentInstallCli : ::testing::Test {
  TempDir tmp;
  fs::path root = tmp / "root";
  fs::path twin = tmp / "my twin";  // a space, so ExecStart= must quote it
  fs::path units = root / "etc/systemd/system";

  void SetUp() override {
    fs::create_directories(root / "etc");
    write_text(twin / "state/site.twin", "# site\n");
  }
  TwinRun agent(std::vector<std::string> args) {
    args.insert(args.begin(), "agent");
    return run_twin(args);
  }
  TwinRun install(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"install", "--twin", twin.string(), "--root", root.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return agent(args);
  }
  std::string is_enabled() {
    return run_tool("/bin/systemctl", {"--root=" + root.string(), "is-enabled", "twin-agent.timer"})
        .out;
  }
};

// A twin that records its sandbox installs its agent there without --root,
// never on this machine's /.
TEST_F(AgentInstallCli, WithoutRootTheTwinsRecordedRootIsUsed) {
  write_text(twin / ".twin/root", root.string() + "\n");
  auto run = agent({"install", "--twin", twin.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(fs::exists(units / "twin-agent.timer"));
  auto status = agent({"status", "--twin", twin.string()});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("under " + root.string()));
  // Another root is refused (a sandbox stands for it: a regression here
  // must not be able to touch this machine).
  fs::create_directories(tmp / "other/etc");
  auto elsewhere = agent({"install", "--twin", twin.string(), "--root", (tmp / "other").string()});
  EXPECT_EQ(elsewhere.exit_code, 1);
  EXPECT_THAT(elsewhere.err, HasSubstr("error[E1209]"));
  EXPECT_FALSE(fs::exists(tmp / "other/etc/systemd/system/twin-agent.timer"));
}

TEST_F(AgentInstallCli, WritesBothUnitsAndEnablesTheTimer) {
  auto run = install({"--interval", "1h", "--apply-policy", "safe"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("The agent runs every 1h with policy safe"));
  std::string service = read_text(units / "twin-agent.service");
  EXPECT_THAT(service,
              HasSubstr("\nExecStart=" + std::string(TWIN_BINARY) + " agent run --twin \"" +
                        twin.string() + "\" --apply-policy safe\n"));
  EXPECT_THAT(service, HasSubstr("\nType=oneshot\n"));
  std::string timer = read_text(units / "twin-agent.timer");
  EXPECT_THAT(timer, HasSubstr("\nOnUnitActiveSec=1h\n"));
  EXPECT_THAT(timer, HasSubstr("\nRandomizedDelaySec=360s\n"));
  EXPECT_THAT(timer, HasSubstr("\nWantedBy=timers.target\n"));
  EXPECT_EQ(fs::status(units / "twin-agent.timer").permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                fs::perms::others_read);
  EXPECT_EQ(is_enabled(), "enabled\n");
  EXPECT_EQ(fs::read_symlink(units / "timers.target.wants/twin-agent.timer"),
            "/etc/systemd/system/twin-agent.timer");

  auto status = agent({"status", "--twin", twin.string(), "--root", root.string()});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("Timer: twin-agent.timer under " + root.string() +
                                    " is enabled; every 1h, policy safe."));
}

TEST_F(AgentInstallCli, SystemdAnalyzeVerifiesTheUnits) {
  const char* analyze = "/usr/bin/systemd-analyze";
  if (!fs::exists(analyze)) GTEST_SKIP() << "systemd-analyze is not installed";
  if (run_tool(analyze, {"--version"}).exit_code != 0)
    GTEST_SKIP() << "systemd-analyze cannot run here";
  // ExecStart= names the real twin binary, so verify can check it exists.
  ASSERT_EQ(install({"--apply-policy", "all"}).exit_code, 0);
  auto verify = run_tool(analyze, {"verify", (units / "twin-agent.service").string(),
                                   (units / "twin-agent.timer").string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // verify only warns (exit 0) about settings it ignores: none may appear.
  EXPECT_EQ(verify.err, "");
  EXPECT_EQ(verify.out, "");
}

TEST_F(AgentInstallCli, ReinstallingRewritesTheUnits) {
  ASSERT_EQ(install({"--interval", "1h", "--apply-policy", "safe"}).exit_code, 0);
  auto again = install({"--interval", "15min", "--apply-policy", "report"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(read_text(units / "twin-agent.timer"), HasSubstr("\nOnUnitActiveSec=15min\n"));
  EXPECT_THAT(read_text(units / "twin-agent.service"), HasSubstr("--apply-policy report\n"));
  EXPECT_EQ(is_enabled(), "enabled\n");
}

TEST_F(AgentInstallCli, UninstallDisablesAndRemoves) {
  ASSERT_EQ(install().exit_code, 0);
  auto run = agent({"uninstall", "--root", root.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_FALSE(fs::exists(units / "twin-agent.service"));
  EXPECT_FALSE(fs::exists(units / "twin-agent.timer"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(units / "timers.target.wants/twin-agent.timer")));
  auto again = agent({"uninstall", "--root", root.string()});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_THAT(again.out, HasSubstr("not installed"));
}

TEST_F(AgentInstallCli, ATwinInsideTheRootIsNamedAsTheTargetSeesIt) {
  fs::path inside = root / "root/twinsync-device";
  write_text(inside / "state/site.twin", "# site\n");
  auto run = agent(
      {"install", "--twin", inside.string(), "--root", root.string(), "--binary", "/usr/bin/twin"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("/usr/bin/twin does not exist under " + root.string()));
  EXPECT_THAT(read_text(units / "twin-agent.service"),
              HasSubstr("\nExecStart=/usr/bin/twin agent run --twin /root/twinsync-device "
                        "--apply-policy report\n"));
}

TEST_F(AgentInstallCli, BadInputIsRefusedAndWritesNothing) {
  for (const char* interval : {"30s", "5", "1w", "abc", ""}) {
    auto run = install({"--interval", interval});
    EXPECT_EQ(run.exit_code, 1) << interval;
    EXPECT_THAT(run.err, HasSubstr("E1701")) << interval;
  }
  auto policy = install({"--apply-policy", "sometimes"});
  EXPECT_EQ(policy.exit_code, 1);
  EXPECT_THAT(policy.err, HasSubstr("--apply-policy"));
  auto binary = install({"--binary", "relative/twin"});
  EXPECT_EQ(binary.exit_code, 1);
  EXPECT_THAT(binary.err, HasSubstr("E1703"));
  EXPECT_FALSE(fs::exists(units));
  auto no_action = agent({});
  EXPECT_EQ(no_action.exit_code, 1);
}

}  // namespace
}  // namespace twin::testing
