// The time machine on a real Debian 12 root (tests/cli/real_root.h): after
// hand changes of every kind the twin restores (files created, edited,
// deleted and re-moded, a crontab added, a unit disabled, units masked,
// users and groups added, changed and removed, packages in and out), a
// snapshot, going back to the first snapshot and applying gives back its
// /etc tree, accounts, unit enablement and masks, crontabs and packages
// (with the dependencies pulled in since, auto-installed marks and holds);
// going forward again gives the later ones; the plan is then empty, and a
// snapshot of an unchanged machine commits nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>
#include <sstream>
#include <variant>

#include "resources/account_records.h"
#include "resources/collect_file_rules.h"
#include "tests/cli/real_root.h"
#include "tests/cli/snapshot_cli_support.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;

namespace fs = std::filesystem;

/// The entries that differ, one line each, for a readable failure.
std::string differences(const std::map<std::string, std::string>& got,
                        const std::map<std::string, std::string>& want) {
  std::string out;
  for (const auto& [path, desc] : want)
    if (auto it = got.find(path); it == got.end())
      out += "missing: " + path + "\n";
    else if (it->second != desc)
      out += "differs: " + path + ": " + it->second.substr(0, 80) + " (want " +
             desc.substr(0, 80) + ")\n";
  for (const auto& [path, desc] : got)
    if (!want.count(path)) out += "extra: " + path + "\n";
  return out;
}

class RealRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cached = cached_real_root();
    if (auto* why = std::get_if<std::string>(&cached)) GTEST_SKIP() << *why;
    root_ = tmp_ / "root";
    ASSERT_TRUE(copy_real_root(std::get<fs::path>(cached), root_));
    fs::create_directories(tmp_ / "home");
  }

  TwinRun twin(std::vector<std::string> args) {
    return run_twin_at_home(tmp_ / "home", args, tmp_.path().string());
  }
  std::string head() {
    return run_git_at_home(tmp_ / "home", twin_dir_, {"rev-parse", "HEAD"}).out;
  }
  void go_to(const std::string& commit) {
    auto reset = twin({"time-machine", "--commit", commit.substr(0, 12), "--yes", "--twin",
                       twin_dir_.string()});
    ASSERT_EQ(reset.exit_code, 0) << reset.out << reset.err;
    auto applied = twin({"apply", "--yes", "--twin", twin_dir_.string()});
    // Going back to a state with a hand-made member of adm is a privilege
    // change: apply refuses it until a person approves this plan's findings.
    const std::string approve = "--approve-risky ";
    if (auto at = applied.err.find(approve); applied.exit_code != 0 && at != std::string::npos) {
      EXPECT_THAT(applied.out, HasSubstr("risky (W0313): user[\"alice\"] makes the account a "
                                         "member of a privileged group"));
      std::string fingerprint = applied.err.substr(at + approve.size(), 16);
      applied = twin({"apply", "--yes", "--approve-risky", fingerprint, "--twin",
                      twin_dir_.string()});
    }
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  }
  bool enabled(const std::string& unit) {
    return fs::is_symlink(root_ / "etc/systemd/system/multi-user.target.wants" / unit);
  }
  /// What `systemctl --root=ROOT is-enabled` says of each unit, one line each.
  std::string unit_states(const std::vector<std::string>& units) {
    std::vector<std::string> args = {"--root=" + root_.string(), "is-enabled"};
    args.insert(args.end(), units.begin(), units.end());
    engine::Command c{"/bin/systemctl", args, {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}}};
    resources::ProcessRunner runner;
    auto ran = runner.run(c);
    return ran ? ran->out : ran.error().text();
  }
  void systemctl(std::vector<std::string> args) {
    args.insert(args.begin(), "--root=" + root_.string());
    engine::Command c{"/bin/systemctl", args, {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}}};
    resources::ProcessRunner runner;
    auto ran = runner.run(c);
    ASSERT_TRUE(ran.ok() && ran->succeeded()) << (ran.ok() ? ran->err : ran.error().text());
  }
  std::map<std::string, std::string> etc() {
    auto tree = tree_fingerprint(root_ / "etc");
    // The account files are compared as accounts (accounts()): the tools
    // append a re-made account and date its password change.
    for (auto it = tree.begin(); it != tree.end();)
      it = resources::account_database_reason("/etc/" + it->first) ? tree.erase(it) : std::next(it);
    return tree;
  }
  /// Every account as the user and group resources see it, one line each.
  std::map<std::string, std::string> accounts() {
    auto fs = resources::RootedFs::open(root_);
    auto state = resources::AccountsState::load(*fs);
    std::map<std::string, std::string> out;
    if (!state) return out;
    for (const auto& u : state->users) {
      const auto* shadow = state->shadow_of(u.name);
      std::string groups;
      for (const auto& g : state->supplementary_groups(u.name)) groups += g + ",";
      out["user " + u.name] = std::to_string(u.uid) + ":" + std::to_string(u.gid) + ":" +
                              u.comment + ":" + u.home + ":" + u.shell + ":" + groups + ":" +
                              (shadow ? std::string(password_state_name(shadow->password)) +
                                            ":" + shadow->expires.value_or("never")
                                      : "no shadow");
    }
    for (const auto& g : state->groups) out["group " + g.name] = std::to_string(g.gid);
    return out;
  }
  /// Runs one of the host's shadow tools on the root (--root ROOT).
  void shadow_tool(const std::string& tool, std::vector<std::string> args) {
    args.insert(args.begin(), {"--root", root_.string()});
    engine::Command c{"/usr/sbin/" + tool, args,
                      {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}}};
    resources::ProcessRunner runner;
    auto ran = runner.run(c);
    ASSERT_TRUE(ran.ok() && ran->succeeded()) << tool << ": " << (ran.ok() ? ran->err : "");
  }

  TempDir tmp_;
  fs::path root_;
  fs::path twin_dir_ = tmp_ / "twin";
};

