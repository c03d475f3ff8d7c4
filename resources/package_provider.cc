#include "resources/package_provider.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "resources/apt_target.h"
#include "resources/package_batches.h"
#include "resources/package_codes.h"
#include "resources/package_diff.h"
#include "resources/package_queries.h"
#include "resources/package_record.h"
#include "resources/package_spec.h"
#include "resources/package_undo.h"
#include "resources/package_actions.h"

namespace twin::resources {
namespace {

// E3303/E3304 say the lists may be old; this says whose lists and how to
// update them: a sandbox root has its own (ROOT/var/lib/apt/lists), which
// the host's `apt-get update` never touches.
engine::Error with_update_command(engine::Error error, const engine::Host& host) {
  if (error.code != package_codes::kNoCandidate && error.code != package_codes::kVersionUnavailable)
    return error;
  if (host.is_system_root()) {
    error.message += "; update them with `apt-get update`";
    return error;
  }
  std::string root = host.root().string();
  std::error_code ec;
  bool has_apt = std::filesystem::exists(host.root() / "usr/bin/apt-get", ec);
  error.message += "; the lists are the root " + root + "'s own: update them with " +
                   (has_apt ? "`chroot " + root + " apt-get update`"
                            : "`apt-get -o Dir=" + root + "/ -o Dir::State::status=" + root +
                                  "/var/lib/dpkg/status update`");
  return error;
}

using engine::Action;

constexpr char kType[] = "package";

std::vector<std::string> names_of(const std::vector<PackageWork>& work,
                                  const std::vector<std::size_t>& members) {
  std::vector<std::string> names;
  for (std::size_t i : members) names.push_back(work[i].spec.name);
  return names;
}

std::string addresses_of(const std::vector<PackageWork>& work,
                         const std::vector<std::size_t>& members) {
  std::string text;
  for (std::size_t i : members) text += (text.empty() ? "" : ", ") + work[i].address;
  return text;
}

// A removal that apt would carry into a package the twin declares (one it
// depends on) would undo that declaration: refused, naming both.
engine::Status refuse_taking_declared(const AptBatch& batch, const std::vector<PackageWork>& work,
                                      const std::vector<SimulatedChange>& simulation,
                                      const engine::Context& ctx) {
  if (!ctx.is_declared) return {};
  for (const SimulatedChange& change : simulation) {
    if (change.kind == SimulatedChange::Kind::kInstall) continue;
    std::string name = change.name.substr(0, change.name.find(':'));
    bool removed_on_purpose = std::any_of(work.begin(), work.end(), [&](const PackageWork& w) {
      return w.spec.name == name && w.removes();
    });
    std::string address = lang::Reference{"package", name}.address();
    if (removed_on_purpose || !ctx.is_declared(address)) continue;
    const PackageWork& first = work[batch.members.front()];
    engine::Error error = engine::make_error(
        package_codes::kTakesDeclared,
        fmt::format("{} would also remove {}, which the twin declares; keep what it depends on "
                    "(declare it, or add it to `keep`), or declare {} absent too",
                    addresses_of(work, batch.members), address, address),
        first.address);
    error.span = first.spec.title_span;
    return error;
  }
  return {};
}

// What plan and apply both decide before diffing, so they agree: the specs
// with the twin's record filled in, apt's marks, and the policies of the
// packages that may get a version.
struct SpecContext {
  PolicyMap policies;
  std::set<std::string, std::less<>> auto_marks;
  std::vector<std::optional<std::string>> record_notes;  // per spec: why a recorded version is not
};

engine::Result<SpecContext> prepare_specs(const AptTarget& target, const DpkgDatabase& db,
                                          const engine::Context& ctx,
                                          std::vector<PackageSpec>& specs) {
  SpecContext out;
  out.record_notes.resize(specs.size());
  auto find = [&](const std::string& name) -> const InstalledPackage* {
    auto it = db.find(name);
    return it == db.end() ? nullptr : &it->second;
  };
  if (!ctx.twin_dir.empty()) {
    auto record = read_package_record(ctx.twin_dir);
    if (!record) return record.error();
    if (*record)
      for (PackageSpec& spec : specs)
        if (auto it = (*record)->find(spec.name); it != (*record)->end()) {
          fill_from_record(spec, it->second);
          // The record never moves an installed package to another version:
          // an upgrade since the snapshot may be a security fix, and an
          // agent applying the twin must not undo it. Only a package
          // installed again gets the recorded version.
          if (const InstalledPackage* now = find(spec.name); now && now->on_disk())
            spec.preferred_version.clear();
        }
  }
  auto marks = observe_auto_marks(target);
  if (!marks) return marks.error();
  out.auto_marks = std::move(*marks);
  std::vector<std::string> policy_names;
  for (const PackageSpec& spec : specs)
    if (needs_policy(spec, find(spec.name))) policy_names.push_back(spec.name);
  auto policies = query_policy(target, policy_names);
  if (!policies) return policies.error();
  out.policies = std::move(*policies);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (!needs_policy(specs[i], find(specs[i].name))) continue;
    auto policy = out.policies.find(specs[i].name);
    out.record_notes[i] = keep_offered_version(
        specs[i], policy == out.policies.end() ? nullptr : &policy->second);
  }
  return out;
}

// Simulates every non-empty batch, checks it and puts its blast radius in
// the details of the first change of the first step it serves.
engine::Status describe_blast_radius(const AptTarget& target, std::vector<PackageWork>& work,
                                     const DpkgDatabase& db, const engine::Context& ctx) {
  AptBatches batches = batch_apt_calls(work);
  for (AptBatch* batch : {&batches.remove, &batches.purge, &batches.install}) {
    if (batch->empty()) continue;
    auto simulation = simulate_call(target, batch->call);
    if (!simulation) return simulation.error();
    if (batch != &batches.install)
      if (auto st = refuse_taking_declared(*batch, work, *simulation, ctx); !st) return st;
    auto radius = blast_radius(*batch, work, *simulation, db);
    if (!radius) return radius.error();
    PackageWork& first = work[batch->members.front()];
    Action wanted = batch == &batches.install  ? package_action::kInstall
                    : batch == &batches.remove ? package_action::kRemove
                                               : package_action::kPurge;
    for (engine::Change& change : first.changes) {
      bool match = change.action == wanted ||
                   (wanted == package_action::kInstall && change.action == package_action::kUpgrade);
      if (!match) continue;
      change.details.insert(change.details.end(), radius->details.begin(), radius->details.end());
      change.removes.insert(change.removes.end(), radius->removed.begin(), radius->removed.end());
      break;
    }
  }
  return {};
}

// --- apply -----------------------------------------------------------------

// The calls of one group, in the order they run. Each step's last phase
// tells when it is complete.
enum Phase {
  kRelease,
  kRemovePhase,
  kPurgePhase,
  kInstallPhase,
  kMarkAutoPhase,
  kMarkManualPhase,
  kHoldPhase,
  kPhaseCount
};

struct GroupCalls {
  std::vector<std::size_t> release;  // holds released before a change
  AptBatches apt;
  std::vector<std::size_t> mark_auto, mark_manual;  // apt-mark after the install
  std::vector<std::size_t> hold;  // holds set (or set again) after
};

GroupCalls plan_calls(const std::vector<PackageWork>& work, const DpkgDatabase& db,
                      const std::set<std::string, std::less<>>& auto_marks) {
  GroupCalls calls;
  calls.apt = batch_apt_calls(work);
  for (std::size_t i = 0; i < work.size(); ++i) {
    const PackageWork& w = work[i];
    auto it = db.find(w.spec.name);
    bool held = it != db.end() && it->second.held;
    if (w.has(package_action::kMark))
      (wants_auto(w.spec, it == db.end() ? nullptr : &it->second,
                  auto_marks.count(w.spec.name) > 0)
           ? calls.mark_auto
           : calls.mark_manual)
          .push_back(i);
    if (w.has(package_action::kUnhold) || (held && (w.changes_version() || w.removes())))
      calls.release.push_back(i);
    if (w.has(package_action::kHold) || (held && w.spec.hold != false && w.changes_version()))
      calls.hold.push_back(i);
  }
  return calls;
}

std::vector<int> last_phase_of_steps(const GroupCalls& calls, std::size_t count) {
  std::vector<int> last(count, -1);
  auto mark = [&](const std::vector<std::size_t>& members, int phase) {
    for (std::size_t i : members) last[i] = std::max(last[i], phase);
  };
  mark(calls.release, kRelease);
  mark(calls.apt.remove.members, kRemovePhase);
  mark(calls.apt.purge.members, kPurgePhase);
  mark(calls.apt.install.members, kInstallPhase);
  mark(calls.mark_auto, kMarkAutoPhase);
  mark(calls.mark_manual, kMarkManualPhase);
  mark(calls.hold, kHoldPhase);
  return last;
}

// Journals the state of `touched` now, then runs `command`.
engine::Status record_and_run(const AptTarget& target, engine::Checkpoint& checkpoint,
                              const std::string& address, const std::string& call_text,
                              const std::vector<std::string>& touched,
                              const engine::Command& command) {
  auto db = observe_packages(target);
  if (!db) return db.error();
  auto marks = observe_auto_marks(target);
  if (!marks) return marks.error();
  std::vector<PackageSnapshot> snapshots;
  std::set<std::string> seen;
  for (const std::string& name : touched) {
    // Foreign-architecture names ("x:i386") cannot be restored by name.
    if (!seen.insert(name).second || name.find(':') != std::string::npos) continue;
    snapshots.push_back(snapshot_of(*db, name, *marks));
  }
  if (auto st = checkpoint.record({kType, address, snapshots_to_json(call_text, snapshots)}); !st)
    return st;
  auto out = target.run(command);
  if (!out) return out.error();
  return {};
}

engine::Status run_selections(const AptTarget& target, engine::Checkpoint& checkpoint,
                              const std::vector<PackageWork>& work,
                              const std::vector<std::size_t>& members, bool hold) {
  std::string lines;
  for (std::size_t i : members) lines += work[i].spec.name + (hold ? " hold\n" : " install\n");
  std::string call = fmt::format("dpkg --set-selections ({})", hold ? "hold" : "release holds");
  return record_and_run(target, checkpoint, addresses_of(work, members), call,
                        names_of(work, members), target.set_selections(lines));
}

engine::Status run_marks(const AptTarget& target, engine::Checkpoint& checkpoint,
                         const std::vector<PackageWork>& work,
                         const std::vector<std::size_t>& members, bool automatic) {
  std::vector<std::string> names = names_of(work, members);
  std::string call = std::string("apt-mark ") + (automatic ? "auto" : "manual");
  return record_and_run(target, checkpoint, addresses_of(work, members), call, names,
                        target.apt_mark(automatic, names));
}

engine::Status run_apt_batch(const AptTarget& target, engine::Checkpoint& checkpoint,
                             const std::vector<PackageWork>& work, AptBatch batch,
                             const std::function<void(std::string_view)>& relay) {
  auto db = observe_packages(target);
  if (!db) return db.error();
  auto simulation = simulate_call(target, batch.call);
  if (!simulation) return simulation.error();
  auto radius = blast_radius(batch, work, *simulation, *db);
  if (!radius) return radius.error();
  batch.call.allow_remove_essential = radius->removes_essential;
  std::vector<std::string> touched = names_of(work, batch.members);
  touched.insert(touched.end(), radius->touched.begin(), radius->touched.end());
  engine::Command command = target.execute(batch.call);
  // apt's and dpkg's own progress ("Get:1 …", "Unpacking nginx …", "Setting
  // up …") reaches the person watching while the call runs.
  if (relay)
    command.on_output_line = [&relay](std::string_view line) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      if (!line.empty()) relay(line);
    };
  return record_and_run(target, checkpoint, addresses_of(work, batch.members),
                        describe_call(batch.call), touched, command);
}

}  // namespace

