#include "resources/package_batches.h"

#include <fmt/format.h>

#include <set>

#include "resources/debian_names.h"
#include "resources/package_codes.h"
#include "resources/package_diff.h"
#include "resources/package_actions.h"

namespace twin::resources {
namespace {

using Kind = SimulatedChange::Kind;

void add(AptBatch& batch, std::size_t index, std::string argument) {
  batch.call.packages.push_back(std::move(argument));
  batch.members.push_back(index);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

bool PackageWork::has(engine::Action action) const {
  for (const engine::Change& change : changes)
    if (change.action == action) return true;
  return false;
}

AptBatches batch_apt_calls(const std::vector<PackageWork>& work) {
  AptBatches batches;
  batches.remove.call.operation = "remove";
  batches.purge.call.operation = "purge";
  batches.install.call.operation = "install";
  for (std::size_t i = 0; i < work.size(); ++i) {
    const PackageWork& w = work[i];
    if (w.has(package_action::kPurge)) {
      add(batches.purge, i, w.spec.name);
    } else if (w.has(package_action::kRemove)) {
      add(batches.remove, i, w.spec.name);
    } else if (w.changes_version()) {
      add(batches.install, i, w.spec.install_argument());
      // An explicit or recorded version is wanted even when it is older.
      if (!w.spec.wanted_version().empty()) batches.install.call.allow_downgrades = true;
    }
  }
  return batches;
}

engine::Result<BlastRadius> blast_radius(const AptBatch& batch,
                                         const std::vector<PackageWork>& work,
                                         const std::vector<SimulatedChange>& simulation,
                                         const DpkgDatabase& db) {
  std::set<std::string> declared;
  bool all_risky_allowed = !batch.members.empty();
  for (std::size_t i : batch.members) {
    declared.insert(work[i].spec.name);
    all_risky_allowed = all_risky_allowed && work[i].spec.allow_risky;
  }
  const PackageWork& first = work[batch.members.front()];

  BlastRadius radius;
  std::vector<std::string> installs, upgrades, downgrades, removes, purges;
  for (const SimulatedChange& change : simulation) {
    radius.touched.push_back(change.name);
    auto it = db.find(change.name);
    const InstalledPackage* installed = it == db.end() ? nullptr : &it->second;
    bool is_declared = declared.count(change.name) > 0;

    if (change.kind != Kind::kInstall && installed && installed->on_disk() && installed->risky()) {
      const PackageWork* owner = nullptr;
      for (std::size_t i : batch.members)
        if (work[i].spec.name == change.name) owner = &work[i];
      bool allowed = owner ? owner->spec.allow_risky : all_risky_allowed;
      if (!allowed)
        return risky_removal_error(*installed, change.kind == Kind::kPurge,
                                   owner ? owner->address : first.address,
                                   owner ? owner->spec.ensure_span : first.spec.ensure_span);
      if (installed->essential) radius.removes_essential = true;
    }
    if (is_declared) continue;
    if (installed && installed->held && installed->on_disk()) {
      engine::Error error = engine::make_error(
          package_codes::kHeldPackage,
          fmt::format("{} would also change package {}, which is held; declare it (with the "
                      "version you want) or release its hold first",
                      describe_call(batch.call), change.name),
          first.address);
      error.span = first.spec.title_span;
      return error;
    }
    switch (change.kind) {
      case Kind::kInstall:
        if (change.old_version.empty())
          installs.push_back(fmt::format("{} ({})", change.name, change.new_version));
        else
          (compare_versions(change.new_version, change.old_version) >= 0 ? upgrades : downgrades)
              .push_back(
                  fmt::format("{} ({} → {})", change.name, change.old_version, change.new_version));
        break;
      case Kind::kRemove:
        radius.removed.push_back(change.name);
        removes.push_back(change.old_version.empty()
                              ? change.name
                              : fmt::format("{} ({})", change.name, change.old_version));
        break;
      case Kind::kPurge:
        radius.removed.push_back(change.name);
        purges.push_back(change.old_version.empty()
                             ? change.name
                             : fmt::format("{} ({})", change.name, change.old_version));
        break;
    }
  }
  if (!installs.empty()) radius.details.push_back("also installs: " + joined(installs));
  if (!upgrades.empty()) radius.details.push_back("also upgrades: " + joined(upgrades));
  if (!downgrades.empty()) radius.details.push_back("also downgrades: " + joined(downgrades));
  if (!removes.empty()) radius.details.push_back("also removes: " + joined(removes));
  if (!purges.empty()) radius.details.push_back("also purges: " + joined(purges));
  return radius;
}

std::string describe_call(const AptGetCall& call) {
  std::string text = "apt-get " + call.operation + " --";
  for (const std::string& p : call.packages) text += " " + p;
  return text;
}

}  // namespace twin::resources
