// `twin config`, `twin config-fs` and `twin check-deps` end to end: the real
// binary on a twin made by `twin init` in a temp dir (private HOME). Values
// are checked, refused ones leave config.yaml byte for byte, accepted ones
// are committed alone. check-deps runs against the real PATH, and against a
// temp PATH of small stand-ins that exercise its own present/missing and
// version logic; --install is tested only where it refuses.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

#include "tests/cli/snapshot_cli_support.h"

namespace twin::testing {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ConfigCli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto init = twin({"init", dir_.string(), "--no-snapshot", "--device", "web1"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  }
  TwinRun twin(std::vector<std::string> args) {
    return run_twin_at_home(home_.path(), args, "/", {{"SUDO_USER", "alice"}});
  }
  /// `twin ARGS --twin DIR`.
  TwinRun in_twin(std::vector<std::string> args) {
    args.insert(args.end(), {"--twin", dir_.string()});
    return twin(args);
  }
  std::string git(const std::vector<std::string>& args) {
    return run_git_at_home(home_.path(), dir_, args).out;
  }
  std::string head() { return git({"rev-parse", "HEAD"}); }
  std::string config_yaml() { return read_text(dir_ / "config.yaml"); }

  TempDir home_, work_;
  fs::path dir_ = work_ / "twin";
};

TEST_F(ConfigCli, ShowPrintsEveryKeyWithTheDefaults) {
  for (auto args : {std::vector<std::string>{"config"}, {"config", "show"}}) {
    auto show = in_twin(args);
    ASSERT_EQ(show.exit_code, 0) << show.err;
    EXPECT_TRUE(contains(show.out, "device: \"web1\"")) << show.out;
    EXPECT_TRUE(contains(show.out, "  roots: [\"/etc\", \"~/.config\"]\n")) << show.out;
    EXPECT_TRUE(contains(show.out, "  max_size: 1048576\n")) << show.out;
    EXPECT_TRUE(contains(show.out, "checkpoints:\n  keep: 20\n  max_mb: 500\n")) << show.out;
  }
}

TEST_F(ConfigCli, GetPrintsOneValueAndListsOnePerLine) {
  auto size = in_twin({"config", "get", "files.max_size"});
  EXPECT_EQ(size.exit_code, 0) << size.err;
  EXPECT_EQ(size.out, "1048576\n");
  EXPECT_EQ(in_twin({"config", "get", "files.roots"}).out, "/etc\n~/.config\n");
  EXPECT_EQ(in_twin({"config", "get", "checkpoints.keep"}).out, "20\n");
  EXPECT_EQ(in_twin({"config", "get", "device"}).out, "web1\n");
}

TEST_F(ConfigCli, SetWritesTheValueAndCommitsConfigYamlAlone) {
  write_text(dir_ / "state/site.twin", "# an edit not applied yet\n");
  auto set = in_twin({"config", "set", "files.max_size", "2048"});
  ASSERT_EQ(set.exit_code, 0) << set.out << set.err;
  EXPECT_TRUE(contains(set.out, "Committed ")) << set.out;
  EXPECT_EQ(in_twin({"config", "get", "files.max_size"}).out, "2048\n");
  EXPECT_TRUE(contains(config_yaml(), "  max_size: 2048\n"));
  EXPECT_EQ(git({"log", "-1", "--format=%s|%an <%ae>"}),
            "config: set files.max_size = 2048|twin <twin@web1>\n");
  EXPECT_EQ(git({"show", "--name-only", "--format=", "HEAD"}), "config.yaml\n");
  EXPECT_EQ(git({"status", "--porcelain", "-uall"}), "?? state/site.twin\n");

  // The same value again changes and commits nothing.
  std::string before = head();
  auto again = in_twin({"config", "set", "files.max_size", "2048"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_TRUE(contains(again.out, "files.max_size is already 2048; nothing changed.")) << again.out;
  EXPECT_EQ(head(), before);
}

// A person's comments survive a change of a value written on one line.
TEST_F(ConfigCli, SetKeepsHandWrittenCommentsAroundAOneLineValue) {
  std::string text = config_yaml();
  text.insert(0, "# laptop of the support team, ask Ana before changing\n");
  text.replace(text.find("  max_size: 1048576\n"), 20, "  max_size: 1048576   # 1 MB\n");
  write_text(dir_ / "config.yaml", text);
  git({"commit", "-qam", "comments"});
  auto set = in_twin({"config", "set", "files.max_size", "2048"});
  ASSERT_EQ(set.exit_code, 0) << set.out << set.err;
  std::string expected = text;
  expected.replace(expected.find("1048576   # 1 MB"), 7, "2048");
  EXPECT_EQ(config_yaml(), expected);
  EXPECT_EQ(in_twin({"config", "get", "files.max_size"}).out, "2048\n");
}

TEST_F(ConfigCli, SetTakesListsCommaSeparatedAndCheckpoints) {
  auto set = in_twin({"config", "set", "files.exclude", "*.dpkg-old, /etc/ssl/certs"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(in_twin({"config", "get", "files.exclude"}).out, "*.dpkg-old\n/etc/ssl/certs\n");
  EXPECT_EQ(git({"log", "-1", "--format=%s"}),
            "config: set files.exclude = *.dpkg-old, /etc/ssl/certs\n");

  ASSERT_EQ(in_twin({"config", "set", "checkpoints.keep", "3"}).exit_code, 0);
  EXPECT_EQ(in_twin({"config", "get", "checkpoints.keep"}).out, "3\n");
  EXPECT_TRUE(contains(config_yaml(), "checkpoints:\n  keep: 3\n  max_mb: 500\n")) << config_yaml();
  // Retention reads it: `twin checkpoints` works on the rewritten file.
  EXPECT_EQ(in_twin({"checkpoints"}).exit_code, 0);

  ASSERT_EQ(in_twin({"config", "set", "files.exclude", ""}).exit_code, 0);
  EXPECT_EQ(in_twin({"config", "get", "files.exclude"}).out, "");
  EXPECT_EQ(git({"log", "-1", "--format=%s"}), "config: set files.exclude = (none)\n");
}

TEST_F(ConfigCli, AnUnknownKeyGetsAHintAndChangesNothing) {
  std::string before = config_yaml(), commit = head();
  auto typo = in_twin({"config", "set", "files.max_sise", "2048"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_TRUE(contains(typo.err,
                       "error[E1401]: unknown config key `files.max_sise`; did you mean "
                       "`files.max_size`?"))
      << typo.err;
  auto get = in_twin({"config", "get", "logs.lenes"});
  EXPECT_EQ(get.exit_code, 1);
  EXPECT_TRUE(contains(get.err, "did you mean `logs.lines`?")) << get.err;
  EXPECT_EQ(config_yaml(), before);
  EXPECT_EQ(head(), commit);
}

TEST_F(ConfigCli, ABadValueIsRefusedAndConfigYamlIsUntouched) {
  std::string before = config_yaml(), commit = head();
  struct Case {
    std::string key, value, message;
  };
  for (const auto& c : std::vector<Case>{
           {"files.max_size", "big",
            "`files.max_size` must be a whole number from 1 to 67108864 (big)"},
           {"logs.lines", "-3", "`logs.lines` must be a whole number from 1 to 100000"},
           {"files.roots", "etc",
            "files.roots: a root must be an absolute path or start with ~/: etc"},
           {"checkpoints.max_mb", "0", "checkpoints.max_mb must be at least 1"}}) {
    auto set = in_twin({"config", "set", c.key, c.value});
    EXPECT_EQ(set.exit_code, 1) << c.key;
    EXPECT_TRUE(contains(set.err, c.message)) << set.err;
    EXPECT_TRUE(contains(set.err, "config.yaml was not changed.")) << set.err;
  }
  EXPECT_EQ(config_yaml(), before);
  EXPECT_EQ(head(), commit);
}

TEST_F(ConfigCli, WrongArgumentsAndABrokenConfigAreErrors) {
  EXPECT_EQ(in_twin({"config", "set", "device"}).exit_code, 1);
  EXPECT_EQ(in_twin({"config", "get"}).exit_code, 1);
  EXPECT_EQ(in_twin({"config", "show", "device"}).exit_code, 1);
  EXPECT_EQ(in_twin({"config", "list"}).exit_code, 1);
  write_text(dir_ / "config.yaml", "files:\n  max_size: lots\n");
  auto broken = in_twin({"config", "set", "device", "web2"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_TRUE(contains(broken.err, "config.yaml:2:13: `files.max_size` must be")) << broken.err;
  EXPECT_EQ(config_yaml(), "files:\n  max_size: lots\n");
}

class ConfigFsCli : public ConfigCli {};

TEST_F(ConfigFsCli, AddAndRemoveCommitTheRoots) {
  auto add = in_twin({"config-fs", "add", "/srv/app/"});
  ASSERT_EQ(add.exit_code, 0) << add.out << add.err;
  EXPECT_EQ(in_twin({"config", "get", "files.roots"}).out, "/etc\n~/.config\n/srv/app\n");
  EXPECT_EQ(git({"log", "-1", "--format=%s"}), "config: add file root /srv/app\n");
  auto remove = in_twin({"config-fs", "remove", "/etc"});
  ASSERT_EQ(remove.exit_code, 0) << remove.err;
  EXPECT_EQ(in_twin({"config", "get", "files.roots"}).out, "~/.config\n/srv/app\n");
  EXPECT_EQ(git({"log", "-1", "--format=%s"}), "config: remove file root /etc\n");
  EXPECT_EQ(git({"status", "--porcelain"}), "");
}

TEST_F(ConfigFsCli, RefusalsSayWhyAndChangeNothing) {
  std::string before = config_yaml(), commit = head();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c :
       std::vector<Case>{{{"add", "etc/ssh"}, "E1411"},
                         {{"add", "/etc"}, "`/etc` is already a mirrored root"},
                         {{"add", "/etc/ssh"},
                          "`/etc/ssh` lies inside the root `/etc`, which already mirrors it"},
                         {{"add", "/usr/../etc"}, "without `//`, `.` or `..`"},
                         {{"remove", "/srv"}, "`/srv` is not a mirrored root"},
                         {{"remove", "/etx"}, "did you mean `/etc`?"},
                         {{"add"}, "needs a PATH"}}) {
    std::vector<std::string> args = {"config-fs"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto run = in_twin(args);
    EXPECT_EQ(run.exit_code, 1) << c.args[0];
    EXPECT_TRUE(contains(run.err, c.message)) << run.err;
  }
  EXPECT_EQ(config_yaml(), before);
  EXPECT_EQ(head(), commit);
}

class ConfigFsListCli : public ::testing::Test {
 protected:
  void SetUp() override {
    make_snapshot_sandbox(root_);
    auto init = twin({"init", dir_.string(), "--root", root_.string()});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  }
  TwinRun twin(std::vector<std::string> args) {
    return run_twin_at_home(home_.path(), args, "/", {{"SUDO_USER", "alice"}});
  }
  TempDir home_, work_;
  fs::path root_ = work_ / "root";
  fs::path dir_ = work_ / "twin";
};

TEST_F(ConfigFsListCli, ListShowsEachRootOnTheMachineAndWhatTheTwinMirrors) {
  auto add = twin({"config-fs", "add", "/srv", "--twin", dir_.string()});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  std::string files = run_git_at_home(home_.path(), dir_, {"ls-files", "filesystem/etc"}).out;
  std::size_t committed_etc = std::count(files.begin(), files.end(), '\n');
  ASSERT_GE(committed_etc, 2u);
  ASSERT_FALSE(contains(files, "shadow"));
  // No action means list, as `list` does.
  for (auto args : {std::vector<std::string>{"config-fs"}, {"config-fs", "list"}}) {
    args.insert(args.end(), {"--twin", dir_.string(), "--root", root_.string()});
    auto list = twin(args);
    ASSERT_EQ(list.exit_code, 0) << list.err;
    // As many as the snapshot committed under filesystem/etc (the shadow file is not there).
    EXPECT_TRUE(contains(list.out, "  /etc       present  " + std::to_string(committed_etc) +
                                       " files mirrored in filesystem/etc\n"))
        << list.out;
    EXPECT_TRUE(contains(list.out,
                         "  ~/.config  present  1 file mirrored in filesystem/home/alice/.config"
                         "  (/home/alice/.config)\n"))
        << list.out;
    EXPECT_TRUE(contains(list.out, "  /srv       missing  nothing mirrored in filesystem/srv\n"))
        << list.out;
  }
}

/// Runs twin with PATH set to `path` (check-deps looks commands up there).
TwinRun twin_with_path(const std::string& path, const std::vector<std::string>& args) {
  engine::Command c;
  c.program = TWIN_BINARY;
  c.args = args;
  c.env = {{"PATH", path}, {"NO_COLOR", "1"}, {"LC_ALL", "C"}, {"HOME", "/nonexistent"}};
  resources::ProcessRunner runner;
  auto result = runner.run(c);
  if (!result) return {-1, "", result.error().text()};
  return {result->exit_code, result->out, result->err};
}

/// A small executable script `dir/name` (a stand-in to test check-deps's
/// own logic, never in place of a tool a product feature runs).
void script(const fs::path& dir, const std::string& name, const std::string& body) {
  write_text(dir / name, "#!/bin/sh\n" + body);
  ::chmod((dir / name).c_str(), 0755);
}

TEST(CheckDepsCli, TheRealPathHasDpkgAndSystemctlWithVersions) {
  auto run = twin_with_path("/usr/sbin:/usr/bin:/sbin:/bin", {"check-deps"});
  EXPECT_TRUE(
      contains(run.out, "Commands twin runs, looked up on PATH (/usr/sbin:/usr/bin:/sbin:/bin):"))
      << run.out;
  EXPECT_TRUE(contains(
      run.out, "  ok       dpkg             Debian 'dpkg' package management program version"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "  ok       systemctl        systemd ")) << run.out;
  EXPECT_TRUE(contains(run.out, "/usr/sbin/dpkg: package resources") ||
              contains(run.out, "/usr/bin/dpkg: package resources"))
      << run.out;
  // The exit code says whether a required command is missing.
  EXPECT_EQ(run.exit_code, contains(run.out, "MISSING") ? 1 : 0) << run.out;
}

class CheckDepsFakePath : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"dpkg", "apt-get", "systemctl", "journalctl", "systemd-analyze"})
      script(bin_, tool,
             std::string("[ \"$1\" = --version ] && echo '") + tool +
                 " 9.9.9 (stand-in)'\n"
                 "[ \"$1\" = install ] && : > '" +
                 marker_.string() + "'\nexit 0\n");
    // crontab has no --version: check-deps asks dpkg-query for its package's.
    script(bin_, "crontab", "echo 'crontab: usage error' >&2\nexit 1\n");
    script(bin_, "dpkg-query",
           "case \"$1\" in --version) echo 'dpkg-query 9.9.9';; -W) echo '3.0pl1-fake';; esac\n");
  }
  TempDir tmp_;
  fs::path bin_ = tmp_ / "bin";
  fs::path marker_ = tmp_ / "apt-get-ran";
};

TEST_F(CheckDepsFakePath, AMissingCommandIsListedWithItsPackageAndExits1) {
  auto run = twin_with_path(bin_.string(), {"check-deps"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(
      contains(run.out, "  MISSING  whiptail         not found (Debian package whiptail)\n"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "  ok       dpkg             dpkg 9.9.9 (stand-in)\n")) << run.out;
  EXPECT_TRUE(contains(run.out, (bin_ / "dpkg").string() + ": package resources")) << run.out;
  EXPECT_TRUE(
      contains(run.out, "  ok       crontab          cron 3.0pl1-fake (version of its package)\n"))
      << run.out;
  EXPECT_TRUE(
      contains(run.out, "To install what is missing, run as root: apt-get install -y whiptail\n"))
      << run.out;
  EXPECT_FALSE(fs::exists(marker_));
}

TEST_F(CheckDepsFakePath, InstallWithoutYesOffATerminalPrintsTheCommandAndRunsNothing) {
  auto run = twin_with_path(bin_.string(), {"check-deps", "--install"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(contains(run.err,
                       "refusing to install without confirmation: not on a terminal. "
                       "Pass -y, or run: apt-get install -y whiptail"))
      << run.err;
  EXPECT_FALSE(fs::exists(marker_)) << "apt-get must not run";
}

TEST_F(CheckDepsFakePath, EverythingPresentExits0AndInstallHasNothingToDo) {
  script(bin_, "whiptail", "echo 'whiptail (newt): 0.52.23'\n");
  auto run = twin_with_path(bin_.string(), {"check-deps", "--install"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "Every required command is present.")) << run.out;
  EXPECT_TRUE(contains(run.out, "Nothing to install.")) << run.out;
  EXPECT_FALSE(fs::exists(marker_));
}

}  // namespace
}  // namespace twin::testing