void PackageProvider::validate(const engine::Resource& resource, const engine::Context& ctx,
                               lang::DiagnosticSink& sink) const {
  (void)ctx;
  validate_package(resource, sink);
}

engine::Result<std::vector<engine::Step>> PackageProvider::plan(
    std::span<const engine::Resource* const> resources, const engine::Context& ctx) {
  std::vector<PackageSpec> specs;
  for (const engine::Resource* resource : resources) {
    auto spec = read_package_spec(*resource);
    if (!spec) return spec.error();
    specs.push_back(std::move(*spec));
  }
  notes_.clear();
  if (specs.empty()) return std::vector<engine::Step>{};

  auto target = AptTarget::open(ctx.host);
  if (!target) return target.error();
  auto db = observe_packages(*target);
  if (!db) return db.error();
  auto find = [&](const std::string& name) -> const InstalledPackage* {
    auto it = db->find(name);
    return it == db->end() ? nullptr : &it->second;
  };
  auto prepared = prepare_specs(*target, *db, ctx, specs);
  if (!prepared) return prepared.error();
  const PolicyMap& policies = prepared->policies;

  std::vector<PackageWork> work;
  std::vector<const engine::Resource*> owners;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto policy = policies.find(specs[i].name);
    std::string address = resources[i]->address();
    const InstalledPackage* installed = find(specs[i].name);
    auto changes = diff_package(specs[i], installed,
                                policy == policies.end() ? nullptr : &policy->second, address,
                                prepared->auto_marks.count(specs[i].name) > 0);
    if (!changes) return with_update_command(changes.error(), ctx.host);
    if (const auto& why = prepared->record_notes[i]) {
      // The plan says which version the package gets instead.
      auto install = std::find_if(changes->begin(), changes->end(), [](const engine::Change& c) {
        return c.action == package_action::kInstall;
      });
      if (install != changes->end())
        install->details.push_back(*why + "; apt's candidate is installed");
      else if (installed)
        notes_.push_back(fmt::format("{} stays at version {}: {}", address, installed->version,
                                     *why));
    }
    if (changes->empty()) continue;
    work.push_back({specs[i], std::move(address), std::move(*changes)});
    owners.push_back(resources[i]);
  }
  if (auto st = describe_blast_radius(*target, work, *db, ctx); !st) return st.error();

  std::vector<engine::Step> steps;
  for (std::size_t i = 0; i < work.size(); ++i)
    steps.push_back({owners[i], kType, std::move(work[i].address), std::move(work[i].changes)});
  return steps;
}