TEST_F(RealRoot, TimeMachineBackAndForwardRestoresFilesAccountsUnitsAndCrontabs) {
  auto init = twin({"init", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  std::string s1 = head();
  auto etc_s1 = etc();
  auto accounts_s1 = accounts();
  ASSERT_TRUE(accounts_s1.count("user games"));
  ASSERT_TRUE(enabled("cron.service"));
  // An enabled, a disabled and a static unit, and one Debian masks itself.
  const std::vector<std::string> units = {"e2scrub_reap.service", "systemd-sysext.service",
                                          "fstrim.service", "hwclock.service"};
  const std::string states_s1 = "enabled\ndisabled\nstatic\nmasked\n";
  ASSERT_EQ(unit_states(units), states_s1);
  fs::path spool = root_ / "var/spool/cron/crontabs";
  ASSERT_FALSE(fs::exists(spool / "root"));

  // By hand, outside twin.
  write_text(root_ / "etc/motd", "edited by hand\n");
  write_text(root_ / "etc/myapp/app.conf", "port = 8080\n");
  ::chmod((root_ / "etc/myapp/app.conf").c_str(), 0640);
  ::chown((root_ / "etc/myapp/app.conf").c_str(), 0, 4);  // root:adm (gid 4 in Debian)
  fs::remove(root_ / "etc/issue.net");
  ::chmod((root_ / "etc/nanorc").c_str(), 0444);
  // Made root-only, and a secret created: their bytes stay on the machine
  // (.twin/secret-files), the twin keeps their mode and owner.
  write_text(root_ / "etc/debconf.conf", "# renamed-secretly\n");
  ::chmod((root_ / "etc/debconf.conf").c_str(), 0600);
  write_text(root_ / "etc/myapp/token", "token=s3cr3t-by-hand\n");
  ::chmod((root_ / "etc/myapp/token").c_str(), 0600);
  write_text(spool / "root", "@hourly /usr/bin/true\n");
  ::chmod((spool / "root").c_str(), 0600);
  engine::Command disable{"/bin/systemctl", {"--root=" + root_.string(), "disable", "cron.service"},
                          {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}}};
  resources::ProcessRunner runner;
  auto disabled = runner.run(disable);
  ASSERT_TRUE(disabled.ok() && disabled->succeeded()) << (disabled.ok() ? disabled->err : "");
  ASSERT_FALSE(enabled("cron.service"));
  shadow_tool("groupadd", {"-g", "1500", "devs"});
  shadow_tool("useradd", {"-m", "-u", "1001", "-G", "adm,devs", "-s", "/bin/bash", "-c", "Alice",
                          "alice"});
  shadow_tool("usermod", {"-p", "$y$j9T$handmade$PASSWORDHASH", "alice"});
  // A file of an account made since: going forward, it waits for alice.
  write_text(root_ / "etc/myapp/alice.conf", "editor = vi\n");
  ::chown((root_ / "etc/myapp/alice.conf").c_str(), 1001, 1500);
  shadow_tool("usermod", {"-s", "/bin/sh", "-c", "Manual pages", "-e", "2030-01-01", "man"});
  shadow_tool("userdel", {"games"});
  ASSERT_FALSE(accounts().count("user games"));
  systemctl({"mask", "e2scrub_reap.service", "systemd-sysext.service", "fstrim.service"});
  const std::string states_s2 = "masked\nmasked\nmasked\nmasked\n";
  ASSERT_EQ(unit_states(units), states_s2);

  auto snap = twin({"snapshot", "--twin", twin_dir_.string()});
  ASSERT_EQ(snap.exit_code, 0) << snap.out << snap.err;
  std::string s2 = head();
  ASSERT_NE(s2, s1);
  auto etc_s2 = etc();
  auto accounts_s2 = accounts();
  // Accounts are resources, not text; the hash stays on the machine.
  EXPECT_NE(read_text(twin_dir_ / "state/accounts.twin").find("password = \"usable\""),
            std::string::npos);
  auto objects = run_git_at_home(tmp_ / "home", twin_dir_, {"cat-file", "--batch-all-objects", "--batch"});
  EXPECT_EQ(objects.out.find("PASSWORDHASH"), std::string::npos);
  EXPECT_EQ(objects.out.find("s3cr3t-by-hand"), std::string::npos);
  EXPECT_EQ(objects.out.find("renamed-secretly"), std::string::npos);
  EXPECT_FALSE(fs::exists(twin_dir_ / "filesystem/etc/shadow"));
  EXPECT_FALSE(fs::exists(twin_dir_ / "filesystem/etc/passwd"));
  EXPECT_NE(read_text(twin_dir_ / "state/accounts.twin").find("user \"alice\""), std::string::npos);

  go_to(s1);
  EXPECT_EQ(differences(etc(), etc_s1), "");
  EXPECT_EQ(differences(accounts(), accounts_s1), "");
  EXPECT_FALSE(fs::exists(root_ / "etc/myapp")) << "the directory made since goes too";
  EXPECT_TRUE(enabled("cron.service"));
  EXPECT_EQ(unit_states(units), states_s1);
  EXPECT_FALSE(fs::exists(spool / "root"));
  auto after_back = twin({"plan", "--twin", twin_dir_.string()});
  EXPECT_EQ(after_back.exit_code, 0) << after_back.out << after_back.err;

  go_to(s2);
  EXPECT_EQ(differences(etc(), etc_s2), "");
  EXPECT_EQ(differences(accounts(), accounts_s2), "");
  // Made again from the twin, alice has her password back.
  EXPECT_NE(read_text(root_ / "etc/shadow").find("alice:$y$j9T$handmade$PASSWORDHASH:"),
            std::string::npos);
  EXPECT_EQ(read_text(root_ / "etc/motd"), "edited by hand\n");
  EXPECT_EQ(read_text(root_ / "etc/debconf.conf"), "# renamed-secretly\n");
  EXPECT_EQ(read_text(root_ / "etc/myapp/token"), "token=s3cr3t-by-hand\n");
  EXPECT_FALSE(fs::exists(root_ / "etc/issue.net"));
  EXPECT_FALSE(enabled("cron.service"));
  EXPECT_EQ(unit_states(units), states_s2);
  EXPECT_TRUE(fs::exists(spool / "root"));
  auto after_forward = twin({"plan", "--twin", twin_dir_.string()});
  EXPECT_EQ(after_forward.exit_code, 0) << after_forward.out << after_forward.err;

  // An unchanged machine: two snapshots, at most one commit.
  ASSERT_EQ(twin({"snapshot", "--twin", twin_dir_.string()}).exit_code, 0);
  std::string once = head();
  ASSERT_EQ(twin({"snapshot", "--twin", twin_dir_.string()}).exit_code, 0);
  EXPECT_EQ(head(), once);
}

/// `chroot ROOT COMMAND...` as the root's admin would run it.
engine::Result<engine::CommandOutput> chroot_run(const fs::path& root, std::vector<std::string> args) {
  args.insert(args.begin(), root.string());
  engine::Command c{"/usr/sbin/chroot", args,
                    {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"},
                     {"DEBIAN_FRONTEND", "noninteractive"}},
                    "", std::chrono::minutes(10)};
  resources::ProcessRunner runner;
  return runner.run(c);
}

/// apt-mark's lists in `root`: "auto: NAME" and "hold: NAME" lines.
std::string apt_lists(const fs::path& root) {
  std::string out;
  for (const char* list : {"showauto", "showhold"}) {
    auto ran = chroot_run(root, {"apt-mark", list});
    EXPECT_TRUE(ran && ran->succeeded()) << list;
    if (!ran) continue;
    std::istringstream lines(ran->out);
    for (std::string name; std::getline(lines, name);)
      out += std::string(list).substr(4) + ": " + name + "\n";
  }
  return out;
}

/// "NAME" for each package dpkg has installed in `root`.
std::set<std::string> installed_packages(const fs::path& root) {
  engine::Command c{"/usr/bin/dpkg-query",
                    {"--admindir=" + (root / "var/lib/dpkg").string(), "-W",
                     "-f=${Package} ${db:Status-Abbrev}\n"},
                    {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}}};
  resources::ProcessRunner runner;
  std::set<std::string> names;
  auto ran = runner.run(c);
  if (!ran) return names;
  std::istringstream lines(ran->out);
  for (std::string name, status; lines >> name >> status;)
    if (status.starts_with("ii")) names.insert(name);
  return names;
}

