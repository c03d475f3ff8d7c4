#include "cli/check_deps_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "cli/dependencies.h"
#include "cli/exit_code.h"
#include "cli/json_output.h"
#include "cli/terminal.h"
#include "resources/process_runner.h"

namespace twin::cli {
namespace {

std::string path_list() {
  const char* path = std::getenv("PATH");
  return path && *path ? path : kDefaultPath;
}

void print_statuses(const std::vector<DependencyStatus>& statuses, const std::string& path) {
  bool color = use_color(stdout);
  std::size_t width = 0;
  for (const auto& s : statuses) width = std::max(width, s.dependency.command.size());
  std::cout << "Commands twin runs, looked up on PATH (" << path << "):\n";
  for (const auto& s : statuses) {
    const Dependency& d = s.dependency;
    std::string pad(width - d.command.size() + 2, ' ');
    std::string state = s.path ? "ok     " : d.required ? "MISSING" : "absent ";
    std::string colour = s.path ? "green" : d.required ? "red" : "yellow";
    std::cout << "  " << paint(state, colour, color) << "  " << d.command << pad;
    if (s.path)
      std::cout << (s.version.empty() ? "version unknown" : s.version) << "\n";
    else
      std::cout << "not found (Debian package " << d.package << ")\n";
    std::cout << "  " << std::string(7 + 2 + width + 2, ' ')
              << (s.path ? *s.path + ": " : std::string()) << (d.required ? "" : "optional: ")
              << d.needed_for << "\n";
  }
}

bool any_required_missing(const std::vector<DependencyStatus>& statuses) {
  return std::any_of(statuses.begin(), statuses.end(),
                     [](const DependencyStatus& s) { return s.dependency.required && !s.path; });
}

std::string install_command(const std::vector<std::string>& packages) {
  std::string text = "apt-get install -y";
  for (const auto& p : packages) text += " " + p;
  return text;
}

/// Runs apt-get (found on PATH) for `packages`; prints its output.
bool run_apt_get(const std::string& apt_get, const std::vector<std::string>& packages,
                 const std::string& path) {
  engine::Command command;
  command.program = apt_get;
  command.args = {"install", "-y"};
  command.args.insert(command.args.end(), packages.begin(), packages.end());
  command.env = {{"PATH", path}, {"LC_ALL", "C"}, {"DEBIAN_FRONTEND", "noninteractive"}};
  command.timeout = std::chrono::minutes(30);
  resources::ProcessRunner runner;
  auto ran = runner.run(command);
  if (!ran) {
    std::cerr << "twin: error: " << ran.error().text() << "\n";
    return false;
  }
  std::cout << ran->out;
  std::cerr << ran->err;
  if (ran->succeeded()) return true;
  std::cerr << "twin: error: apt-get failed ("
            << (ran->timed_out ? std::string("timed out")
                               : "exit " + std::to_string(ran->exit_code))
            << ")\n";
  return false;
}

/// --install: refuses unless root and confirmed; returns the exit code.
int install(const std::vector<DependencyStatus>& statuses, const CheckDepsOptions& options,
            const std::string& path) {
  auto packages = missing_packages(statuses);
  if (packages.empty()) {
    std::cout << "Nothing to install.\n";
    return to_int(ExitCode::kOk);
  }
  std::string command = install_command(packages);
  auto apt_get = std::find_if(statuses.begin(), statuses.end(), [](const DependencyStatus& s) {
    return s.dependency.command == "apt-get";
  });
  if (apt_get == statuses.end() || !apt_get->path) {
    std::cerr << "twin: cannot install: apt-get itself is missing. Install apt first (with dpkg "
                 "-i), then run: "
              << command << "\n";
    return to_int(ExitCode::kError);
  }
  if (::geteuid() != 0) {
    std::cerr << "twin: installing packages needs root. Run: sudo " << command << "\n";
    return to_int(ExitCode::kError);
  }
  if (!options.yes) {
    if (!is_interactive()) {
      std::cerr << "twin: refusing to install without confirmation: not on a terminal. Pass -y, "
                   "or run: "
                << command << "\n";
      return to_int(ExitCode::kError);
    }
    if (!confirm("Run `" + command + "`?")) {
      std::cout << "Nothing installed. To install later, run: " << command << "\n";
      return to_int(ExitCode::kError);
    }
  }
  std::cout << "Running: " << command << "\n";
  if (!run_apt_get(*apt_get->path, packages, path)) return to_int(ExitCode::kError);
  resources::ProcessRunner runner;
  auto after = probe_dependencies(runner, path);
  std::cout << "\n";
  print_statuses(after, path);
  return to_int(any_required_missing(after) ? ExitCode::kError : ExitCode::kOk);
}

}  // namespace

int run_check_deps(const CheckDepsOptions& options) {
  std::string path = path_list();
  resources::ProcessRunner runner;
  auto statuses = probe_dependencies(runner, path);
  if (options.json) {
    nlohmann::json report = json_report("check-deps", 1);
    report["path"] = path;
    report["commands"] = nlohmann::json::array();
    for (const auto& s : statuses)
      report["commands"].push_back({{"command", s.dependency.command},
                                    {"present", s.path.has_value()},
                                    {"path", s.path ? nlohmann::json(*s.path) : nlohmann::json()},
                                    {"version", s.version},
                                    {"required", s.dependency.required},
                                    {"package", s.dependency.package},
                                    {"needed_for", s.dependency.needed_for}});
    report["missing_packages"] = missing_packages(statuses);
    report["ok"] = !any_required_missing(statuses);
    print_json(report);
    return to_int(any_required_missing(statuses) ? ExitCode::kError : ExitCode::kOk);
  }
  print_statuses(statuses, path);
  auto packages = missing_packages(statuses);
  std::cout << "\n";
  if (!any_required_missing(statuses)) std::cout << "Every required command is present.\n";
  if (!packages.empty() && !options.install)
    std::cout << "To install what is missing, run as root: " << install_command(packages)
              << "\n(or `twin check-deps --install`).\n";
  if (options.install) return install(statuses, options, path);
  return to_int(any_required_missing(statuses) ? ExitCode::kError : ExitCode::kOk);
}

}  // namespace twin::cli