engine::Provider::GroupResult PackageProvider::apply_group(
    std::span<const engine::Step* const> steps, const engine::Context& ctx,
    engine::Checkpoint& checkpoint) {
  GroupResult result;
  std::vector<PackageSpec> specs;
  for (const engine::Step* step : steps) {
    if (!step->resource) {
      result.status = engine::make_error(package_codes::kInvalidDecl,
                                         "package step has no declaration", step->address);
      return result;
    }
    auto spec = read_package_spec(*step->resource);
    if (!spec) {
      result.status = spec.error();
      return result;
    }
    specs.push_back(std::move(*spec));
  }
  auto target = AptTarget::open(ctx.host);
  if (!target) {
    result.status = target.error();
    return result;
  }
  auto db = observe_packages(*target);
  if (!db) {
    result.status = db.error();
    return result;
  }
  // The record and apt's offer decide versions and marks as they did in plan.
  auto prepared = prepare_specs(*target, *db, ctx, specs);
  if (!prepared) {
    result.status = prepared.error();
    return result;
  }
  std::vector<PackageWork> work;
  for (std::size_t i = 0; i < steps.size(); ++i)
    work.push_back({std::move(specs[i]), steps[i]->address, steps[i]->changes});
  GroupCalls calls = plan_calls(work, *db, prepared->auto_marks);
  std::vector<int> last_phase = last_phase_of_steps(calls, work.size());

  for (int phase = kRelease; phase < kPhaseCount; ++phase) {
    engine::Status st;
    switch (phase) {
      case kRelease:
        if (!calls.release.empty())
          st = run_selections(*target, checkpoint, work, calls.release, false);
        break;
      case kRemovePhase:
        if (!calls.apt.remove.empty())
          st = run_apt_batch(*target, checkpoint, work, calls.apt.remove, ctx.step_output);
        break;
      case kPurgePhase:
        if (!calls.apt.purge.empty())
          st = run_apt_batch(*target, checkpoint, work, calls.apt.purge, ctx.step_output);
        break;
      case kInstallPhase:
        if (!calls.apt.install.empty())
          st = run_apt_batch(*target, checkpoint, work, calls.apt.install, ctx.step_output);
        break;
      case kMarkAutoPhase:
        if (!calls.mark_auto.empty())
          st = run_marks(*target, checkpoint, work, calls.mark_auto, true);
        break;
      case kMarkManualPhase:
        if (!calls.mark_manual.empty())
          st = run_marks(*target, checkpoint, work, calls.mark_manual, false);
        break;
      case kHoldPhase:
        if (!calls.hold.empty()) st = run_selections(*target, checkpoint, work, calls.hold, true);
        break;
    }
    if (!st) {
      // Steps whose calls all ran before this one are complete.
      result.completed = 0;
      while (result.completed < work.size() && last_phase[result.completed] < phase)
        ++result.completed;
      result.status = st;
      return result;
    }
  }
  result.completed = work.size();
  return result;
}

engine::Status PackageProvider::apply(const engine::Step& step, const engine::Context& ctx,
                                      engine::Checkpoint& checkpoint) {
  const engine::Step* one[] = {&step};
  return apply_group(one, ctx, checkpoint).status;
}

engine::Status PackageProvider::undo(const engine::UndoRecord& record, const engine::Context& ctx,
                                     const engine::Checkpoint& checkpoint) {
  (void)checkpoint;
  auto snapshots = snapshots_from_json(record.data);
  if (!snapshots) return snapshots.error();
  if (snapshots->empty()) return {};
  auto target = AptTarget::open(ctx.host);
  if (!target) return target.error();
  return restore_snapshots(*target, *snapshots);
}

}  // namespace twin::resources
