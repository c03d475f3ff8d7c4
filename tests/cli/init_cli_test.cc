// `twin init` end to end: the layout, the first snapshot commit, the global
// config in a temp HOME, and the refusal to take over a directory.
#include <gtest/gtest.h>

#include "tests/cli/snapshot_cli_support.h"

namespace twin::testing {
namespace {

namespace fs = std::filesystem;

class InitCli : public ::testing::Test {
 protected:
  void SetUp() override { make_snapshot_sandbox(root_); }
  TwinRun twin(const std::vector<std::string>& args, const std::string& cwd = "/") {
    return run_twin_at_home(home_.path(), args, cwd, {{"SUDO_USER", "alice"}});
  }
  TempDir home_, work_;
  fs::path root_ = work_ / "root";
  fs::path dir_ = work_ / "twin";
};

TEST_F(InitCli, LaysOutTheTwinTakesTheFirstSnapshotAndRemembersIt) {
  auto run = twin({"init", dir_.string(), "--root", root_.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  for (const char* path : {"config.yaml", ".gitignore", "README.md", "state/files.twin",
                           "state/services.twin", "live/system.yaml", "logs/current/index.yaml",
                           "filesystem/etc/motd", "filesystem/home/alice/.config/app/settings.ini"})
    EXPECT_TRUE(fs::exists(dir_ / path)) << path;
  EXPECT_TRUE(fs::is_directory(dir_ / "plan"));
  EXPECT_NE(read_text(dir_ / "README.md").find("state/*.twin"), std::string::npos);
  EXPECT_EQ(read_text(dir_ / ".gitignore").find("/.twin/") != std::string::npos, true);

  auto log = run_git_at_home(home_.path(), dir_, {"log", "--format=%s|%an <%ae>"});
  EXPECT_EQ(log.out.rfind("snapshot sandbox 20", 0), 0u) << log.out;
  EXPECT_NE(log.out.find("|twin <twin@sandbox>"), std::string::npos) << log.out;
  EXPECT_EQ(run_git_at_home(home_.path(), dir_, {"status", "--porcelain"}).out, "");
  EXPECT_NE(read_text(home_ / ".config/twinsync/config.yaml").find(dir_.string()), std::string::npos);

  // The remembered twin is found from anywhere.
  auto history = twin({"history"}, "/");
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find("snapshot sandbox"), std::string::npos) << history.out;
  // Under sudo the invoking user's ~/.config is mirrored with that user as owner.
  std::string files = read_text(dir_ / "state/files.twin");
  EXPECT_NE(files.find("mirror \"/home/alice/.config\" {\n  source = \"filesystem/home/alice/.config\"\n"
                       "  mode = \"0644\"\n  owner = \"alice\"\n  group = \"alice\"\n  purge = true\n}"),
            std::string::npos)
      << files;
}

// The twin holds copies of files only some groups may read: nobody but its
// owner may look inside, from `twin init` on, and a snapshot makes an older
// twin private too.
// HOME=/nonexistent (a service user): twin never makes a home; the twin
// is made and not remembered, with a warning saying how to name it.
TEST_F(InitCli, AHomeThatDoesNotExistIsNotMadeAndTheTwinIsNotRemembered) {
  fs::path missing = work_ / "no-home";
  auto run = run_twin_at_home(missing, {"init", dir_.string(), "--root", root_.string()}, "/",
                              {{"SUDO_USER", "alice"}});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("Created the twin " + dir_.string() + ".\n"), std::string::npos)
      << run.out;
  EXPECT_NE(run.err.find("warning: cannot remember the twin: the home directory " +
                         missing.string() + " does not exist; name the twin with --twin"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_TRUE(fs::exists(dir_ / "state/files.twin"));
}

TEST_F(InitCli, TheTwinIsPrivate) {
  ASSERT_EQ(twin({"init", dir_.string(), "--root", root_.string()}).exit_code, 0);
  EXPECT_EQ(fs::status(dir_).permissions() & fs::perms::all, fs::perms::owner_all);
  fs::permissions(dir_, fs::perms(0755));
  auto snap = twin({"snapshot", "--twin", dir_.string(), "--root", root_.string()});
  EXPECT_EQ(snap.exit_code, 0) << snap.out << snap.err;
  EXPECT_NE((snap.out + snap.err).find("private (mode 0700)"), std::string::npos) << snap.out;
  EXPECT_EQ(fs::status(dir_).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST_F(InitCli, RefusesADirectoryThatIsNotEmptyAndNotATwin) {
  write_text(dir_ / "notes.txt", "mine\n");
  auto run = twin({"init", dir_.string(), "--root", root_.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("E1206"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir_ / ".git"));
  EXPECT_EQ(read_text(dir_ / "notes.txt"), "mine\n");
}

TEST_F(InitCli, AnExistingTwinIsRememberedNotRecreated) {
  ASSERT_EQ(twin({"init", dir_.string(), "--no-snapshot"}).exit_code, 0);
  EXPECT_EQ(run_git_at_home(home_.path(), dir_, {"log", "--format=%s"}).out, "twin init\n");
  auto again = twin({"init", dir_.string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already a twin"), std::string::npos);
  EXPECT_EQ(run_git_at_home(home_.path(), dir_, {"rev-list", "--count", "HEAD"}).out, "1\n");
}

TEST_F(InitCli, AHandMadeTwinIsCompletedAndItsFilesAreProtected) {
  write_text(dir_ / "state/site.twin", "package \"htop\" {\n}\n");
  write_text(dir_ / "filesystem/etc/motd", "from the person\n");
  write_text(dir_ / "config.yaml", "device: mine\n");
  auto run = twin({"init", dir_.string(), "--root", root_.string()});
  EXPECT_EQ(run.exit_code, 1);  // the first snapshot would overwrite filesystem/etc/motd
  EXPECT_NE(run.err.find("added  filesystem/etc/motd"), std::string::npos) << run.err;
  EXPECT_EQ(read_text(dir_ / "filesystem/etc/motd"), "from the person\n");
  EXPECT_EQ(read_text(dir_ / "config.yaml"), "device: mine\n");  // kept
  EXPECT_TRUE(fs::exists(dir_ / ".git"));
  EXPECT_TRUE(fs::exists(dir_ / "README.md"));
  auto forced = twin({"snapshot", "--force", "--twin", dir_.string(), "--root", root_.string()});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(run_git_at_home(home_.path(), dir_, {"log", "--format=%s"}).out.substr(0, 14),
            "snapshot mine ");
  EXPECT_EQ(read_text(dir_ / "state/packages.twin").find("htop"), std::string::npos);
}

TEST_F(InitCli, DefaultDirectoryIsUnderHome) {
  auto run = twin({"init", "--no-snapshot"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::exists(home_ / "twinsync-device/config.yaml"));
}

}  // namespace
}  // namespace twin::testing
