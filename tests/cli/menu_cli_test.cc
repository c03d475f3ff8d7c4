// `twin menu` on a real terminal: tmux runs it in a detached session on a
// private socket; the test presses keys and reads the screen.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/fake_github.h"
#include "tests/support/git_sandbox.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using twin::testing::GitSandbox;
using twin::testing::read_text;
using twin::testing::run_program;
using twin::testing::write_text;
namespace fs = std::filesystem;

/// A tmux session running `command` (through tmux's shell), 100x30.
class TmuxSession {
 public:
  TmuxSession(const GitSandbox& sb, const std::string& command)
      : sb_(sb), socket_((sb / "tmux.sock").string()) {
    tmux({"new-session", "-d", "-s", "S", "-x", "100", "-y", "30", command});
  }
  ~TmuxSession() { tmux({"kill-server"}); }

  void keys(const std::vector<std::string>& keys) {
    std::vector<std::string> args = {"send-keys", "-t", "S"};
    args.insert(args.end(), keys.begin(), keys.end());
    tmux(args);
  }
  std::string screen() { return tmux({"capture-pane", "-p", "-t", "S"}); }

  /// Moves down a menu until `label` is highlighted (whiptail paints the
  /// selected item white on red), then presses Enter. Items come and go with
  /// the commands a build has, so tests choose by label, not by position.
  void choose(const std::string& label) {
    wait_for(label);
    for (int i = 0; i < 12; ++i) {
      std::string painted = tmux({"capture-pane", "-e", "-p", "-t", "S"});
      if (painted.find("\x1b[41m" + label) != std::string::npos) return keys({"Enter"});
      keys({"Down"});
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
    ADD_FAILURE() << "could not select \"" << label << "\"";
  }

  /// Waits (up to 10 s) until the screen shows `text`; returns the screen.
  std::string wait_for(const std::string& text) {
    std::string now;
    for (int i = 0; i < 200; ++i) {
      now = screen();
      if (now.find(text) != std::string::npos) return now;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the screen never showed \"" << text << "\"; it shows:\n" << now;
    return now;
  }

  /// Waits (up to 10 s) until `text` is off the screen (a box closed).
  void wait_gone(const std::string& text) {
    std::string now;
    for (int i = 0; i < 200; ++i) {
      now = screen();
      if (now.find(text) == std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the screen still shows \"" << text << "\":\n" << now;
  }

 private:
  std::string tmux(std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/tmux", "-S", socket_});
    return run_program(args, sb_.tmp().path().string(), sb_.env()).output;
  }
  const GitSandbox& sb_;
  std::string socket_;
};

struct Menu : ::testing::Test {
  GitSandbox sb;
  fs::path twin = sb / "twin";
  fs::path root = sb / "root";
  void SetUp() override {
    if (!fs::exists("/usr/bin/tmux")) GTEST_SKIP() << "tmux is not installed";
    fs::path example = fs::path(TWIN_SOURCE_DIR) / "examples/webhost";
    fs::copy(example, twin, fs::copy_options::recursive);
    fs::remove_all(twin / "sandbox");
    fs::copy(example / "sandbox", root, fs::copy_options::recursive);
    // The twin records its sandbox: a menu path that lost --root and fell
    // back to "/" is refused (E1209) instead of changing this machine.
    write_text(twin / ".twin/root", root.string() + "\n");
  }
  /// The shell line tmux runs: twin with a sandbox HOME, then a marker with
  /// its exit code, then a pause so the screen can still be read.
  std::string command(const std::string& args, const std::string& env = "",
                      const fs::path& cwd = {}) {
    return "cd " + (cwd.empty() ? twin : cwd).string() + " && env HOME=" + sb.home().string() +
           " GIT_CONFIG_NOSYSTEM=1 " + env + " " TWIN_BINARY " " + args +
           "; echo TWIN-EXITED $?; sleep 60";
  }
};

TEST_F(Menu, WithoutATerminalItSaysSoAndPointsToTheCommands) {
  auto r = run_program({TWIN_BINARY, "menu"}, twin.string(), sb.env());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("needs a terminal"));
  EXPECT_THAT(r.output, HasSubstr("twin plan"));
  // And `twin` alone, without a terminal, still prints help.
  auto help = run_program({TWIN_BINARY}, twin.string(), sb.env());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.output, HasSubstr("Commands:"));
}

TEST_F(Menu, WithoutWhiptailItSaysSo) {
  TmuxSession tmux(sb, command("menu", "TWIN_WHIPTAIL=/nonexistent/whiptail"));
  auto screen = tmux.wait_for("TWIN-EXITED 1");
  EXPECT_THAT(screen, HasSubstr("whiptail is not installed"));
  EXPECT_THAT(screen, HasSubstr("twin plan"));
}

TEST_F(Menu, TwinAloneOnATerminalOpensTheMenuAndEscLeavesIt) {
  TmuxSession tmux(sb, command(""));
  auto screen = tmux.wait_for("Plan & apply");
  for (const char* section : {"Setup", "Snapshot & sync", "Time machine", "Logs"})
    EXPECT_THAT(screen, HasSubstr(section));
  tmux.keys({"Escape"});
  tmux.wait_for("TWIN-EXITED 0");
}

TEST_F(Menu, TheHeaderNamesTheTwinAndTheRootGiven) {
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  auto screen = tmux.wait_for("Machine: ");
  EXPECT_THAT(screen, HasSubstr("Twin: " + twin.string()));
  EXPECT_THAT(screen, HasSubstr("Machine: " + root.string()));
}

TEST_F(Menu, ThePlanShowsInABoxAndBackReturnsToTheSubmenu) {
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Plan & apply");
  tmux.choose("Show the plan");
  auto screen = tmux.wait_for("REPLACE file[\"/etc/motd\"]");
  EXPECT_THAT(screen, HasSubstr("5 steps in order"));
  tmux.keys({"Escape"});
  tmux.wait_for("Apply the plan (asks first)");
  tmux.keys({"Escape"});
  tmux.wait_for("Snapshot & sync");
  tmux.keys({"Escape"});
  tmux.wait_for("TWIN-EXITED 0");
  EXPECT_EQ(read_text(root / "etc/motd"), read_text(fs::path(TWIN_SOURCE_DIR) / "examples/webhost/sandbox/etc/motd"));
}

/// The rows of the screen that a box's side border crosses.
int box_rows(const std::string& screen) {
  int rows = 0;
  std::size_t start = 0;
  while (start < screen.size()) {
    std::size_t end = screen.find('\n', start);
    if (end == std::string::npos) end = screen.size();
    if (screen.substr(start, end - start).find("│") != std::string::npos) ++rows;
    start = end + 1;
  }
  return rows;
}

TEST_F(Menu, AOneLineResultGetsASmallBoxThatEnterCloses) {
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Time machine");
  tmux.choose("Past applies (checkpoints)");
  auto shown = tmux.wait_for("No checkpoints: nothing has been applied");
  EXPECT_LT(box_rows(shown), 8) << shown;  // sized to its line, not the 30-row screen
  tmux.keys({"Enter"});
  tmux.wait_gone("No checkpoints");
  tmux.wait_for("Undo the latest apply");
}

TEST_F(Menu, ATextTallerThanTheScreenScrollsAndEscClosesIt) {
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Plan & apply");
  tmux.choose("Show the plan");
  auto top = tmux.wait_for("Twin: " + twin.string());
  tmux.keys({"PageDown", "PageDown", "PageDown"});
  std::string scrolled;
  for (int i = 0; i < 40; ++i) {
    scrolled = tmux.screen();
    if (scrolled.find("Twin: " + twin.string()) == std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_THAT(scrolled, ::testing::Not(HasSubstr("Twin: " + twin.string()))) << top;
  tmux.keys({"Escape"});
  tmux.wait_for("Apply the plan (asks first)");
}

TEST_F(Menu, ApplyAsksWithTheSummaryAndNoChangesNothing) {
  std::string before = read_text(root / "etc/motd");
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Plan & apply");
  tmux.choose("Apply the plan (asks first)");
  auto question = tmux.wait_for("Apply these changes to " + root.string());
  EXPECT_THAT(question, HasSubstr("Plan: 5 steps"));
  EXPECT_THAT(question, HasSubstr("<Apply>"));
  EXPECT_THAT(question, HasSubstr("<Cancel>"));
  tmux.keys({"Enter"});  // the default answer is Cancel
  tmux.wait_for("Show the plan");
  EXPECT_EQ(read_text(root / "etc/motd"), before);
}

TEST_F(Menu, ApplyAfterYesAppliesThePlan) {
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Plan & apply");
  tmux.choose("Apply the plan (asks first)");
  tmux.wait_for("Apply these changes");
  tmux.keys({"Tab", "Enter"});  // from Cancel to Apply
  tmux.wait_for("Applied 5 step(s).");
  EXPECT_EQ(read_text(root / "etc/motd"),
            "Welcome to example.org.\nProblems? Write to ops@example.org.\n");
}

TEST_F(Menu, RollbackNamesTheApplyAndWhatItUndoesAndKeepIsTheDefault) {
  std::string before = read_text(root / "etc/motd");
  auto applied = run_program({TWIN_BINARY, "apply", "--yes", "--root", root.string()},
                             twin.string(), sb.env());
  ASSERT_EQ(applied.exit_code, 0) << applied.output;
  std::string after = read_text(root / "etc/motd");
  ASSERT_NE(after, before);
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Time machine");
  tmux.choose("Undo the latest apply");
  auto question = tmux.wait_for("Undo it on " + root.string());
  EXPECT_THAT(question, HasSubstr("started "));
  // The box wraps the line at words: check its parts.
  EXPECT_THAT(question, HasSubstr(" UTC,"));
  EXPECT_THAT(question, HasSubstr("step(s) done on " + root.string()));
  EXPECT_THAT(question, HasSubstr("file[\"/etc/motd\"]"));
  EXPECT_THAT(question, HasSubstr("<Roll back>"));
  EXPECT_THAT(question, HasSubstr("<Keep>"));
  tmux.keys({"Enter"});  // Keep
  tmux.wait_gone("Undo it on");
  EXPECT_EQ(read_text(root / "etc/motd"), after);
  tmux.choose("Undo the latest apply");
  tmux.wait_for("Undo it on " + root.string());
  tmux.keys({"Tab", "Enter"});  // Roll back
  tmux.wait_for("Rolled back");
  EXPECT_EQ(read_text(root / "etc/motd"), before);
}

TEST_F(Menu, SnapshotAsksFirstAndCancelIsTheDefault) {
  sb.git({"init", "-q", "-b", "main"}, twin);
  sb.commit_all(twin, "first snapshot");
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Snapshot & sync");
  tmux.choose("Snapshot this machine, commit and push");
  auto question = tmux.wait_for("Record " + root.string() + " in the twin " + twin.string());
  EXPECT_THAT(question, HasSubstr("<Snapshot>"));
  tmux.keys({"Enter"});  // Cancel
  tmux.wait_gone("Record " + root.string());
  EXPECT_EQ(sb.git({"rev-list", "--count", "HEAD"}, twin), "1\n");
}

TEST_F(Menu, FromADirectoryThatIsNoTwinItUsesTheRememberedTwin) {
  write_text(sb.home() / ".config/twinsync/config.yaml", "twin_dir: " + twin.string() + "\n");
  fs::create_directories(sb / "elsewhere");
  TmuxSession tmux(sb, command("menu --root " + root.string(), "", sb / "elsewhere"));
  auto header = tmux.wait_for("Machine: ");
  EXPECT_THAT(header, HasSubstr("Twin: " + twin.string() + " (remembered)"));
  tmux.choose("Plan & apply");
  tmux.choose("Show the plan");
  tmux.wait_for("REPLACE file[\"/etc/motd\"]");
}

TEST_F(Menu, WithNoTwinAnywhereItSaysSoAndItemsAnswerAsTheCommandsDo) {
  fs::create_directories(sb / "elsewhere");
  TmuxSession tmux(sb, command("menu --root " + root.string(), "", sb / "elsewhere"));
  auto header = tmux.wait_for("Machine: ");
  EXPECT_THAT(header, HasSubstr("No twin: no twin here and none remembered"));
  EXPECT_THAT(header, HasSubstr("(E1201)"));
  EXPECT_THAT(header, ::testing::Not(HasSubstr("twin: error")));
  EXPECT_THAT(header, ::testing::Not(HasSubstr("Twin: " + (sb / "elsewhere").string())));
  tmux.choose("Plan & apply");
  tmux.choose("Show the plan");
  auto shown = tmux.wait_for("no twin here and none remembered");
  EXPECT_THAT(shown, ::testing::Not(HasSubstr("REPLACE")));
}

TEST_F(Menu, SetupShowsTheConfigurationWithTheRemote) {
  sb.git({"init", "-q", "-b", "main"}, twin);
  sb.git({"remote", "add", "origin", "https://github.com/octo/web1.git"}, twin);
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Setup");
  auto setup = tmux.wait_for("Show the configuration");
  EXPECT_THAT(setup, HasSubstr("Link or create the private GitHub repository"));
  tmux.choose("Show the configuration (twin, machine, remote)");
  auto shown = tmux.wait_for("https://github.com/octo/web1.git");
  EXPECT_THAT(shown, HasSubstr(twin.string()));
}

TEST_F(Menu, GithubSetupAsksForTheTokenInAPasswordBox) {
  constexpr const char* kToken = "ghp_MenuTestToken0123456789";
  twin::testing::FakeGithub github(sb, kToken);
  sb.git({"init", "-q", "-b", "main"}, twin);
  sb.commit_all(twin, "first snapshot");
  TmuxSession tmux(sb, command("menu --root " + root.string(),
                               "GITHUB_API_URL=" + github.api_url()));
  tmux.choose("Setup");
  tmux.choose("Link or create the private GitHub repository");
  tmux.wait_for("GitHub token (input hidden)");
  tmux.keys({"-l", kToken});
  auto typed = tmux.screen();
  EXPECT_THAT(typed, ::testing::Not(HasSubstr(kToken)));
  tmux.keys({"Enter"});
  auto done = tmux.wait_for("Pushed main");
  EXPECT_THAT(done, HasSubstr("The token belongs to octo."));
  EXPECT_THAT(done, ::testing::Not(HasSubstr(kToken)));
  // The default name is twin-HOSTNAME: the remote points at what was created.
  std::string url = sb.git({"remote", "get-url", "origin"}, twin);
  EXPECT_THAT(url, HasSubstr("/git/octo/twin-"));
  std::string full_name = url.substr(url.find("/git/") + 5);
  full_name = full_name.substr(0, full_name.find(".git"));
  EXPECT_EQ(sb.rev(github.repo_dir(full_name), "main"), sb.rev(twin, "HEAD"));
}

TEST_F(Menu, TimeMachinePicksASnapshotResetsAfterYesAndUndoes) {
  sb.git({"init", "-q", "-b", "main"}, twin);
  sb.commit_all(twin, "the old motd");
  std::string old_site = read_text(twin / "state/site.twin");
  twin::testing::write_text(twin / "state/site.twin", old_site + "\n# edited later\n");
  sb.commit_all(twin, "an edit");
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Time machine");
  tmux.choose("Pick a snapshot and reset the twin to it");
  tmux.choose(sb.rev(twin, "HEAD~1").substr(0, 7));
  tmux.wait_for("Bring the twin's files back to");
  tmux.keys({"Tab", "Enter"});  // from Cancel to Reset
  tmux.wait_for("Reset");
  for (int i = 0; i < 100 && read_text(twin / "state/site.twin") != old_site; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(read_text(twin / "state/site.twin"), old_site);
  EXPECT_EQ(sb.git({"rev-list", "--count", "HEAD"}, twin), "3\n");  // a new commit, not a rewrite
}

TEST_F(Menu, FilesystemRootsUncheckedAreRemovedAndATypedPathIsAdded) {
  sb.git({"init", "-q", "-b", "main"}, twin);
  sb.commit_all(twin, "first snapshot");
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Setup");
  tmux.choose("Filesystem roots to mirror");
  auto list = tmux.wait_for("Add another path...");
  EXPECT_THAT(list, HasSubstr("~/.config"));
  // The first item (/etc) loses its mark; the last one asks for a path.
  tmux.keys({"Space", "Down", "Down", "Space", "Enter"});
  tmux.wait_for("An absolute path");
  tmux.keys({"-l", "/srv/app"});
  tmux.keys({"Enter"});
  auto report = tmux.wait_for("$ twin config-fs add /srv/app");
  EXPECT_THAT(report, HasSubstr("$ twin config-fs remove /etc"));
  EXPECT_EQ(sb.git({"log", "-2", "--format=%s"}, twin),
            "config: add file root /srv/app\nconfig: remove file root /etc\n");
  EXPECT_THAT(read_text(twin / "config.yaml"), HasSubstr("roots: [\"~/.config\", \"/srv/app\"]"));
}

TEST_F(Menu, CheckDependenciesShowsEachCommandAndConfigShowsTheSettings) {
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Setup");
  tmux.choose("Check and install dependencies");
  auto deps = tmux.wait_for("Commands twin runs");
  EXPECT_THAT(deps, HasSubstr("dpkg-query"));
  EXPECT_THAT(deps, HasSubstr("systemctl"));
  tmux.keys({"Escape"});
  // A missing command would ask about installing first: answer No.
  if (tmux.screen().find("Install the missing packages") != std::string::npos) tmux.keys({"Enter"});
  tmux.choose("Show the configuration (twin, machine, remote)");
  auto shown = tmux.wait_for("config.yaml (twin config show)");
  EXPECT_THAT(shown, HasSubstr("device:"));
}

TEST_F(Menu, FleetShowsTheAgentAndInstallsItWithTheChosenPolicy) {
  sb.git({"init", "-q", "-b", "main"}, twin);
  sb.commit_all(twin, "first snapshot");
  TmuxSession tmux(sb, command("menu --root " + root.string()));
  tmux.choose("Fleet: agent and modules");
  tmux.choose("Agent: timer and recorded runs");
  auto status = tmux.wait_for("No agent run is recorded");
  EXPECT_THAT(status, HasSubstr("Timer: not installed"));
  tmux.keys({"Escape"});
  tmux.choose("Agent: install the timer");
  tmux.choose("safe: apply only");
  tmux.wait_for("twin-agent.timer");
  auto timer = root / "etc/systemd/system/twin-agent.timer";
  EXPECT_TRUE(fs::exists(timer));
  EXPECT_THAT(read_text(root / "etc/systemd/system/twin-agent.service"),
              HasSubstr("--apply-policy safe"));
  tmux.keys({"Escape"});
  tmux.choose("Modules: list with their pinned commits");
  tmux.wait_for("No modules.");
}

}  // namespace
}  // namespace twin::cli