TEST_F(RealRoot, TimeMachineRemovesAndReinstallsPackages) {
  auto updated = chroot_run(root_, {"apt-get", "update", "-q"});
  if (!updated || !updated->succeeded())
    GTEST_SKIP() << "apt-get update in the root failed (is Debian's mirror reachable?): "
                 << (updated ? updated->err : updated.error().text());
  auto init = twin({"init", twin_dir_.string(), "--root", root_.string()});
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  std::string s1 = head();
  auto packages_s1 = installed_packages(root_);
  ASSERT_TRUE(packages_s1.count("nano"));
  ASSERT_FALSE(packages_s1.count("tree"));
  ASSERT_FALSE(packages_s1.count("libjq1"));
  auto marks_s1 = apt_lists(root_);
  auto etc_s1 = etc();

  // By hand: packages in (jq with the libraries it pulls in), a package
  // out, auto-installed marks changed both ways, a hold added (on an
  // ordinary package: holding an Essential one is W0312, needing approval).
  for (std::vector<std::string> command :
       {std::vector<std::string>{"apt-get", "install", "-y", "-q", "tree", "jq"},
        {"apt-get", "purge", "-y", "-q", "nano"},
        {"apt-mark", "manual", "sensible-utils"},
        {"apt-mark", "auto", "less"},
        {"apt-mark", "hold", "cron"}}) {
    auto ran = chroot_run(root_, command);
    ASSERT_TRUE(ran && ran->succeeded()) << command[0] << ": " << (ran ? ran->err : "");
  }
  ASSERT_TRUE(installed_packages(root_).count("libjq1"));
  auto snap = twin({"snapshot", "--twin", twin_dir_.string()});
  ASSERT_EQ(snap.exit_code, 0) << snap.out << snap.err;
  std::string s2 = head();
  auto packages_s2 = installed_packages(root_);
  auto marks_s2 = apt_lists(root_);
  ASSERT_NE(marks_s2, marks_s1);

  go_to(s1);
  EXPECT_EQ(installed_packages(root_), packages_s1);  // jq's libraries are gone too
  EXPECT_EQ(apt_lists(root_), marks_s1);
  EXPECT_EQ(differences(etc(), etc_s1), "");
  EXPECT_EQ(twin({"plan", "--twin", twin_dir_.string()}).exit_code, 0);

  go_to(s2);
  EXPECT_EQ(installed_packages(root_), packages_s2);
  EXPECT_EQ(apt_lists(root_), marks_s2);
  auto after = twin({"plan", "--twin", twin_dir_.string()});
  EXPECT_EQ(after.exit_code, 0) << after.out;
}

}  // namespace
}  // namespace twin::testing
