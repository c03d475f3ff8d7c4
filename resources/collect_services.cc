#include "resources/collect_services.h"

#include <algorithm>

#include "resources/collect_walk.h"
#include "resources/service_provider.h"
#include "resources/systemd_names.h"
#include "resources/unit_files.h"
#include "resources/unit_state_cache.h"

namespace twin::resources {
namespace {

constexpr const char* kUnitDirs[] = {"/etc/systemd/system", "/lib/systemd/system",
                                     "/usr/lib/systemd/system"};

/// The active state of each unit from one `systemctl show` (manager only);
/// a failure leaves them unknown rather than failing the snapshot.
void add_active_states(const engine::Host& host, ServicesCollection& out) {
  std::vector<std::string> units;
  for (const auto& s : out.services) units.push_back(s.unit);
  if (units.empty()) return;
  std::vector<std::string> args = {"show", "-p", "Id,LoadState,ActiveState,UnitFileState"};
  args.insert(args.end(), units.begin(), units.end());
  auto run = host.runner().run(systemctl_command(host.root(), std::move(args)));
  if (!run || !run->succeeded()) {
    out.note = "systemctl show failed: active states not collected";
    return;
  }
  auto runtime = parse_show_output(run->out, units.size());
  if (!runtime) {
    out.note = runtime.error().message;
    return;
  }
  for (std::size_t i = 0; i < units.size(); ++i)
    out.services[i].active_state = (*runtime)[i].active_state;
}

}  // namespace

std::vector<std::string> managed_unit_names(const std::vector<std::string>& file_names) {
  std::vector<std::string> units;
  for (const auto& name : file_names)
    if (is_managed_unit_name(name)) units.push_back(name);
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  return units;
}

std::string service_title(const std::string& unit) {
  constexpr std::string_view kSuffix = ".service";
  if (unit.size() > kSuffix.size() && unit.ends_with(kSuffix))
    return unit.substr(0, unit.size() - kSuffix.size());
  return unit;
}

engine::Result<ServicesCollection> collect_services(const engine::Host& host,
                                                    engine::ObservationCache* cache) {
  ServicesCollection out;
  std::vector<std::string> names;
  for (const char* dir : kUnitDirs) {
    auto listing = list_tree(host.root(), dir, false);
    if (!listing || !*listing) continue;  // absent, or a /lib link leading out of a sandbox
    for (const auto& entry : (*listing)->entries)
      if (entry.meta.kind == FileKind::kFile || entry.meta.kind == FileKind::kSymlink)
        names.push_back(entry.path.substr(entry.path.rfind('/') + 1));
  }
  std::vector<std::string> units = managed_unit_names(names);
  if (units.empty()) {
    out.note = "no unit files under the root: services not collected";
    return out;
  }
  auto states = observe_unit_file_states(host, units, cache);
  if (!states) return states.error();
  for (const auto& unit : units) {
    auto it = states->find(unit);
    out.services.push_back({unit, it == states->end() ? "not-found" : it->second, std::nullopt});
  }
  out.manager_runs = systemd_manager_runs(host);
  if (out.manager_runs) add_active_states(host, out);
  return out;
}

}  // namespace twin::resources
