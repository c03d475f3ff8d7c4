#include "cli/ops/apply_transaction.h"

namespace twin::ops {
namespace fs = std::filesystem;
namespace {

engine::Error interrupted_error(const engine::CheckpointInfo& cp) {
  std::string who =
      cp.owner ? "process " + std::to_string(cp.owner->pid) + " is gone" : "its process is gone";
  return engine::make_error(
      "E1605", "an earlier apply was interrupted: checkpoint " + cp.id + " (started " + cp.started +
                   ", " + std::to_string(cp.steps_done) + " of " +
                   std::to_string(cp.steps_planned) + " step(s) done; " + who +
                   "). The machine may be half-changed, so no new apply starts on top of it.");
}

engine::Result<engine::Checkpoint> open_checkpoint(const ApplyTransaction& tx,
                                                   const Workspace& workspace,
                                                   const engine::Plan& plan) {
  auto json = engine::plan_to_json(plan, origin_of(workspace));
  if (tx.resuming()) {
    auto checkpoint = engine::Checkpoint::open(tx.resuming()->dir);
    if (!checkpoint) return checkpoint;
    if (auto st = checkpoint->resume(json); !st) return st.error();
    return checkpoint;
  }
  auto checkpoint = engine::Checkpoint::create(
      engine::CheckpointStore(workspace.target().twin.dir).new_checkpoint_dir());
  if (!checkpoint) return checkpoint;
  if (auto st = checkpoint->save_plan(json); !st) {
    checkpoint->discard_unstarted();  // no step ran: nothing for a rollback to do
    return st.error();
  }
  return checkpoint;
}

}  // namespace

engine::PlanOrigin origin_of(const Workspace& workspace) {
  return {workspace.target().twin.dir.string(), workspace.target().root.string()};
}

std::string target_flags(const fs::path& twin_dir, const fs::path& root) {
  std::string flags;
  std::error_code ec;
  if (root != "/") flags += " --root " + root.string();
  if (fs::current_path(ec).lexically_normal() != twin_dir.lexically_normal())
    flags += " --twin " + twin_dir.string();
  return flags;
}

engine::Result<ApplyTransaction> ApplyTransaction::begin(const Target& target, bool resume,
                                                         Reporter& reporter,
                                                         std::chrono::seconds wait) {
  const fs::path& twin_dir = target.twin.dir;
  // Read before the lock or any change: a malformed setting stops the
  // apply before it starts, never after it changed the machine.
  auto retention = engine::read_retention(twin_dir);
  if (!retention) return retention.error();
  auto lock = engine::ApplyLock::acquire(twin_dir);
  if (!lock) return lock.error();
  // The twin's lock keeps its own applies apart; the root's keeps every
  // twin's apart on one machine.
  auto root_lock = engine::ApplyLock::acquire_root(
      target.root, wait, [&](const std::string& line) { reporter.progress(line); });
  if (!root_lock) return root_lock.error();
  // Holding the lock, no other apply runs: an unfinished checkpoint now
  // can only be one whose process died.
  auto interrupted = engine::CheckpointStore(twin_dir).interrupted();
  if (!interrupted) return interrupted.error();
  ApplyTransaction tx(std::move(*lock), std::move(*root_lock), *retention);
  const auto& pending = *interrupted;
  if (pending && !resume) {
    std::string flags = target_flags(twin_dir, target.root);
    reporter.error(interrupted_error(*pending),
                   {"  Undo what it did:  twin rollback " + pending->id + flags,
                    "  Or finish it:      twin apply --resume" + flags});
    return reported("an earlier apply was interrupted");
  }
  if (!resume) return tx;
  if (!pending)
    return engine::make_error("E1608",
                              "--resume: no interrupted apply to resume; every checkpoint of this "
                              "twin is finished (see `twin checkpoints`)");
  std::string root = target.root.string();
  if (!pending->root.empty() && pending->root != root)
    return engine::make_error("E1607", "the interrupted apply " + pending->id + " changed " +
                                           pending->root + ", not " + root +
                                           "; resume it with --root " + pending->root);
  tx.resuming_ = pending;
  return tx;
}

engine::Result<ApplyOutcome> ApplyTransaction::run(const Workspace& workspace, engine::Plan plan,
                                                   const ApplyRequest& request,
                                                   Reporter& reporter) const {
  ApplyOutcome outcome;
  outcome.retention = retention_;
  auto checkpoint = open_checkpoint(*this, workspace, plan);
  if (!checkpoint) return checkpoint.error();
  outcome.checkpoint = checkpoint->dir().filename().string();
  if (request.started) request.started(outcome.checkpoint);
  // What runs now, as a status line: the step as it starts, then what its
  // tool says (apt's own progress) under the same "[i/N] ACTION ADDRESS".
  std::string running;
  engine::Context context = workspace.context();
  context.step_output = [&](std::string_view line) {
    reporter.status(running + ": " + std::string(line));
  };
  // The tools the apply runs keep the root locked while they run, even
  // after twin itself is killed; the runner outlives this apply, the lock
  // does not.
  context.host.runner().share_lock(root_lock_.descriptor());
  struct StopSharing {
    engine::CommandRunner& runner;
    ~StopSharing() { runner.share_lock(-1); }
  } stop_sharing{context.host.runner()};
  context.sync_root_at_end = true;
  engine::ExecuteOptions options{.atomic = request.atomic};
  options.on_step_start = [&](std::size_t index, std::size_t total, const engine::Step& step) {
    running = "[" + std::to_string(index) + "/" + std::to_string(total) + "] " +
              std::string(engine::action_name(step.primary())) + " " + step.address;
    reporter.status(running + " …");
  };
  outcome.report = engine::execute_plan(
      plan, workspace.registry(), context, *checkpoint,
      [&reporter](std::string_view line) { reporter.progress(line); }, options);
  outcome.plan = std::move(plan);
  if (!outcome.report.succeeded()) {
    outcome.end = ApplyEnd::kFailed;
    return outcome;
  }
  outcome.end = ApplyEnd::kApplied;
  auto pruned = engine::CheckpointStore(workspace.target().twin.dir)
                    .prune(retention_, {outcome.checkpoint});
  // The apply itself succeeded: failing to prune is only a warning.
  if (!pruned)
    reporter.warning("could not prune old checkpoints: " + pruned.error().text());
  else
    outcome.pruned = pruned->size();
  return outcome;
}

engine::Result<ApplyOutcome> apply(const Workspace& workspace, const ApplyRequest& request,
                                   Reporter& reporter) {
  if (request.saved && request.resume)
    return engine::make_error("E1608", "--resume continues an interrupted apply with a new "
                                       "plan; it cannot apply a saved plan FILE");
  // Before planning: a plan made on top of a killed apply would mislead.
  auto tx = ApplyTransaction::begin(workspace.target(), request.resume, reporter, request.wait);
  if (!tx) return tx.error();
  auto plan = workspace.plan();
  if (!plan) return plan.error();
  if (request.saved) {
    auto origin = origin_of(workspace);
    std::string now = engine::plan_fingerprint(*plan, origin);
    if (now != request.saved->fingerprint || request.saved->origin.root != origin.root) {
      reporter.error(engine::make_error("", "the saved plan " + request.saved_path +
                                                " is stale: the machine or the twin changed "
                                                "since it was made, so it would not do what was "
                                                "approved."),
                     {"Run `twin plan --out " + request.saved_path +
                      "` again, review it, and apply the new plan."});
      return reported("the saved plan is stale");
    }
  }
  ApplyPreview preview{*plan, tx->resuming(), request.saved.has_value()};
  bool approved = !request.review || request.review(preview);
  ApplyOutcome ended;
  // Resuming with nothing left still runs, to mark the checkpoint completed.
  if (plan->empty() && !tx->resuming()) {
    ended.plan = std::move(*plan);
    return ended;
  }
  if (!plan->empty() && !approved) {
    ended.end = ApplyEnd::kCancelled;
    ended.plan = std::move(*plan);
    return ended;
  }
  return tx->run(workspace, std::move(*plan), request, reporter);
}

}  // namespace twin::ops
