#include "cli/reconcile_command.h"

#include <iostream>

#include "cli/apply_recovery.h"
#include "cli/exit_code.h"
#include "cli/plan_text.h"
#include "cli/terminal.h"
#include "engine/durable_io.h"
#include "engine/executor.h"
#include "engine/plan_json.h"
#include "engine/reconciler.h"

namespace twin::cli {
namespace {

engine::PlanOrigin origin_of(const Session& session) {
  return {session.context().twin_dir.string(), session.context().host.root().string()};
}

/// Prints how the apply ended; returns the exit code.
int report_outcome(const engine::ApplyReport& report, const engine::Checkpoint& checkpoint,
                   bool color) {
  if (report.succeeded()) {
    std::cout << paint("Applied " + std::to_string(report.applied.size()) + " step(s).", "green",
                       color)
              << "\n";
    return to_int(ExitCode::kOk);
  }
  for (const auto& failure : report.failures) print_error(failure.error);
  const std::string& where = report.failures.front().address;
  if (report.rolled_back)
    std::cerr << "twin: the apply failed at " << where
              << "; every change it made was rolled back, the machine is as it was.\n";
  else if (!report.rollback_errors.empty())
    std::cerr << "twin: the apply failed at " << where << " and " << report.rollback_errors.size()
              << " change(s) could not be undone; the checkpoint is kept at "
              << checkpoint.dir().string() << "\n";
  else
    std::cerr << "twin: " << report.failures.size() << " step(s) failed, "
              << report.skipped.size() << " skipped, " << report.applied.size()
              << " applied and kept (--no-atomic); their undo data is in the checkpoint "
              << checkpoint.dir().filename().string() << "\n";
  return to_int(ExitCode::kError);
}

/// Asks before applying; false (with a message) when the user declines or
/// nobody can be asked.
bool approved(const ApplyOptions& options, const engine::Plan& plan, const Session& session) {
  if (options.yes) return true;
  if (!is_interactive()) {
    std::cerr << "twin: refusing to apply without confirmation: not on a terminal; "
                 "review the plan and pass --yes to apply it\n";
    return false;
  }
  if (confirm("Apply these " + std::to_string(plan.steps.size()) + " step(s) to " +
              session.context().host.root().string() + "?"))
    return true;
  std::cout << "Apply cancelled; nothing was changed.\n";
  return false;
}

}  // namespace

int run_plan(const PlanOptions& options) {
  auto session = Session::open(options.target);
  if (!session) return to_int(ExitCode::kError);
  session->use_stat_cache();
  auto plan = session->plan();
  if (!plan) return to_int(ExitCode::kError);
  auto origin = origin_of(*session);
  if (!options.out.empty()) {
    auto saved = engine::write_file_durably(options.out, engine::dump_json(plan_to_json(*plan, origin)) + "\n",
                                            0600);
    if (!saved) {
      print_error(saved.error());
      return to_int(ExitCode::kError);
    }
  }
  bool color = use_color(stdout);
  if (options.json)
    std::cout << engine::dump_json(plan_to_json(*plan, origin)) << "\n";
  else if (options.summary)
    std::cout << render_plan_summary(*plan, color);
  else
    std::cout << render_plan_text(*plan, color);
  if (!options.out.empty() && !options.json)
    std::cout << "Saved the plan to " << options.out << "; apply exactly it with `twin apply "
              << options.out << "`.\n";
  return to_int(plan->empty() ? ExitCode::kOk : ExitCode::kChanges);
}

int run_apply(const ApplyOptions& options) {
  TargetOptions target = options.target;
  std::optional<engine::SavedPlan> saved;
  if (!options.plan_file.empty()) {
    auto read = engine::read_saved_plan(options.plan_file);
    if (!read) {
      print_error(read.error());
      return to_int(ExitCode::kError);
    }
    saved = *read;
    // A saved plan names its twin and root; flags may only repeat them.
    if (target.twin_dir.empty()) target.twin_dir = saved->origin.twin_dir;
    if (target.root == "/") target.root = saved->origin.root;
  }
  if (saved && options.resume) {
    print_error(engine::make_error("E1608", "--resume continues an interrupted apply with a new "
                                            "plan; it cannot apply a saved plan FILE"));
    return to_int(ExitCode::kError);
  }
  auto session = Session::open(target);
  if (!session) return to_int(ExitCode::kError);
  // Before planning: a plan made on top of a killed apply would mislead.
  auto guard = guard_apply(*session, options.resume);
  if (!guard) return to_int(ExitCode::kError);
  auto plan = session->plan();
  if (!plan) return to_int(ExitCode::kError);
  bool color = use_color(stdout);
  if (guard->resuming)
    std::cout << "Resuming the interrupted apply " << guard->resuming->id << " ("
              << guard->resuming->steps_done << " of " << guard->resuming->steps_planned
              << " step(s) were done); the plan below is what remains.\n";

  if (saved) {
    std::string now = engine::plan_fingerprint(*plan, origin_of(*session));
    if (now != saved->fingerprint || saved->origin.root != origin_of(*session).root) {
      std::cerr << "twin: error: the saved plan " << options.plan_file
                << " is stale: the machine or the twin changed since it was made, so it would "
                   "not do what was approved.\nRun `twin plan --out "
                << options.plan_file << "` again, review it, and apply the new plan.\n";
      return to_int(ExitCode::kError);
    }
    std::cout << "The saved plan is current (" << plan->steps.size() << " step(s)).\n";
  }
  std::cout << render_plan_text(*plan, color);
  // Resuming with nothing left still runs, to mark the checkpoint completed.
  if (plan->empty() && !guard->resuming) return to_int(ExitCode::kOk);
  if (!plan->empty() && !approved(options, *plan, *session)) return to_int(ExitCode::kError);

  auto checkpoint = open_apply_checkpoint(*guard, *session, *plan);
  if (!checkpoint) {
    print_error(checkpoint.error());
    return to_int(ExitCode::kError);
  }
  std::string id = checkpoint->dir().filename().string();
  std::cout << "\nApplying (checkpoint " << id << "):\n";
  auto report = engine::execute_plan(
      *plan, session->registry(), session->context(), *checkpoint,
      [](std::string_view line) { std::cout << line << "\n"; }, {.atomic = options.atomic});
  std::cout << std::flush;
  int exit_code = report_outcome(report, *checkpoint, color);
  if (report.succeeded()) prune_after_apply(*guard, *session, id);
  return exit_code;
}

}  // namespace twin::cli
