#include "cli/reconcile_command.h"

#include <iostream>

#include "cli/console_reporter.h"
#include "cli/exit_code.h"
#include "cli/ops/agent_policy.h"
#include "cli/ops/apply_transaction.h"
#include "cli/ops/signed_approval.h"
#include "resources/process_runner.h"
#include "cli/plan_text.h"
#include "cli/terminal.h"
#include "engine/core/durable_io.h"
#include "engine/core/plan_json.h"

namespace twin::cli {
namespace {

}  // namespace

int render_apply_outcome(const ops::ApplyOutcome& outcome, const ops::Workspace& workspace,
                         std::ostream& out, std::ostream& err, bool color) {
  const engine::ApplyReport& report = outcome.report;
  if (report.succeeded()) {
    out << paint("Applied " + std::to_string(report.applied.size()) + " step(s).", "green",
                       color)
              << "\n";
    if (outcome.pruned > 0)
      out << "Pruned " << outcome.pruned << " old checkpoint(s) (keeping the last "
                << outcome.retention.keep << " applies, at most " << outcome.retention.max_mb
                << " MB).\n";
    return to_int(ExitCode::kOk);
  }
  for (const auto& failure : report.failures) err << error_text(failure.error, color);
  const std::string& where = report.failures.front().address;
  if (report.rolled_back)
    err << "twin: the apply failed at " << where
              << "; every change it made was rolled back, the machine is as it was.\n";
  else if (!report.rollback_errors.empty())
    err << "twin: the apply failed at " << where << " and " << report.rollback_errors.size()
              << " change(s) could not be undone; the checkpoint is kept at "
              << workspace.layout().checkpoints().string() << "/" << outcome.checkpoint << "\n";
  else
    err << "twin: " << report.failures.size() << " step(s) failed, "
              << report.skipped.size() << " skipped, " << report.applied.size()
              << " applied and kept (--no-atomic); their undo data is in the checkpoint "
              << outcome.checkpoint << "\n";
  return to_int(ExitCode::kError);
}

namespace {

/// The plan's fingerprint as `twin plan` shows it for approving risky changes.
std::string shown_fingerprint(const std::string& fingerprint) { return fingerprint.substr(0, 16); }

/// Whether --approve-risky names this plan: its fingerprint or a prefix of
/// at least 12 hex digits of it.
bool approves(const std::string& given, const std::string& fingerprint) {
  return given.size() >= 12 && fingerprint.starts_with(given);
}

/// Asks before applying; false (with a message) when the user declines or
/// nobody can be asked. A risky change (W03xx, whether or not its manifest
/// says allow_risky) is applied only with an approval its author cannot
/// write: --approve-risky with this plan's fingerprint, or a person saying
/// yes to each on the terminal. --yes approves the plan, never a risk.
bool approved(const ApplyOptions& options, const engine::Plan& plan,
              const ops::Workspace& workspace) {
  resources::ProcessRunner runner;
  auto risky = ops::SignedApprovals(workspace.target().twin.dir, workspace.target().root, runner)
                   .unapproved(plan);
  std::string fingerprint = engine::plan_fingerprint(plan, ops::origin_of(workspace));
  bool risks_approved = risky.empty() || approves(options.approve_risky, fingerprint);
  if (!options.approve_risky.empty() && !risky.empty() && !risks_approved)
    std::cerr << "twin: --approve-risky " << options.approve_risky
              << " does not name this plan (its fingerprint is " << shown_fingerprint(fingerprint)
              << "); the plan changed since it was reviewed\n";
  if (!is_interactive() && (!options.yes || !risks_approved)) {
    if (!options.yes)
      std::cerr << "twin: refusing to apply without confirmation: not on a terminal; "
                   "review the plan and pass --yes to apply it\n";
    else
      std::cerr << "twin: refusing to apply " << risky.size()
                << " risky change(s) nobody on this machine approved (allow_risky in a manifest "
                   "is a request, not an approval); review them, then run `twin apply --yes "
                   "--approve-risky "
                << shown_fingerprint(fingerprint) << "`\n";
    return false;
  }
  if (!options.yes && !confirm("Apply these " + std::to_string(plan.steps.size()) +
                               " step(s) to " + workspace.target().root.string() + "?")) {
    std::cout << "Apply cancelled; nothing was changed.\n";
    return false;
  }
  if (risks_approved) return true;
  for (const auto& finding : risky)
    if (!confirm("Approve risky change " + printable(finding.code + " " + finding.message) +
                 "?")) {
      std::cout << "Apply cancelled; nothing was changed.\n";
      return false;
    }
  return true;
}

}  // namespace

int run_plan(const PlanOptions& options) {
  // With --json, stdout is the plan alone.
  ConsoleReporter reporter(options.json ? std::cerr : std::cout);
  auto workspace = ops::Workspace::open(options.target, reporter);
  if (!workspace) {
    print_error(workspace.error());
    return to_int(ExitCode::kError);
  }
  (*workspace)->use_stat_cache();
  auto plan = (*workspace)->plan();
  if (!plan) {
    print_error(plan.error());
    return to_int(ExitCode::kError);
  }
  auto origin = ops::origin_of(**workspace);
  if (!options.out.empty()) {
    auto saved = engine::write_file_durably(
        options.out, engine::dump_json(plan_to_json(*plan, origin)) + "\n", 0600);
    if (!saved) {
      print_error(saved.error());
      return to_int(ExitCode::kError);
    }
  }
  bool color = use_color(stdout);
  const ops::Target& target = (*workspace)->target();
  if (options.json)
    std::cout << engine::dump_json(plan_to_json(*plan, origin)) << "\n";
  else if (options.summary)
    std::cout << plan_header(target.twin.dir, target.root) << render_plan_summary(*plan, color);
  else
    std::cout << plan_header(target.twin.dir, target.root) << render_plan_text(*plan, color);
  resources::ProcessRunner runner;
  if (auto risky = ops::SignedApprovals(target.twin.dir, target.root, runner).unapproved(*plan);
      !risky.empty() && !options.json)
    std::cout << risky.size()
              << " risky change(s) need approval on this machine: `twin apply` asks for each, "
                 "or `twin apply --yes --approve-risky "
              << shown_fingerprint(engine::plan_fingerprint(*plan, origin)) << "`.\n";
  if (!options.out.empty() && !options.json)
    std::cout << "Saved the plan to " << options.out << "; apply exactly it with `twin apply "
              << options.out << "`.\n";
  return to_int(plan->empty() ? ExitCode::kOk : ExitCode::kChanges);
}

int run_apply(const ApplyOptions& options) {
  TargetOptions target = options.target;
  ops::ApplyRequest request{.atomic = options.atomic,
                            .resume = options.resume,
                            .wait = std::chrono::seconds(options.timeout)};
  if (!options.plan_file.empty()) {
    auto read = engine::read_saved_plan(options.plan_file);
    if (!read) {
      print_error(read.error());
      return to_int(ExitCode::kError);
    }
    request.saved = *read;
    request.saved_path = options.plan_file;
    // A saved plan names its twin and root; flags may only repeat them.
    if (target.twin_dir.empty()) target.twin_dir = read->origin.twin_dir;
    if (target.root.empty()) target.root = read->origin.root;
  }
  ConsoleReporter reporter(std::cout, options.quiet);
  auto workspace = ops::Workspace::open(target, reporter);
  if (!workspace) {
    print_error(workspace.error());
    return to_int(ExitCode::kError);
  }
  bool color = use_color(stdout);
  request.review = [&](const ops::ApplyPreview& preview) {
    if (options.quiet && options.yes)  // nobody reads it: only the outcome is printed
      return preview.plan.empty() || approved(options, preview.plan, **workspace);
    const ops::Target& where = (*workspace)->target();
    std::cout << plan_header(where.twin.dir, where.root);
    if (preview.resuming)
      std::cout << "Resuming the interrupted apply " << preview.resuming->id << " ("
                << preview.resuming->steps_done << " of " << preview.resuming->steps_planned
                << " step(s) were done); the plan below is what remains.\n";
    if (preview.saved_plan)
      std::cout << "The saved plan is current (" << preview.plan.steps.size() << " step(s)).\n";
    std::cout << render_plan_text(preview.plan, color);
    return preview.plan.empty() || approved(options, preview.plan, **workspace);
  };
  request.started = [&options](const std::string& id) {
    if (!options.quiet) std::cout << "\nApplying (checkpoint " << id << "):" << std::endl;
  };
  auto outcome = ops::apply(**workspace, request, reporter);
  if (!outcome) {
    print_error(outcome.error());
    return to_int(ExitCode::kError);
  }
  switch (outcome->end) {
    case ops::ApplyEnd::kNothingToDo: return to_int(ExitCode::kOk);
    case ops::ApplyEnd::kCancelled: return to_int(ExitCode::kError);
    case ops::ApplyEnd::kApplied:
    case ops::ApplyEnd::kFailed: break;
  }
  std::cout << std::flush;
  return render_apply_outcome(*outcome, **workspace, std::cout, std::cerr, color);
}

}  // namespace twin::cli
