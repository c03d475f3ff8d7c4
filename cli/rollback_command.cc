#include "cli/rollback_command.h"

#include <iostream>

#include "cli/console_reporter.h"
#include "cli/ops/apply_transaction.h"
#include "cli/ops/rollback_choice.h"
#include "cli/exit_code.h"
#include "cli/terminal.h"
#include "cli/twin_location.h"
#include "engine/core/apply_lock.h"
#include "engine/core/checkpoint.h"
#include "engine/core/executor.h"
#include "resources/process_runner.h"
#include "resources/register.h"

namespace twin::cli {
namespace {

using engine::CheckpointInfo;
using engine::CheckpointState;

/// The providers and the target, without loading any manifest: an undo
/// needs only the journal.
struct UndoTarget {
  resources::ProcessRunner runner;
  engine::Host host;
  engine::ProviderRegistry registry;
  engine::Context context;

  UndoTarget(const std::filesystem::path& root, const std::filesystem::path& twin)
      : host(root, runner), context{host, twin} {
    resources::register_builtin_providers(registry);
  }
};

/// Newer applies that are still in effect: undoing an older one puts back
/// what was there before it, over their changes to the same resources.
void warn_about_later_applies(const std::vector<CheckpointInfo>& newest_first,
                              const CheckpointInfo& target) {
  std::string later;
  for (const auto& info : newest_first) {
    if (info.id == target.id) break;
    if (ops::in_effect(info)) later += (later.empty() ? "" : ", ") + info.id;
  }
  if (later.empty()) return;
  std::cout << "Warning: later applies are still in effect (" << later
            << "); undoing this one restores what was there before it, over any of their "
               "changes to the same resources. Roll back the later ones first to undo in order.\n";
}

/// The undo records newest first, one line per resource run.
void print_undo_list(const engine::Checkpoint& checkpoint) {
  std::cout << "It will undo " << checkpoint.records().size()
            << " recorded change(s), newest first:\n";
  for (const auto& entry : ops::undo_entries(checkpoint))
    std::cout << "  " << entry.address
              << (entry.changes > 1 ? " (" + std::to_string(entry.changes) + " changes)" : "")
              << "\n";
}

bool approved(const RollbackOptions& options, const std::filesystem::path& root) {
  if (options.yes) return true;
  if (!is_interactive()) {
    std::cerr << "twin: refusing to roll back without confirmation: not on a terminal; review "
                 "what will be undone and pass --yes\n";
    return false;
  }
  if (confirm("Undo these changes on " + root.string() + "?")) return true;
  std::cout << "Rollback cancelled; nothing was changed.\n";
  return false;
}

}  // namespace

std::string why_not_undoable(const CheckpointInfo& info) {
  switch (info.state) {
    case CheckpointState::kUndone:
      return "the apply " + info.id + " was already undone by `twin rollback`";
    case CheckpointState::kRolledBack:
      return "the apply " + info.id +
             " failed and was rolled back at the time; nothing of it is left to undo";
    case CheckpointState::kNotStarted:
      return "the apply " + info.id + " never started (its plan could not be saved); nothing to undo";
    case CheckpointState::kRunning:
      return "the apply " + info.id + " is still running (process " +
             std::to_string(info.owner ? info.owner->pid : 0) + ")";
    case CheckpointState::kUnknown:
      return "the checkpoint " + info.id + " has an outcome this version of twin does not know";
    default:
      return "";
  }
}

int run_rollback(const RollbackOptions& options) {
  auto located = locate_target(options.target);
  if (!located) return to_int(ExitCode::kError);
  const std::filesystem::path& twin = located->twin.dir;
  const std::filesystem::path& root = located->root;
  auto lock = engine::ApplyLock::acquire(twin);
  if (!lock) {
    print_error(lock.error());
    return to_int(ExitCode::kError);
  }
  engine::CheckpointStore store(twin);
  auto all = store.list();
  if (!all) {
    print_error(all.error());
    return to_int(ExitCode::kError);
  }
  // Without an id: the newest apply still in effect, skipping those already
  // undone or rolled back at the time (nothing of them is left to undo).
  auto info = options.id.empty() ? ops::newest_in_effect(*all) : store.find(options.id);
  if (!info) {
    print_error(info.error());
    return to_int(ExitCode::kError);
  }
  if (auto why = why_not_undoable(*info); !why.empty()) {
    print_error(engine::make_error("E1606", "cannot roll back: " + why));
    return to_int(ExitCode::kError);
  }
  auto checkpoint = engine::Checkpoint::open(info->dir);
  if (!checkpoint) {
    print_error(checkpoint.error());
    return to_int(ExitCode::kError);
  }
  // The journal holds paths and package names relative to the root it was
  // made on; replaying it elsewhere would change the wrong machine.
  if (info->root != root.string() && !(info->root.empty() && checkpoint->records().empty())) {
    print_error(engine::make_error(
        "E1607", "the apply " + info->id + " changed " +
                     (info->root.empty() ? std::string("an unrecorded root") : info->root) +
                     ", not " + root.string() + "; to undo it there, pass --root " + info->root));
    return to_int(ExitCode::kError);
  }
  // Only now that it is the root to change: no apply from another twin
  // meanwhile.
  auto root_lock = engine::ApplyLock::acquire_root(
      root, std::chrono::seconds(options.timeout),
      [&](const std::string& line) { if (!options.quiet) std::cerr << "twin: " << line << "\n"; });
  if (!root_lock) {
    print_error(root_lock.error());
    return to_int(ExitCode::kError);
  }

  if (!options.quiet)
    std::cout << "Rolling back the apply " << info->id << " (started " << info->started << ", "
              << state_name(info->state) << ", " << info->steps_done << " of "
              << info->steps_planned << " step(s) done) on " << root.string() << ".\n";
  warn_about_later_applies(*all, *info);
  if (checkpoint->records().empty()) {
    std::cout << "It changed nothing, so there is nothing to undo.\n";
  } else {
    if (!(options.quiet && options.yes)) print_undo_list(*checkpoint);
    if (!approved(options, root)) return to_int(ExitCode::kError);
  }

  UndoTarget target(root, twin);
  // The tools the undo runs keep the root locked while they run, even if
  // twin itself is killed meanwhile.
  target.runner.share_lock(root_lock->descriptor());
  auto errors = engine::rollback(*checkpoint, target.registry, target.context,
                                 [&](std::string_view line) {
                                   if (!options.quiet) std::cout << line << "\n";
                                 });
  std::cout << std::flush;
  if (!errors.empty()) {
    (void)checkpoint->finish(engine::kOutcomeRollbackIncomplete);
    for (const auto& error : errors) print_error(error);
    std::cerr << "twin: " << errors.size() << " change(s) could not be undone; the checkpoint "
              << info->id << " is kept. Fix the cause and run `twin rollback " << info->id
              << ops::target_flags(twin, root) << "` again.\n";
    return to_int(ExitCode::kError);
  }
  if (auto st = checkpoint->finish(engine::kOutcomeUndone); !st) {
    print_error(st.error());
    return to_int(ExitCode::kError);
  }
  std::cout << "Rolled back " << info->id
            << ": every change it made is undone; the machine is as it was before it.\n";
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
