// `twin snapshot` end to end on a sandbox root with etc files, a real dpkg
// database (packages installed by the real apt-get), unit files enabled by
// the real systemctl, a crontab spool and logs: snapshot, then plan plans
// nothing; edits plan what they should; unapplied edits and secrets are
// refused.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>

#include "resources/apt_target.h"
#include "tests/cli/snapshot_cli_support.h"
#include "tests/support/tree_fingerprint.h"
#include "tests/resources/deb_repo.h"
#include "tests/resources/host_dpkg_guard.h"

namespace twin::testing {
namespace {

namespace fs = std::filesystem;

/// A repository (app depends on libfoo1; tool; corepkg is Priority:
/// required) and a root where apt-get installed app and corepkg.
struct PackagedRoot {
  TempDir dir;
  fs::path root = dir / "root";
  PackagedRoot() {
    fs::path repo = dir / "repo";
    fs::create_directories(repo);
    for (const resources::testing::DebSpec& spec :
         {resources::testing::DebSpec{"libfoo1", "1.0"}, {"app", "1.0", "libfoo1"},
          {"corepkg", "1.0", "", "required"}})
      resources::testing::build_deb(repo, dir / "src", spec);
    resources::testing::index_repo(repo);
    resources::testing::make_sandbox_root(root, repo);
    resources::testing::apt_update(root);
    resources::ProcessRunner runner;
    engine::Host host(root, runner);
    auto target = resources::AptTarget::open(host);
    EXPECT_TRUE(target.ok());
    auto out = target->run(target->execute({"install", {"app", "corepkg"}, false, false}));
    EXPECT_TRUE(out.ok()) << out.error().text();
  }
  static const PackagedRoot& get() {
    static PackagedRoot world;
    return world;
  }
};

class SnapshotCli : public ::testing::Test {
 protected:
  void SetUp() override {
    resources::testing::copy_root(PackagedRoot::get().root, root_);
    make_snapshot_sandbox(root_);  // the copy lost owners and groups
    auto init = twin({"init", twin_dir_.string(), "--root", root_.string()});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  }
  TwinRun twin(std::vector<std::string> args) {
    return run_twin_at_home(home_.path(), args, "/", {{"SUDO_USER", "alice"}});
  }
  TwinRun plan() { return twin({"plan", "--summary", "--twin", twin_dir_.string(), "--root", root_.string()}); }
  TwinRun snapshot(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"snapshot", "--twin", twin_dir_.string(), "--root", root_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return twin(args);
  }
  std::string git_log() {
    return run_git_at_home(home_.path(), twin_dir_, {"log", "--format=%s"}).out;
  }

