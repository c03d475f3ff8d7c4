// `twin agent install` and `twin agent uninstall` (declared in
// cli/agent_command.h): the unit files are written inside the root through
// RootedFs (never following a link out of it), and systemctl runs through
// the Host's command runner, argv only.
#include <unistd.h>

#include <iostream>

#include "cli/console_reporter.h"
#include "cli/agent_command.h"
#include "cli/agent_units.h"
#include "cli/exit_code.h"
#include "cli/twin_location.h"
#include "resources/process_runner.h"
#include "resources/rooted_fs.h"
#include "resources/unit_files.h"

namespace twin::cli {
namespace {

namespace fs = std::filesystem;

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

std::string unit_path(const char* unit) { return std::string(kAgentUnitDir) + "/" + unit; }

/// True on / when systemd is the running init (sd_booted's test), so that
/// daemon-reload and start/stop reach a manager.
bool manager_running(const fs::path& root) {
  std::error_code ec;
  return root == "/" && fs::is_directory("/run/systemd/system", ec);
}

/// Runs `systemctl [--root=ROOT] ARGS`; E1704 with its stderr on failure.
engine::Status systemctl(const engine::Host& host, std::vector<std::string> args) {
  std::string what = "systemctl";
  for (const auto& a : args) what += " " + a;
  auto run = host.runner().run(resources::systemctl_command(host.root(), std::move(args)));
  if (!run) return run.error();
  if (!run->succeeded()) {
    std::string err = run->err;
    while (!err.empty() && err.back() == '\n') err.pop_back();
    return engine::make_error(
        "E1704",
        what + " failed: " + (err.empty() ? "exit " + std::to_string(run->exit_code) : err));
  }
  return {};
}

/// Creates the missing directories of /etc/systemd/system (0755 root).
engine::Status make_unit_dir(const resources::RootedFs& rfs) {
  for (const char* dir : {"/etc", "/etc/systemd", kAgentUnitDir}) {
    auto meta = rfs.lstat(dir);
    if (!meta) return meta.error();
    if (*meta) continue;
    if (auto made = rfs.make_dir(dir, 0755, 0, 0); !made) return made.error();
  }
  return {};
}

/// The binary the unit runs: --binary, else this process's own file.
engine::Result<std::string> agent_binary(const AgentOptions& o, const fs::path& root) {
  std::error_code ec;
  fs::path binary = o.binary.empty() ? fs::read_symlink("/proc/self/exe", ec) : fs::path(o.binary);
  if (ec)
    return engine::make_error(
        "E1703", "cannot tell where this twin binary is: " + ec.message() + "; pass --binary PATH");
  if (!binary.is_absolute())
    return engine::make_error("E1703", "--binary must be an absolute path", binary.string());
  if (root == "/" && ::access(binary.c_str(), X_OK) != 0)
    return engine::make_error("E1703", "--binary is not an executable file", binary.string());
  if (root != "/" && !fs::exists(root / binary.relative_path(), ec))
    std::cout << "Note: " << binary.string() << " does not exist under " << root.string()
              << " yet; install twin there before the timer fires (or pass --binary).\n";
  return binary.string();
}

/// The twin's path as the target sees it: inside the root, without ROOT.
std::string twin_as_target_sees(const fs::path& twin, const fs::path& root) {
  if (root == "/") return twin.string();
  fs::path inside = twin.lexically_relative(root);
  if (inside.empty() || *inside.begin() == "..") {
    std::cout << "Note: the twin " << twin.string() << " is outside " << root.string()
              << "; the unit names it by this path, which must exist on the target.\n";
    return twin.string();
  }
  return (fs::path("/") / inside).string();
}

}  // namespace

int run_agent_install(const AgentOptions& o) {
  auto interval = parse_agent_interval(o.interval);
  if (!interval) return fail(interval.error());
  // The twin's recorded machine by default: a twin of a sandbox installs its
  // agent there, never on / by accident.
  auto target = locate_target(o.target);
  if (!target) return to_int(ExitCode::kError);
  const std::filesystem::path& twin = target->twin.dir;
  const std::filesystem::path& root = target->root;
  auto binary = agent_binary(o, root);
  if (!binary) return fail(binary.error());
  AgentUnitSettings settings{*binary, twin_as_target_sees(twin, root), o.policy, *interval};
  auto service = render_agent_service(settings);
  if (!service) return fail(service.error());

  auto rfs = resources::RootedFs::open(root);
  if (!rfs) return fail(rfs.error());
  if (auto made = make_unit_dir(*rfs); !made) return fail(made.error());
  // The service first: the timer names it.
  if (auto st = rfs->write_file_atomic(unit_path(kAgentService), *service, 0644, 0, 0); !st)
    return fail(st.error());
  if (auto st =
          rfs->write_file_atomic(unit_path(kAgentTimer), render_agent_timer(*interval), 0644, 0, 0);
      !st)
    return fail(st.error());

  resources::ProcessRunner runner;
  engine::Host host(root, runner);
  if (auto st = systemctl(host, {"enable", kAgentTimer}); !st) return fail(st.error());
  if (manager_running(root)) {
    if (auto st = systemctl(host, {"daemon-reload"}); !st) return fail(st.error());
    // restart, so that a re-install with a new interval takes effect now.
    if (auto st = systemctl(host, {"restart", kAgentTimer}); !st) return fail(st.error());
  }
  std::cout << "Installed " << kAgentService << " and " << kAgentTimer << " in "
            << (root / fs::path(kAgentUnitDir).relative_path()).string()
            << " and enabled the timer" << (manager_running(root) ? " (started)" : "")
            << ".\nThe agent runs every " << interval->text << " with policy " << o.policy
            << " on the twin " << settings.twin << ". See its runs with `twin agent status`.\n";
  return to_int(ExitCode::kOk);
}

int run_agent_uninstall(const AgentOptions& o) {
  auto root = locate_root(o.target.root);
  if (!root) return to_int(ExitCode::kError);
  auto rfs = resources::RootedFs::open(*root);
  if (!rfs) return fail(rfs.error());
  auto timer = rfs->lstat(unit_path(kAgentTimer));
  if (!timer) return fail(timer.error());
  auto service = rfs->lstat(unit_path(kAgentService));
  if (!service) return fail(service.error());
  if (!*timer && !*service) {
    std::cout << "The agent is not installed under " << root->string() << "; nothing to remove.\n";
    return to_int(ExitCode::kOk);
  }
  resources::ProcessRunner runner;
  engine::Host host(*root, runner);
  bool running = manager_running(*root);
  if (*timer) {
    if (running)
      if (auto st = systemctl(host, {"stop", kAgentTimer}); !st) return fail(st.error());
    if (auto st = systemctl(host, {"disable", kAgentTimer}); !st) return fail(st.error());
    if (auto st = rfs->remove(unit_path(kAgentTimer)); !st) return fail(st.error());
  }
  if (*service)
    if (auto st = rfs->remove(unit_path(kAgentService)); !st) return fail(st.error());
  if (running)
    if (auto st = systemctl(host, {"daemon-reload"}); !st) return fail(st.error());
  std::cout << "Disabled and removed " << kAgentTimer << " and " << kAgentService << " under "
            << root->string() << ". Past runs stay in the twin (`twin agent status`).\n";
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
