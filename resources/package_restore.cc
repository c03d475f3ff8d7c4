#include "resources/package_restore.h"

#include <fnmatch.h>

#include <algorithm>
#include <set>

#include "resources/debian_names.h"
#include "resources/package_queries.h"

namespace twin::resources {
namespace {

bool differs_from_record(const CollectedPackage& now, const RecordedPackage& recorded) {
  return compare_versions(now.version, recorded.version) != 0 || now.held != recorded.held ||
         now.manual == recorded.automatic;
}

// The names apt's simulation would remove or purge.
engine::Result<std::set<std::string>> simulated_removals(const AptTarget& target,
                                                         const AptGetCall& call) {
  auto simulation = simulate_call(target, call);
  if (!simulation) return simulation.error();
  std::set<std::string> names;
  for (const SimulatedChange& change : *simulation)
    if (change.kind != SimulatedChange::Kind::kInstall) names.insert(change.name);
  return names;
}

}  // namespace

bool matches_any(const std::string& name, const std::vector<std::string>& patterns) {
  for (const auto& pattern : patterns)
    if (::fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
  return false;
}

UnlistedDecision decide_unlisted(const std::vector<CollectedPackage>& installed,
                                 const PackageRecord* record,
                                 const std::vector<std::string>& keep) {
  UnlistedDecision out;
  std::set<std::string> present;
  for (const CollectedPackage& p : installed) {
    present.insert(p.name);
    const RecordedPackage* recorded = nullptr;
    if (record)
      if (auto it = record->find(p.name); it != record->end()) recorded = &it->second;
    if (recorded && recorded->automatic) {
      if (differs_from_record(p, *recorded)) out.restores.push_back(p.name);
      continue;
    }
    bool removable = !p.essential && p.priority != "required" && !matches_any(p.name, keep);
    if (!removable) continue;
    if (p.manual)
      out.removals.push_back(p.name);
    else if (record && !recorded)
      out.new_dependencies.push_back(p.name);
  }
  if (record)
    for (const auto& [name, recorded] : *record)
      if (recorded.automatic && !present.count(name)) out.restores.push_back(name);
  for (auto* list : {&out.removals, &out.restores, &out.new_dependencies})
    std::sort(list->begin(), list->end());
  return out;
}

engine::Result<std::vector<std::string>> unneeded_new_dependencies(
    const AptTarget& target, const std::vector<std::string>& removals,
    const std::vector<std::string>& candidates) {
  if (candidates.empty()) return std::vector<std::string>{};
  AptGetCall after{removals.empty() ? "autoremove" : "remove", removals, false, false};
  after.auto_remove = !removals.empty();
  auto garbage = simulated_removals(target, after);
  if (!garbage) return garbage.error();
  std::vector<std::string> unneeded;
  for (const std::string& name : candidates)
    if (garbage->count(name)) unneeded.push_back(name);
  if (unneeded.empty()) return unneeded;

  // apt's rule starts from today's marks: a package the twin keeps may be
  // marked auto-installed now and need one of them. Removing them must
  // take nothing along but what goes anyway; when it would, each is
  // checked on its own.
  std::set<std::string> allowed(unneeded.begin(), unneeded.end());
  allowed.insert(removals.begin(), removals.end());
  auto takes_only_allowed = [&](const std::vector<std::string>& names) -> engine::Result<bool> {
    auto removed = simulated_removals(target, {"remove", names, false, false});
    if (!removed) return removed.error();
    return std::all_of(removed->begin(), removed->end(),
                       [&](const std::string& n) { return allowed.count(n) > 0; });
  };
  auto all_fine = takes_only_allowed(unneeded);
  if (!all_fine) return all_fine.error();
  if (*all_fine) return unneeded;
  std::vector<std::string> safe;
  for (const std::string& name : unneeded) {
    auto fine = takes_only_allowed({name});
    if (!fine) return fine.error();
    if (*fine) safe.push_back(name);
  }
  return safe;
}

}  // namespace twin::resources
