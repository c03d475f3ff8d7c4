#include "resources/package_undo.h"

#include <fmt/format.h>

#include <set>

#include "resources/debian_names.h"
#include "resources/package_codes.h"
#include "resources/package_queries.h"

namespace twin::resources {
namespace {

using State = PackageSnapshot::State;

std::string_view state_name(State state) {
  switch (state) {
    case State::kAbsent:
      return "absent";
    case State::kConfigFiles:
      return "config-files";
    case State::kInstalled:
      return "installed";
  }
  return "absent";
}

std::string describe(const PackageSnapshot& s) {
  std::string text = s.state == State::kInstalled     ? s.name + " " + s.version
                     : s.state == State::kConfigFiles ? s.name + " (configuration files only)"
                                                      : s.name + " (absent)";
  return s.held ? text + " held" : text;
}

engine::Error bad_record(std::string why) {
  return engine::make_error(package_codes::kBadUndoRecord,
                            "package undo record is invalid: " + std::move(why));
}

bool same_package_state(const PackageSnapshot& want, const PackageSnapshot& now) {
  if (want.state != now.state) return false;
  return want.state != State::kInstalled || compare_versions(want.version, now.version) == 0;
}

// Selections lines ("name hold\n") that give installed packages the hold
// state of their snapshot; `only_release` limits it to releasing holds.
std::string hold_lines(const std::vector<PackageSnapshot>& snapshots, const DpkgDatabase& db,
                       bool only_release, const std::set<std::string>& names) {
  std::string lines;
  for (const PackageSnapshot& want : snapshots) {
    if (!names.empty() && !names.count(want.name)) continue;
    PackageSnapshot now = snapshot_of(db, want.name);
    if (now.state != State::kInstalled) continue;
    bool target_held = only_release ? false : want.held;
    if (now.held == target_held) continue;
    lines += want.name + (target_held ? " hold\n" : " install\n");
  }
  return lines;
}

}  // namespace

PackageSnapshot snapshot_of(const DpkgDatabase& db, const std::string& name,
                            const std::set<std::string, std::less<>>* auto_marks) {
  PackageSnapshot s;
  s.name = name;
  auto it = db.find(name);
  if (it == db.end()) return s;
  const InstalledPackage& p = it->second;
  s.held = p.held;
  if (p.on_disk()) {
    s.state = State::kInstalled;
    s.version = p.version;
    if (auto_marks) s.automatic = auto_marks->count(name) > 0;
  } else if (p.state == InstallState::kConfigFiles) {
    s.state = State::kConfigFiles;
  }
  return s;
}

nlohmann::json snapshots_to_json(const std::string& call,
                                 const std::vector<PackageSnapshot>& snapshots) {
  nlohmann::json packages = nlohmann::json::array();
  for (const PackageSnapshot& s : snapshots) {
    nlohmann::json entry = {
        {"name", s.name}, {"state", state_name(s.state)}, {"version", s.version}, {"held", s.held}};
    if (s.automatic) entry["auto"] = *s.automatic;
    packages.push_back(std::move(entry));
  }
  return {{"call", call}, {"packages", std::move(packages)}};
}

engine::Result<std::vector<PackageSnapshot>> snapshots_from_json(const nlohmann::json& data) {
  if (!data.is_object() || !data.contains("packages") || !data["packages"].is_array())
    return bad_record("no \"packages\" list");
  std::vector<PackageSnapshot> snapshots;
  for (const nlohmann::json& entry : data["packages"]) {
    if (!entry.is_object()) return bad_record("a package entry is not an object");
    auto name = entry.find("name");
    auto state = entry.find("state");
    auto version = entry.find("version");
    auto held = entry.find("held");
    if (name == entry.end() || !name->is_string() || state == entry.end() || !state->is_string() ||
        version == entry.end() || !version->is_string() || held == entry.end() ||
        !held->is_boolean())
      return bad_record("a package entry lacks name, state, version or held");
    PackageSnapshot s;
    s.name = name->get<std::string>();
    if (package_name_problem(s.name))
      return bad_record("invalid package name " + quoted_text(s.name));
    std::string state_text = state->get<std::string>();
    if (state_text == "absent") {
      s.state = State::kAbsent;
    } else if (state_text == "config-files") {
      s.state = State::kConfigFiles;
    } else if (state_text == "installed") {
      s.state = State::kInstalled;
    } else {
      return bad_record("unknown state " + quoted_text(state_text));
    }
    s.version = version->get<std::string>();
    if (s.state == State::kInstalled && version_problem(s.version))
      return bad_record("invalid version " + quoted_text(s.version) + " of " + s.name);
    s.held = held->get<bool>();
    if (auto automatic = entry.find("auto"); automatic != entry.end()) {
      if (!automatic->is_boolean()) return bad_record("\"auto\" of " + s.name + " is not a bool");
      s.automatic = automatic->get<bool>();
    }
    snapshots.push_back(std::move(s));
  }
  return snapshots;
}

engine::Status restore_snapshots(const AptTarget& target,
                                 const std::vector<PackageSnapshot>& snapshots) {
  auto db = observe_packages(target);
  if (!db) return db.error();

  std::set<std::string> covered, changing;
  std::vector<std::string> reinstall_names;
  AptGetCall call{"install", {}, /*allow_downgrades=*/true, /*allow_remove_essential=*/false};
  for (const PackageSnapshot& want : snapshots) {
    covered.insert(want.name);
    PackageSnapshot now = snapshot_of(*db, want.name);
    if (want.state == State::kInstalled && !same_package_state(want, now)) {
      reinstall_names.push_back(want.name);
      changing.insert(want.name);
    } else if (want.state != State::kInstalled && now.state == State::kInstalled) {
      call.packages.push_back(want.name + "-");
      changing.insert(want.name);
      auto it = db->find(want.name);
      // Undoing our own install of an essential package must not stall.
      if (it != db->end() && it->second.risky()) call.allow_remove_essential = true;
    }
  }

  // Old versions come back only from a package source.
  std::vector<std::string> unavailable;
  auto policy = query_policy(target, reinstall_names);
  if (!policy) return policy.error();
  for (const PackageSnapshot& want : snapshots) {
    if (want.state != State::kInstalled || !changing.count(want.name)) continue;
    auto it = policy->find(want.name);
    if (it != policy->end() && it->second.downloadable(want.version))
      call.packages.push_back(want.name + "=" + want.version);
    else
      unavailable.push_back(fmt::format("{} {}: no package source offers that version any more",
                                        want.name, want.version));
  }

  // Holds would make apt refuse the change: release them first.
  if (std::string lines = hold_lines(snapshots, *db, true, changing); !lines.empty())
    if (auto out = target.run(target.set_selections(lines)); !out) return out.error();

  if (!call.packages.empty()) {
    auto simulation = simulate_call(target, call);
    if (!simulation) return simulation.error();
    for (const SimulatedChange& change : *simulation)
      if (!covered.count(change.name))
        return engine::make_error(
            package_codes::kUndoIncomplete,
            fmt::format("undo would also change package {}, which this record does not cover; "
                        "nothing was changed",
                        change.name));
    if (auto out = target.run(target.execute(call)); !out) return out.error();
  }

  // What was absent may have left configuration files behind.
  db = observe_packages(target);
  if (!db) return db.error();
  AptGetCall purge{"purge", {}, false, false};
  for (const PackageSnapshot& want : snapshots)
    if (want.state == State::kAbsent && snapshot_of(*db, want.name).state == State::kConfigFiles)
      purge.packages.push_back(want.name);
  if (!purge.packages.empty()) {
    if (auto out = target.run(target.execute(purge)); !out) return out.error();
    db = observe_packages(target);
    if (!db) return db.error();
  }

  // A failed first install leaves an "install ok not-installed" entry
  // behind, which `dpkg-query -W` does not list. dpkg forgets an entry
  // marked for purge that is not installed the next time it writes its
  // database, hence the second, empty call. (Names dpkg does not know at
  // all only draw a warning.)
  std::string forget;
  for (const PackageSnapshot& want : snapshots) {
    auto it = db->find(want.name);
    if (want.state == State::kAbsent &&
        (it == db->end() || it->second.state == InstallState::kNotInstalled))
      forget += want.name + " purge\n";
  }
  if (!forget.empty()) {
    if (auto out = target.run(target.set_selections(forget)); !out) return out.error();
    if (auto out = target.run(target.set_selections("")); !out) return out.error();
    db = observe_packages(target);
    if (!db) return db.error();
  }

  if (std::string lines = hold_lines(snapshots, *db, false, {}); !lines.empty()) {
    if (auto out = target.run(target.set_selections(lines)); !out) return out.error();
    db = observe_packages(target);
    if (!db) return db.error();
  }

  // A reinstall marks a package manual; marks come back last.
  auto marks = observe_auto_marks(target);
  if (!marks) return marks.error();
  std::vector<std::string> to_auto, to_manual;
  for (const PackageSnapshot& want : snapshots) {
    if (!want.automatic || want.state != State::kInstalled) continue;
    if (snapshot_of(*db, want.name).state != State::kInstalled) continue;
    if ((marks->count(want.name) > 0) != *want.automatic)
      (*want.automatic ? to_auto : to_manual).push_back(want.name);
  }
  for (bool automatic : {true, false}) {
    const auto& names = automatic ? to_auto : to_manual;
    if (names.empty()) continue;
    if (auto out = target.run(target.apt_mark(automatic, names)); !out) return out.error();
  }
  if (!to_auto.empty() || !to_manual.empty()) {
    marks = observe_auto_marks(target);
    if (!marks) return marks.error();
  }

  std::vector<std::string> problems = unavailable;
  for (const PackageSnapshot& want : snapshots) {
    PackageSnapshot now = snapshot_of(*db, want.name);
    if (want.automatic && now.state == State::kInstalled &&
        (marks->count(want.name) > 0) != *want.automatic)
      problems.push_back(fmt::format("{}: expected marked {}", want.name,
                                     *want.automatic ? "auto" : "manual"));
    bool version_missing = false;
    for (const std::string& u : unavailable) version_missing |= u.starts_with(want.name + " ");
    if (version_missing) continue;
    if (!same_package_state(want, now) || (now.state == State::kInstalled && now.held != want.held))
      problems.push_back(
          fmt::format("{}: expected {}, found {}", want.name, describe(want), describe(now)));
  }
  if (problems.empty()) return {};
  std::string joined;
  for (const std::string& p : problems) joined += (joined.empty() ? "" : "; ") + p;
  return engine::make_error(package_codes::kUndoIncomplete,
                            "could not restore every package: " + joined);
}

}  // namespace twin::resources
