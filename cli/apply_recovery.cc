#include "cli/apply_recovery.h"

#include <iostream>

#include "engine/plan_json.h"

namespace twin::cli {
namespace fs = std::filesystem;

namespace {

engine::PlanOrigin origin_of(const Session& session) {
  return {session.context().twin_dir.string(), session.context().host.root().string()};
}

void refuse_interrupted(const engine::CheckpointInfo& cp, const Session& session) {
  std::string flags = target_flags(session.context().twin_dir, session.context().host.root());
  std::string who =
      cp.owner ? "process " + std::to_string(cp.owner->pid) + " is gone" : "its process is gone";
  print_error(engine::make_error(
      "E1605", "an earlier apply was interrupted: checkpoint " + cp.id + " (started " + cp.started +
                   ", " + std::to_string(cp.steps_done) + " of " +
                   std::to_string(cp.steps_planned) + " step(s) done; " + who +
                   "). The machine may be half-changed, so no new apply starts on top of it."));
  std::cerr << "  Undo what it did:  twin rollback " << cp.id << flags << "\n"
            << "  Or finish it:      twin apply --resume" << flags << "\n";
}

}  // namespace

std::string target_flags(const fs::path& twin_dir, const fs::path& root) {
  std::string flags;
  std::error_code ec;
  if (root != "/") flags += " --root " + root.string();
  if (fs::current_path(ec).lexically_normal() != twin_dir.lexically_normal())
    flags += " --twin " + twin_dir.string();
  return flags;
}

std::optional<ApplyGuard> guard_apply(const Session& session, bool resume) {
  const fs::path& twin_dir = session.context().twin_dir;
  // Read before the lock or any change: a malformed setting stops the
  // apply before it starts, never after it changed the machine.
  auto retention = engine::read_retention(twin_dir);
  if (!retention) {
    print_error(retention.error());
    return std::nullopt;
  }
  auto lock = engine::ApplyLock::acquire(twin_dir);
  if (!lock) {
    print_error(lock.error());
    return std::nullopt;
  }
  // Holding the lock, no other apply runs: an unfinished checkpoint now
  // can only be one whose process died.
  auto interrupted = engine::CheckpointStore(twin_dir).interrupted();
  if (!interrupted) {
    print_error(interrupted.error());
    return std::nullopt;
  }
  ApplyGuard guard{std::move(*lock), *retention, std::nullopt};
  const auto& pending = *interrupted;
  if (pending && !resume) {
    refuse_interrupted(*pending, session);
    return std::nullopt;
  }
  if (!resume) return guard;
  if (!pending) {
    print_error(engine::make_error("E1608",
                                   "--resume: no interrupted apply to resume; every checkpoint "
                                   "of this twin is finished (see `twin checkpoints`)"));
    return std::nullopt;
  }
  std::string root = session.context().host.root().string();
  if (!pending->root.empty() && pending->root != root) {
    print_error(engine::make_error("E1607", "the interrupted apply " + pending->id + " changed " +
                                                pending->root + ", not " + root +
                                                "; resume it with --root " + pending->root));
    return std::nullopt;
  }
  guard.resuming = pending;
  return guard;
}

engine::Result<engine::Checkpoint> open_apply_checkpoint(const ApplyGuard& guard,
                                                         const Session& session,
                                                         const engine::Plan& plan) {
  auto json = engine::plan_to_json(plan, origin_of(session));
  if (guard.resuming) {
    auto checkpoint = engine::Checkpoint::open(guard.resuming->dir);
    if (!checkpoint) return checkpoint;
    if (auto st = checkpoint->resume(json); !st) return st.error();
    return checkpoint;
  }
  auto checkpoint = engine::Checkpoint::create(
      engine::CheckpointStore(session.context().twin_dir).new_checkpoint_dir());
  if (!checkpoint) return checkpoint;
  if (auto st = checkpoint->save_plan(json); !st) return st.error();
  return checkpoint;
}

void prune_after_apply(const ApplyGuard& guard, const Session& session,
                       const std::string& just_made) {
  engine::CheckpointStore store(session.context().twin_dir);
  auto pruned = store.prune(guard.retention, {just_made});
  if (!pruned) {
    std::cerr << "twin: warning: could not prune old checkpoints: " << pruned.error().text()
              << "\n";
    return;
  }
  if (pruned->empty()) return;
  std::cout << "Pruned " << pruned->size() << " old checkpoint(s) (keeping the last "
            << guard.retention.keep << " applies, at most " << guard.retention.max_mb << " MB).\n";
}

}  // namespace twin::cli