  resources::testing::HostDpkgGuard guard_;
  TempDir home_, work_;
  fs::path root_ = work_ / "root";
  fs::path twin_dir_ = work_ / "twin";
};

TEST_F(SnapshotCli, ThenPlanOnTheSameMachinePlansNothing) {
  auto run = plan();
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  auto lint = twin({"lint", "--strict", "--twin", twin_dir_.string(), "--root", root_.string()});
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  EXPECT_EQ(twin({"fmt", "--check", (twin_dir_ / "state").string()}).exit_code, 0);

  std::string packages = read_text(twin_dir_ / "state/packages.twin");
  EXPECT_NE(packages.find("package \"app\" {"), std::string::npos) << packages;
  EXPECT_NE(packages.find("package \"corepkg\" {"), std::string::npos);
  EXPECT_EQ(packages.find("libfoo1"), std::string::npos);  // only a dependency
  std::string services = read_text(twin_dir_ / "state/services.twin");
  EXPECT_NE(services.find("service \"web\" {\n  enabled = true\n  masked = false\n}"),
            std::string::npos)
      << services;
  EXPECT_NE(services.find("service \"idle\" {\n  enabled = false\n  masked = false\n}"),
            std::string::npos);
  EXPECT_NE(services.find("service \"multi-user.target\" { masked = false }\n"),
            std::string::npos);
  EXPECT_NE(read_text(twin_dir_ / "state/crontabs.twin").find("crontab \"alice\""), std::string::npos);
  EXPECT_NE(read_text(twin_dir_ / "state/files.twin")
                .find("file \"/etc/app/app.conf\" {\n  source = \"filesystem/etc/app/app.conf\"\n"
                      "  mode = \"0640\"\n  owner = \"root\"\n  group = \"adm\"\n}"),
            std::string::npos);
  // A directory with an unusual mode and owner is recorded; links are
  // mirrored as links, and systemctl's enablement links are left to the
  // service resource.
  std::string files = read_text(twin_dir_ / "state/files.twin");
  EXPECT_NE(files.find("file \"/etc/app/private\" {\n  ensure = \"directory\"\n"
                       "  mode = \"0750\"\n  owner = \"root\"\n  group = \"adm\"\n}"),
            std::string::npos)
      << files;
  EXPECT_EQ(fs::read_symlink(twin_dir_ / "filesystem/etc/localtime"), "/usr/share/zoneinfo/Etc/UTC");
  EXPECT_EQ(fs::read_symlink(twin_dir_ / "filesystem/etc/motd.link"), "motd");
  EXPECT_FALSE(fs::exists(fs::symlink_status(
      twin_dir_ / "filesystem/etc/systemd/system/multi-user.target.wants/web.service")));
  std::string live = read_text(twin_dir_ / "live/packages.yaml");
  EXPECT_NE(live.find("{name: libfoo1, version: \"1.0\", arch: all, manual: false}"), std::string::npos)
      << live;
  EXPECT_FALSE(fs::exists(twin_dir_ / "filesystem/etc/shadow"));
  EXPECT_FALSE(fs::exists(twin_dir_ / "filesystem/etc/passwd"));
  EXPECT_NE(read_text(twin_dir_ / "live/files.yaml").find("account database"), std::string::npos);
  EXPECT_NE(read_text(twin_dir_ / "state/accounts.twin").find("user \"root\""), std::string::npos);
}

/// `systemctl --root=ROOT ARGS...`'s standard output (is-enabled exits 1
/// for a disabled unit, so the status is not checked).
std::string systemctl_at(const fs::path& root, std::vector<std::string> args) {
  args.insert(args.begin(), "--root=" + root.string());
  engine::Command c{"/bin/systemctl", args, {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}}};
  resources::ProcessRunner runner;
  auto ran = runner.run(c);
  EXPECT_TRUE(ran.ok());
  return ran.ok() ? ran->out : "";
}

// Issue #13: applying the snapshot's services.twin brings back every unit's
// enablement, whatever was masked, unmasked, enabled or disabled since.
TEST_F(SnapshotCli, ApplyingTheServicesManifestRestoresEnablementAndMasks) {
  std::string install = "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n";
  write_text(root_ / "lib/systemd/system/hidden.service", install);
  write_text(root_ / "lib/systemd/system/helper.service", "[Service]\nExecStart=/bin/true\n");
  systemctl_at(root_, {"mask", "hidden.service"});
  // An alias: no declaration brings one back, so it is only in live/.
  fs::create_symlink("/lib/systemd/system/web.service", root_ / "etc/systemd/system/www.service");
  std::vector<std::string> units = {"web.service", "idle.service", "hidden.service",
                                    "helper.service"};
  auto states = [&] {
    std::vector<std::string> args = {"is-enabled"};
    args.insert(args.end(), units.begin(), units.end());
    return systemctl_at(root_, args);
  };
  ASSERT_EQ(states(), "enabled\ndisabled\nmasked\nstatic\n");
  auto taken = snapshot();
  ASSERT_EQ(taken.exit_code, 0) << taken.out << taken.err;
  EXPECT_NE(taken.out.find("  services  6 unit files, 5 with their enablement recorded\n"),
            std::string::npos)
      << taken.out;
  EXPECT_NE(read_text(twin_dir_ / "live/services.yaml").find("{unit: www.service, unit_file_state: alias}"),
            std::string::npos);
  std::string services = read_text(twin_dir_ / "state/services.twin");
  EXPECT_EQ(services.find("\"www\""), std::string::npos) << services;
  EXPECT_NE(services.find("service \"helper\" { masked = false }\nservice \"hidden\" { masked = true }\n"),
            std::string::npos)
      << services;
  EXPECT_EQ(plan().exit_code, 0);

  // By hand: every unit moved away from what the snapshot saw.
  systemctl_at(root_, {"mask", "web.service"});
  systemctl_at(root_, {"enable", "idle.service"});
  systemctl_at(root_, {"mask", "idle.service"});
  systemctl_at(root_, {"unmask", "hidden.service"});
  systemctl_at(root_, {"enable", "hidden.service"});
  systemctl_at(root_, {"mask", "helper.service"});
  ASSERT_EQ(states(), "masked\nmasked\nenabled\nmasked\n");
  auto pending = plan();
  EXPECT_EQ(pending.exit_code, 2) << pending.out << pending.err;
  EXPECT_NE(pending.out.find("1 MASK, 3 UNMASK"), std::string::npos) << pending.out;

  auto applied = twin({"apply", "--yes", "--twin", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(states(), "enabled\ndisabled\nmasked\nstatic\n");
  // The links enable left under the masks are gone with them.
  EXPECT_FALSE(fs::exists(
      fs::symlink_status(root_ / "etc/systemd/system/multi-user.target.wants/idle.service")));
  auto after = plan();
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
}

TEST_F(SnapshotCli, EditingAMirroredFilePlansReplaceAndAddingOnePlansCreate) {
  write_text(twin_dir_ / "filesystem/etc/motd", "edited\n");
  write_text(twin_dir_ / "filesystem/etc/new.conf", "new\n");
  auto run = plan();
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.out.find("REPLACE file[\"/etc/motd\"]"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("CREATE  file[\"/etc/new.conf\"]"), std::string::npos) << run.out;
}

TEST_F(SnapshotCli, ALinkOrADirectoryModeEditedInTheTwinIsPlannedAndApplied) {
  fs::remove(twin_dir_ / "filesystem/etc/localtime");
  fs::create_symlink("/usr/share/zoneinfo/Europe/Paris", twin_dir_ / "filesystem/etc/localtime");
  std::string files = read_text(twin_dir_ / "state/files.twin");
  auto at = files.find("mode = \"0750\"");
  ASSERT_NE(at, std::string::npos);
  write_text(twin_dir_ / "state/files.twin", files.replace(at, 13, "mode = \"0700\""));
  auto run = plan();
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.out.find("REPLACE file[\"/etc/localtime\"]"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("CHMOD   file[\"/etc/app/private\"]"), std::string::npos) << run.out;
  auto apply = twin({"apply", "--yes", "--twin", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(fs::read_symlink(root_ / "etc/localtime"), "/usr/share/zoneinfo/Europe/Paris");
  EXPECT_EQ(fs::status(root_ / "etc/app/private").permissions(), fs::perms::owner_all);
  EXPECT_EQ(plan().exit_code, 0);
}

TEST_F(SnapshotCli, RefusesToOverwriteUnappliedEditsUnlessForced) {
  write_text(twin_dir_ / "filesystem/etc/motd", "edited\n");
  auto refused = snapshot();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("  modified  filesystem/etc/motd\n"), std::string::npos) << refused.err;
  EXPECT_EQ(read_text(twin_dir_ / "filesystem/etc/motd"), "edited\n");

  // Once applied, the same edit is no conflict.
  ASSERT_EQ(twin({"apply", "--yes", "--twin", twin_dir_.string(), "--root", root_.string()}).exit_code, 0);
  auto after_apply = snapshot({"-m", "after the motd change"});
  EXPECT_EQ(after_apply.exit_code, 0) << after_apply.err;

  write_text(twin_dir_ / "filesystem/etc/motd", "unapplied\n");
  auto forced = snapshot({"--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(read_text(twin_dir_ / "filesystem/etc/motd"), "edited\n");
  std::string log = git_log();
  EXPECT_NE(log.find("twin: keep unapplied edits before a forced snapshot\n"), std::string::npos) << log;
  auto kept = run_git_at_home(home_.path(), twin_dir_, {"show", "HEAD~1:filesystem/etc/motd"});
  EXPECT_EQ(kept.out, "unapplied\n");
}

// The services files are written last, once systemctl has answered; the
// guard and live/'s cleanup must cover them all the same.
/// The manifest with its first `enabled = ...` turned around.
std::string flip_first_enablement(std::string manifest) {
  auto on = manifest.find("enabled = true"), off = manifest.find("enabled = false");
  if (on != std::string::npos && (off == std::string::npos || on < off))
    return manifest.replace(on, 14, "enabled = false");
  if (off != std::string::npos) return manifest.replace(off, 15, "enabled = true");
  ADD_FAILURE() << "no enablement in\n" << manifest;
  return manifest;
}

// A generated manifest edited and applied is no conflict: the machine now
// is what the edit says, and the snapshot regenerates the file from it.
TEST_F(SnapshotCli, AnAppliedEditOfAGeneratedManifestDoesNotBlockTheSnapshot) {
  std::string committed = read_text(twin_dir_ / "state/services.twin");
  std::string edited = flip_first_enablement(committed) + "# mine: nothing to apply\n";
  write_text(twin_dir_ / "state/services.twin", edited);
  EXPECT_EQ(snapshot().exit_code, 1);  // not applied yet
  auto applied = twin({"apply", "--yes", "--twin", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  auto taken = snapshot();
  EXPECT_EQ(taken.exit_code, 0) << taken.err;
  std::string regenerated = read_text(twin_dir_ / "state/services.twin");
  EXPECT_EQ(regenerated, flip_first_enablement(committed));  // the machine, as generated
  EXPECT_EQ(plan().exit_code, 0);
}

TEST_F(SnapshotCli, TheServicesFilesAreGuardedAndWrittenLikeTheRest) {
  std::string committed = read_text(twin_dir_ / "state/services.twin");
  ASSERT_NE(committed.find("service "), std::string::npos) << committed;
  // An edit the machine does not reflect yet: a unit's enablement flipped.
  std::string edited = flip_first_enablement(committed);
  write_text(twin_dir_ / "state/services.twin", edited);
  auto refused = snapshot();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("  modified  state/services.twin\n"), std::string::npos) << refused.err;
  EXPECT_EQ(read_text(twin_dir_ / "state/services.twin"), edited);

  fs::remove(twin_dir_ / "state/services.twin");
  auto removed = snapshot();
  EXPECT_EQ(removed.exit_code, 1);
  EXPECT_NE(removed.err.find("  deleted  state/services.twin\n"), std::string::npos) << removed.err;

  write_text(twin_dir_ / "state/services.twin", committed);
  write_text(twin_dir_ / "live/stale.yaml", "old: true\n");
  fs::remove(twin_dir_ / "live/services.yaml");  // live/ is not guarded
  auto taken = snapshot();
  EXPECT_EQ(taken.exit_code, 0) << taken.err;
  EXPECT_FALSE(fs::exists(twin_dir_ / "live/stale.yaml"));
  EXPECT_NE(read_text(twin_dir_ / "live/services.yaml").find("services:"), std::string::npos);
  EXPECT_EQ(read_text(twin_dir_ / "state/services.twin"), committed);
  EXPECT_EQ(plan().exit_code, 0);

  // Nothing changed on the machine: no file of the twin is written again.
  struct stat before {}, after {};
  ASSERT_EQ(::stat((twin_dir_ / "filesystem/etc/motd").c_str(), &before), 0);
  ASSERT_EQ(::stat((twin_dir_ / "state/packages.twin").c_str(), &after), 0);
  ino_t manifest = after.st_ino;
  ASSERT_EQ(snapshot().exit_code, 0);
  ASSERT_EQ(::stat((twin_dir_ / "filesystem/etc/motd").c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);
  ASSERT_EQ(::stat((twin_dir_ / "state/packages.twin").c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, manifest);
}

TEST_F(SnapshotCli, ATokenIsNeverCommittedAndPrivateKeysAreSkipped) {
  // On the machine: skipped by the collector, with the reason.
  write_text(root_ / "etc/app/deploy.conf", "token ghp_" + std::string(36, 'x') + "\n");
  write_text(root_ / "etc/app/tls.pem", "-----BEGIN RSA PRIVATE KEY-----\nMII\n");
  auto run = snapshot();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("/etc/app/deploy.conf: secret: GitHub token"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("/etc/app/tls.pem: secret: private key block"), std::string::npos) << run.out;
  EXPECT_FALSE(fs::exists(twin_dir_ / "filesystem/etc/app/deploy.conf"));
  // Written into the twin by a person: the commit refuses it.
  write_text(twin_dir_ / "state/notes.twin", "# deploy with ghp_" + std::string(36, 'y') + "\n");
  std::string before = git_log();
  auto refused = snapshot();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("refusing to commit state/notes.twin: it looks like it holds a "
                             "GitHub token"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(git_log(), before);
}

/// The twin's working tree, bytes included, without .git/ and .twin/.
std::map<std::string, std::string> working_tree(const fs::path& twin_dir) {
  auto tree = tree_fingerprint(twin_dir);
  std::erase_if(tree, [](const auto& entry) {
    return entry.first.rfind(".git", 0) == 0 || entry.first.rfind(".twin", 0) == 0;
  });
  return tree;
}

// A snapshot the commit scan refuses has rotated logs/ and rewritten
// filesystem/ by then: it must put all of it back, so the refused token is
// not left on disk and the next snapshot sees no half-written "edits".
TEST_F(SnapshotCli, ARefusedSnapshotLeavesTheWorkingTreeAsItWas) {
  ASSERT_EQ(snapshot().exit_code, 0);
  write_text(root_ / "etc/extra.conf", "x\n");
  ASSERT_EQ(snapshot().exit_code, 0);  // a change: logs/ now holds a rotated capture too
  std::string history = git_log();
  // The machine changes: a file replaced, one removed, one in a new
  // directory; and a log line (logs are not filtered) carries a token.
  write_text(root_ / "etc/motd", "changed\n");
  fs::remove(root_ / "etc/app/app.conf");
  write_text(root_ / "etc/newapp/new.conf", "n = 1\n");
  write_text(root_ / "var/log/syslog", "ok\ndeploy with ghp_" + std::string(36, 'z') + "\n");
  auto before = working_tree(twin_dir_);

  auto refused = snapshot();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("refusing to commit logs/current/syslog.log: it looks like it holds "
                             "a GitHub token"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(git_log(), history);
  EXPECT_EQ(working_tree(twin_dir_), before);
  EXPECT_FALSE(fs::exists(twin_dir_ / ".twin/snapshot-undo"));

  // The machine's motd goes back: the failed snapshot's copy, had it stayed,
  // would now be an unapplied edit.
  write_text(root_ / "etc/motd", "hello\n");
  write_text(root_ / "var/log/syslog", "ok\n");
  auto next = snapshot();
  EXPECT_EQ(next.exit_code, 0) << next.out << next.err;
  EXPECT_EQ(next.err.find("unapplied"), std::string::npos) << next.err;
  EXPECT_EQ(read_text(twin_dir_ / "filesystem/etc/newapp/new.conf"), "n = 1\n");
}

// The Git step fails (.git/objects on a read-only mount, which stops even
// root, in a private mount namespace): nothing is committed, and the
// working tree is as before, so the next snapshot simply takes it again.
TEST_F(SnapshotCli, ASnapshotWhoseCommitFailsLeavesTheWorkingTreeAsItWas) {
  ASSERT_EQ(snapshot().exit_code, 0);
  std::string history = git_log();
  write_text(root_ / "etc/motd", "changed\n");
  auto before = working_tree(twin_dir_);
  engine::Command c;
  c.program = "/usr/bin/unshare";
  c.args = {"-m", "--propagation", "private", "/bin/sh", "-c",
            "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" \"$1\" || exit 99\n"
            "exec \"$2\" snapshot --twin \"$3\" --root \"$4\"",
            "sh", (twin_dir_ / ".git/objects").string(), TWIN_BINARY, twin_dir_.string(),
            root_.string()};
  c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"NO_COLOR", "1"}, {"LC_ALL", "C"},
           {"HOME", home_.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}, {"SUDO_USER", "alice"}};
  resources::ProcessRunner runner;
  auto failed = runner.run(c);
  ASSERT_TRUE(failed.ok()) << failed.error().text();
  if (failed->exit_code == 99) GTEST_SKIP() << "cannot make a read-only bind mount here";
  EXPECT_EQ(failed->exit_code, 1) << failed->out << failed->err;
  EXPECT_NE(failed->err.find("Read-only file system"), std::string::npos) << failed->err;
  EXPECT_EQ(git_log(), history);
  EXPECT_EQ(working_tree(twin_dir_), before);

  auto next = snapshot();
  EXPECT_EQ(next.exit_code, 0) << next.out << next.err;
  EXPECT_EQ(read_text(twin_dir_ / "filesystem/etc/motd"), "changed\n");
  EXPECT_NE(git_log(), history);
}

// Every kind of secret the snapshot skips by default, each with a marker:
// after two snapshots no object of the twin's repository, loose or packed,
// holds any marker, while a plain file written beside them is there.
TEST_F(SnapshotCli, NoSecretOfTheMachineReachesAnyGitObject) {
  const std::vector<std::pair<std::string, std::string>> secrets = {
      {"etc/shadow", "root:SECRET-1:1::::::\n"},
      {"etc/shadow-", "root:SECRET-2:1::::::\n"},
      {"etc/gshadow", "root:SECRET-3::\n"},
      {"etc/gshadow-", "root:SECRET-4::\n"},
      {"etc/ssh/ssh_host_ed25519_key", "SECRET-5\n"},
      {"etc/ssl/private/site.key", "SECRET-6\n"},
      {"etc/app/deploy_key",
       "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET-7\n-----END OPENSSH PRIVATE KEY-----\n"},
      {"etc/NetworkManager/system-connections/home.nmconnection", "[wifi-security]\npsk=SECRET-8\n"},
      {"etc/wpa_supplicant/wpa_supplicant.conf", "network={\npsk=SECRET-9\n}\n"},
      {"etc/app/root-only.conf", "password = SECRET-10\n"},
      {"root/.netrc", "machine example.org login bob password SECRET-11\n"},
      {"etc/app/pgp.asc", "-----BEGIN PGP PRIVATE KEY BLOCK-----\nSECRET-12\n"},
      {"etc/app/key.ppk", "PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\nSECRET-13\n"},
      {"etc/app/pay.yaml", "stripe: sk_live_SECRET14abcdefghijklmnop\n"},
      {"etc/app/db.yaml", "db_password: SECRET-15\n"},
      {"etc/app/aws.ini", "aws_secret_access_key = SECRET-16\n"},
  };
  for (const auto& [path, text] : secrets) write_text(root_ / path, text);
  ::chmod((root_ / "etc/app/root-only.conf").c_str(), 0600);
  write_text(root_ / "etc/app/plain.conf", "PUBLIC-MARKER\n");
  auto first = snapshot();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  write_text(root_ / "etc/motd", "changed\n");
  ASSERT_EQ(snapshot().exit_code, 0);

  auto objects = run_git_at_home(home_.path(), twin_dir_,
                                 {"cat-file", "--batch-all-objects", "--batch"});
  ASSERT_EQ(objects.exit_code, 0) << objects.err;
  EXPECT_NE(objects.out.find("PUBLIC-MARKER"), std::string::npos);
  // Only the secrets hold "SECRET-": no part of any of them may be there.
  std::size_t leak = objects.out.find("SECRET-");
  EXPECT_EQ(leak, std::string::npos) << objects.out.substr(leak == std::string::npos ? 0 : leak, 40);
  // Each skipped file is reported with its reason.
  for (const char* reason : {"account database", "SSH host private key", "TLS private key",
                             "NetworkManager", "private key block", "psk= assignment",
                             "only root may read it", "PuTTY private key", "Stripe live key",
                             "password= assignment", "secret_access_key= assignment"})
    EXPECT_NE(first.out.find(reason), std::string::npos) << reason << "\n" << first.out;
}

TEST_F(SnapshotCli, HistoryResetAndUndo) {
  std::string first = run_git_at_home(home_.path(), twin_dir_, {"rev-parse", "HEAD"}).out.substr(0, 8);
  write_text(root_ / "etc/motd", "changed on the machine\n");
  ASSERT_EQ(snapshot().exit_code, 0);
  auto history = twin({"history", "--twin", twin_dir_.string()});
  EXPECT_EQ(history.exit_code, 0);
  EXPECT_NE(history.out.find(first + "  20"), std::string::npos) << history.out;

  auto unconfirmed = twin({"reset", first, "--twin", twin_dir_.string()});
  EXPECT_EQ(unconfirmed.exit_code, 1);
  EXPECT_NE(unconfirmed.err.find("pass --yes"), std::string::npos);

  auto reset = twin({"time-machine", first, "--yes", "--twin", twin_dir_.string()});
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_EQ(read_text(twin_dir_ / "filesystem/etc/motd"), "hello\n");
  EXPECT_EQ(git_log().rfind("reset to " + first + " (snapshot sandbox", 0), 0u) << git_log();
  EXPECT_EQ(plan().exit_code, 2);  // the machine still has the newer motd

  auto undo = twin({"reset", "--undo", "--yes", "--twin", twin_dir_.string()});
  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(read_text(twin_dir_ / "filesystem/etc/motd"), "changed on the machine\n");
  EXPECT_EQ(git_log().rfind("undo reset to " + first, 0), 0u);
  EXPECT_EQ(run_git_at_home(home_.path(), twin_dir_, {"rev-list", "--count", "HEAD"}).out, "4\n");
}

TEST_F(SnapshotCli, LogsShowErrorsFirstAndRotate) {
  auto logs = twin({"logs", "--errors", "--twin", twin_dir_.string()});
  EXPECT_EQ(logs.exit_code, 0);
  EXPECT_NE(logs.out.find("Errors (1):\n  [syslog.log] kernel: error: disk full\n"), std::string::npos)
      << logs.out;
  EXPECT_EQ(logs.out.find("== syslog.log =="), std::string::npos);
  EXPECT_NE(twin({"logs", "--twin", twin_dir_.string()}).out.find("== syslog.log ==\nok\n"),
            std::string::npos);
  auto captures = [&] {
    int n = 0;
    for (const auto& entry : fs::directory_iterator(twin_dir_ / "logs")) n += entry.is_directory();
    return n;
  };
  // Nothing new in the logs: nothing rotates.
  ASSERT_EQ(twin({"snap", "--twin", twin_dir_.string(), "--root", root_.string()}).exit_code, 0);
  EXPECT_EQ(captures(), 1);
  write_text(root_ / "var/log/syslog", "ok\nkernel: error: disk full\nfine\nlater\n");
  ASSERT_EQ(twin({"snap", "--twin", twin_dir_.string(), "--root", root_.string()}).exit_code, 0);
  EXPECT_EQ(captures(), 2);  // current and the rotated first capture
}

// What a snapshot records, applied, restores it: a crontab added later by
// hand is removed (crontabs "unlisted" in the generated crontabs.twin).
TEST_F(SnapshotCli, ACrontabAddedAfterTheSnapshotIsRemovedByTheApply) {
  EXPECT_NE(read_text(twin_dir_ / "state/crontabs.twin").find("crontabs \"unlisted\" {"),
            std::string::npos);
  fs::path spool = root_ / "var/spool/cron/crontabs";
  write_text(spool / "root", "@hourly /usr/bin/curl http://example.invalid/x\n");
  ::chmod((spool / "root").c_str(), 0600);
  write_text(spool / "ghost", "@daily /bin/true\n");  // no such user: left alone
  auto planned = plan();
  EXPECT_EQ(planned.exit_code, 2) << planned.err;
  EXPECT_NE(planned.out.find("DELETE  crontab[\"root\"]"), std::string::npos) << planned.out;
  EXPECT_EQ(planned.out.find("ghost"), std::string::npos) << planned.out;
  auto applied = twin({"apply", "--yes", "--twin", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_FALSE(fs::exists(spool / "root"));
  EXPECT_TRUE(fs::exists(spool / "alice"));
  EXPECT_TRUE(fs::exists(spool / "ghost"));
  EXPECT_EQ(plan().exit_code, 0);
}

// Files created after the snapshot are deleted by the apply (the generated
// mirror purges), with the old content in the checkpoint; what a snapshot
// never mirrors (binaries, and secrets no snapshot kept a copy of on the
// machine) is never touched.
TEST_F(SnapshotCli, AFileCreatedAfterTheSnapshotIsDeletedAndRollbackBringsItBack) {
  write_text(root_ / "etc/myapp/app.conf", "port = 8080\n");
  ::chmod((root_ / "etc/myapp/app.conf").c_str(), 0640);
  ::chown((root_ / "etc/myapp/app.conf").c_str(), 0, 4);  // root:adm, as in the trial
  write_text(root_ / "etc/blob.bin", std::string("\x7f" "ELF\0\0", 6));
  write_text(root_ / "etc/ssl/private/new.key", "-----BEGIN PRIVATE KEY-----\nMII\n");
  // A directory made since that holds a binary keeps it (and so is kept).
  write_text(root_ / "etc/tools/helper.bin", std::string("\x7f" "ELF\0\0", 6));
  write_text(root_ / "etc/tools/helper.conf", "x = 1\n");
  auto planned = plan();
  EXPECT_EQ(planned.exit_code, 2) << planned.err;
  EXPECT_NE(planned.out.find("DELETE  file[\"/etc/myapp/app.conf\"]"), std::string::npos)
      << planned.out;
  EXPECT_NE(planned.out.find("DELETE  file[\"/etc/myapp\"]"), std::string::npos) << planned.out;
  EXPECT_LT(planned.out.find("DELETE  file[\"/etc/myapp/app.conf\"]"),
            planned.out.find("DELETE  file[\"/etc/myapp\"]"))
      << "what is inside goes first";
  EXPECT_NE(planned.out.find("DELETE  file[\"/etc/tools/helper.conf\"]"), std::string::npos);
  EXPECT_EQ(planned.out.find("DELETE  file[\"/etc/tools\"]"), std::string::npos) << planned.out;
  EXPECT_EQ(planned.out.find("blob.bin"), std::string::npos) << planned.out;
  EXPECT_EQ(planned.out.find("new.key"), std::string::npos) << planned.out;

  auto applied = twin({"apply", "--yes", "--twin", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_FALSE(fs::exists(root_ / "etc/myapp"));
  EXPECT_TRUE(fs::exists(root_ / "etc/tools/helper.bin"));
  EXPECT_TRUE(fs::exists(root_ / "etc/blob.bin"));
  EXPECT_TRUE(fs::exists(root_ / "etc/ssl/private/new.key"));
  EXPECT_EQ(plan().exit_code, 0);

  auto undone = twin({"rollback", "--yes", "--twin", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(undone.exit_code, 0) << undone.out << undone.err;
  EXPECT_EQ(read_text(root_ / "etc/myapp/app.conf"), "port = 8080\n");
  EXPECT_EQ(read_text(root_ / "etc/tools/helper.conf"), "x = 1\n");
  struct stat st {};
  ASSERT_EQ(::stat((root_ / "etc/myapp/app.conf").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(st.st_gid, 4u);
}

// The snapshot's record of what it skipped is twin content, and twin content
// may be hostile: through a symlink out of the twin it is not read, and then
// the purge deletes nothing.
TEST_F(SnapshotCli, APurgeNeverReadsThroughALinkOutOfTheTwin) {
  fs::remove(twin_dir_ / "live/files.yaml");
  fs::create_symlink(root_ / "etc/motd", twin_dir_ / "live/files.yaml");
  write_text(root_ / "etc/created-since.conf", "x = 1\n");
  auto planned = plan();
  EXPECT_EQ(planned.out.find("DELETE"), std::string::npos) << planned.out;
  EXPECT_NE(planned.err.find("live/files.yaml cannot be read, so nothing is deleted under /etc"),
            std::string::npos)
      << planned.err;
}

TEST_F(SnapshotCli, AnUnchangedMachineMakesNoCommit) {
  auto head = [&] { return run_git_at_home(home_.path(), twin_dir_, {"rev-parse", "HEAD"}).out; };
  std::string first = head();
  auto again = twin({"snapshot", "--twin", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("Nothing changed since the last snapshot; nothing committed."),
            std::string::npos)
      << again.out;
  auto third = twin({"snapshot", "--twin", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(head(), first);
  // The working tree is as committed: nothing was rewritten behind Git's back.
  EXPECT_EQ(run_git_at_home(home_.path(), twin_dir_, {"status", "--porcelain"}).out, "");
  // Any real change still commits.
  write_text(root_ / "etc/motd", "changed by hand\n");
  ASSERT_EQ(twin({"snapshot", "--twin", twin_dir_.string(), "--root", root_.string()}).exit_code, 0);
  EXPECT_NE(head(), first);
}

}  // namespace
}  // namespace twin::testing

namespace twin::testing {
namespace {

TEST_F(SnapshotCli, PushesToTheRemoteUnlessToldNotTo) {
  fs::path bare = work_ / "remote.git";
  ASSERT_EQ(run_git_at_home(home_.path(), work_.path(), {"init", "-q", "--bare", bare.string()})
                .exit_code,
            0);
  auto set = twin({"remote", "set", "file://" + bare.string(), "--twin", twin_dir_.string()});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  auto remote_head = [&] {
    return run_git_at_home(home_.path(), bare, {"rev-parse", "--verify", "-q", "refs/heads/main"})
        .out;
  };
  auto local_head = [&] {
    return run_git_at_home(home_.path(), twin_dir_, {"rev-parse", "HEAD"}).out;
  };

  write_text(root_ / "etc/motd", "first change\n");
  auto quiet = snapshot({"--no-push"});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(remote_head(), "");  // nothing pushed yet

  write_text(root_ / "etc/motd", "second change\n");
  auto pushed = snapshot();
  ASSERT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_NE(pushed.out.find("Pushed main"), std::string::npos) << pushed.out;
  EXPECT_EQ(remote_head(), local_head());
}

}  // namespace
}  // namespace twin::testing
