// Test support for the twin-repository commands (init, snapshot, history,
// reset, logs): the built `twin` run with a private HOME (where the global
// config goes) and GIT_CONFIG_NOSYSTEM=1, and a sandbox root with etc
// files, unit files enabled by the real systemctl, a crontab spool and logs.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "resources/process_runner.h"
#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {

/// Runs TWIN_BINARY in `cwd` with HOME=`home` and no system Git config.
inline TwinRun run_twin_at_home(
    const std::filesystem::path& home, const std::vector<std::string>& args,
    const std::string& cwd = "/",
    const std::vector<std::pair<std::string, std::string>>& extra_env = {}) {
  engine::Command c;
  c.program = "/usr/bin/env";
  c.args = {"-C", cwd, TWIN_BINARY};
  c.args.insert(c.args.end(), args.begin(), args.end());
  c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"NO_COLOR", "1"}, {"LC_ALL", "C"},
           {"HOME", home.string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  c.env.insert(c.env.end(), extra_env.begin(), extra_env.end());
  resources::ProcessRunner runner;
  auto result = runner.run(c);
  if (!result) return {-1, "", result.error().text()};
  return {result->exit_code, result->out, result->err};
}

/// Runs the git binary (only to verify) in `dir` with the same isolation.
inline TwinRun run_git_at_home(const std::filesystem::path& home, const std::filesystem::path& dir,
                               const std::vector<std::string>& args) {
  engine::Command c;
  c.program = "/usr/bin/git";
  c.args = {"-C", dir.string()};
  c.args.insert(c.args.end(), args.begin(), args.end());
  c.env = {{"PATH", "/usr/bin:/bin"}, {"HOME", home.string()}, {"GIT_CONFIG_NOSYSTEM", "1"},
           {"LC_ALL", "C"}};
  resources::ProcessRunner runner;
  auto result = runner.run(c);
  if (!result) return {-1, "", result.error().text()};
  return {result->exit_code, result->out, result->err};
}

/// A sandbox root: accounts, os-release, /etc files with one non-default
/// owner/mode and a shadow file, two units (one enabled with the real
/// systemctl), alice's crontab as crontab(1) leaves it, and a syslog.
inline void make_snapshot_sandbox(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  write_text(root / "etc/passwd",
             "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n");
  write_text(root / "etc/group", "root:x:0:\nadm:x:4:\ncrontab:x:101:\nalice:x:1000:\n");
  write_text(root / "etc/hostname", "sandbox\n");
  write_text(root / "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  write_text(root / "etc/motd", "hello\n");
  write_text(root / "etc/app/app.conf", "a = 1\n");
  ::chmod((root / "etc/app/app.conf").c_str(), 0640);
  ::chown((root / "etc/app/app.conf").c_str(), 0, 4);
  fs::create_symlink("/usr/share/zoneinfo/Etc/UTC", root / "etc/localtime");
  fs::create_symlink("motd", root / "etc/motd.link");
  fs::create_directories(root / "etc/app/private");
  ::chmod((root / "etc/app/private").c_str(), 0750);
  ::chown((root / "etc/app/private").c_str(), 0, 4);
  write_text(root / "etc/shadow", "root:*:1::::::\n");
  ::chmod((root / "etc/shadow").c_str(), 0640);
  write_text(root / "home/alice/.config/app/settings.ini", "x = 1\n");
  ::chown((root / "home/alice/.config/app/settings.ini").c_str(), 1000, 1000);
  std::string unit = "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n";
  write_text(root / "lib/systemd/system/web.service", unit);
  write_text(root / "lib/systemd/system/idle.service", unit);
  write_text(root / "lib/systemd/system/multi-user.target", "[Unit]\nDescription=m\n");
  engine::Command enable{"/bin/systemctl", {"--root=" + root.string(), "enable", "web.service"},
                         {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}}};
  resources::ProcessRunner runner;
  (void)runner.run(enable);
  fs::path spool = root / "var/spool/cron/crontabs";
  write_text(spool / "alice", "0 3 * * * /usr/bin/backup\n");
  ::chmod((spool / "alice").c_str(), 0600);
  ::chown((spool / "alice").c_str(), 1000, 101);
  write_text(root / "var/log/syslog", "ok\nkernel: error: disk full\nfine\n");
}

}  // namespace twin::testing
