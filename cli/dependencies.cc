#include "cli/dependencies.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace twin::cli {
namespace {

constexpr std::size_t kMaxVersionChars = 100;

engine::Command probe(const std::string& program, std::vector<std::string> args,
                      std::string_view path_list) {
  engine::Command command;
  command.program = program;
  command.args = std::move(args);
  command.env = {{"PATH", std::string(path_list)}, {"LC_ALL", "C"}};
  command.timeout = std::chrono::seconds(10);
  return command;
}

/// The tool's own --version, else the version dpkg records for its package
/// (crontab, for one, has no --version).
std::string version_of(engine::CommandRunner& runner, const Dependency& dependency,
                       const std::string& path, std::string_view path_list) {
  auto own = runner.run(probe(path, {"--version"}, path_list));
  if (own.ok() && own->succeeded())
    if (std::string line = first_line(*own); !line.empty()) return line;
  auto dpkg_query = find_on_path("dpkg-query", path_list);
  if (!dpkg_query) return "";
  auto recorded =
      runner.run(probe(*dpkg_query, {"-W", "-f=${Version}", dependency.package}, path_list));
  if (!recorded.ok() || !recorded->succeeded()) return "";
  std::string version = first_line(*recorded);
  return version.empty() ? "" : dependency.package + " " + version + " (version of its package)";
}

}  // namespace

const std::vector<Dependency>& twin_dependencies() {
  static const std::vector<Dependency> kDependencies = {
      {"dpkg", "dpkg", "package resources: install, remove, purge and hold (apply)"},
      {"dpkg-query", "dpkg", "reading the installed packages (snapshot, plan)"},
      {"apt-get", "apt",
       "installing packages with their dependencies; apt's blast radius in plans"},
      {"systemctl", "systemd", "service resources: enable, disable, start, stop (snapshot, apply)"},
      {"crontab", "cron", "crontab resources: installing a user's crontab (apply)"},
      {"journalctl", "systemd", "the journal's tail in the snapshot's logs"},
      {"whiptail", "whiptail", "the menu (twin menu, or twin alone on a terminal)"},
      {"systemd-analyze", "systemd", "checking systemd unit files", false},
  };
  return kDependencies;
}

std::optional<std::string> find_on_path(std::string_view command, std::string_view path_list) {
  if (command.empty() || command.find('/') != std::string_view::npos) return std::nullopt;
  while (true) {
    std::size_t colon = path_list.find(':');
    std::string_view dir = path_list.substr(0, colon);
    if (!dir.empty() && dir.front() == '/') {
      std::string candidate =
          std::string(dir) + (dir.back() == '/' ? "" : "/") + std::string(command);
      struct stat st {};
      if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
          ::access(candidate.c_str(), X_OK) == 0)
        return candidate;
    }
    if (colon == std::string_view::npos) return std::nullopt;
    path_list.remove_prefix(colon + 1);
  }
}

std::string first_line(const engine::CommandOutput& output) {
  for (const std::string* text : {&output.out, &output.err}) {
    std::string_view rest = *text;
    while (!rest.empty()) {
      std::size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
        line.remove_prefix(1);
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
        line.remove_suffix(1);
      if (!line.empty()) return std::string(line.substr(0, kMaxVersionChars));
    }
  }
  return "";
}

std::vector<DependencyStatus> probe_dependencies(engine::CommandRunner& runner,
                                                 std::string_view path_list) {
  std::vector<DependencyStatus> statuses;
  for (const auto& dependency : twin_dependencies()) {
    DependencyStatus status{dependency, find_on_path(dependency.command, path_list), ""};
    if (status.path) status.version = version_of(runner, dependency, *status.path, path_list);
    statuses.push_back(std::move(status));
  }
  return statuses;
}

std::vector<std::string> missing_packages(const std::vector<DependencyStatus>& statuses) {
  std::vector<std::string> packages;
  for (const auto& s : statuses)
    if (!s.path &&
        std::find(packages.begin(), packages.end(), s.dependency.package) == packages.end())
      packages.push_back(s.dependency.package);
  return packages;
}

}  // namespace twin::cli
