#include "resources/collect_packages.h"

#include "resources/apt_target.h"
#include "resources/package_queries.h"

namespace twin::resources {
namespace {

std::string_view trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

}  // namespace

std::set<std::pair<std::string, std::string>> parse_auto_installed(std::string_view text) {
  std::set<std::pair<std::string, std::string>> marked;
  std::string name, arch;
  bool automatic = false;
  auto finish = [&] {
    if (!name.empty() && automatic) marked.emplace(name, arch);
    name.clear();
    arch.clear();
    automatic = false;
  };
  while (true) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (trim(line).empty()) {
      finish();
    } else if (line[0] != ' ' && line[0] != '\t') {
      std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string_view key = line.substr(0, colon), value = trim(line.substr(colon + 1));
        if (key == "Package") name = value;
        if (key == "Architecture") arch = value;
        if (key == "Auto-Installed") automatic = value == "1";
      }
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  finish();
  return marked;
}

engine::Result<PackagesCollection> collect_packages(const engine::Host& host, const RootedFs& fs) {
  PackagesCollection out;
  auto status = fs.lstat("/var/lib/dpkg/status");
  if (!status) return status.error();
  if (!*status) {
    out.note = "no dpkg database (var/lib/dpkg/status) under the root: packages not collected";
    return out;
  }
  auto target = AptTarget::open(host);
  if (!target) return target.error();
  auto db = observe_packages(*target);
  if (!db) return db.error();

  std::set<std::pair<std::string, std::string>> automatic;
  if (auto states = fs.read_file("/var/lib/apt/extended_states"); states.ok())
    automatic = parse_auto_installed(*states);
  auto is_auto = [&](const InstalledPackage& p) {
    if (automatic.count({p.name, p.architecture}) || automatic.count({p.name, ""})) return true;
    // apt records "Architecture: all" packages under the native architecture.
    if (p.architecture != "all") return false;
    auto it = automatic.lower_bound({p.name, ""});
    return it != automatic.end() && it->first == p.name;
  };
  for (const auto& [name, p] : *db) {
    if (p.state != InstallState::kInstalled) continue;
    out.packages.push_back(
        {p.name, p.architecture, p.version, !is_auto(p), p.held, p.essential, p.priority});
  }
  return out;
}

}  // namespace twin::resources
