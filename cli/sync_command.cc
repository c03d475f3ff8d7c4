#include "cli/sync_command.h"

#include <iostream>
#include <memory>

#include "cli/exit_code.h"
#include "cli/console_reporter.h"
#include "cli/ops/git_auth.h"
#include "cli/ops/pull_review.h"
#include "cli/plan_text.h"
#include "cli/terminal.h"
#include "cli/twin_location.h"

namespace twin::cli {
namespace {

void print_commits(const std::vector<engine::IncomingCommit>& commits, std::ostream& out) {
  for (const auto& c : commits)
    out << "  " << c.short_id << "  " << c.author << "  " << c.summary << "\n";
}

int report_conflict(const engine::PullOutcome& pulled, std::ostream& err) {
  err << "twin: the twin and " << engine::kRemoteName << " both changed these paths, in "
            << "different ways:\n";
  for (const auto& path : pulled.conflicts) err << "  " << path << "\n";
  err << "Nothing was changed: the twin is exactly as before the pull.\n"
               "Resolve by hand: reconcile these files in the twin (or on the remote), commit, "
               "and run `twin pull` again.\n";
  return to_int(ExitCode::kError);
}

/// The review of what a pull brought in, judged on this machine.
int print_review(const ops::Target& target, const ops::PullOutcome& outcome, std::ostream& out,
                 std::ostream& err, bool color) {
  out << paint("Review: what the pulled twin would change on this machine (" +
                         target.root.string() + ")",
                     "bold", color)
            << "\n";
  if (outcome.review_error) {
    err << error_text(*outcome.review_error, false);
    err << "twin: the pulled manifests have errors (above); fix them before planning or "
                 "applying. The commits that came in are listed above.\n";
    return to_int(ExitCode::kError);
  }
  const ops::PullReview& review = *outcome.review;
  out << render_plan_summary(review.plan, color);
  if (review.from_pull && !review.plan.empty())
    out << *review.from_pull << " of these step(s) come from the pull; "
              << review.plan.steps.size() - *review.from_pull << " were pending before it.\n";
  if (!review.risky.empty())
    out << "\n" << paint("Risky changes brought in by the pull:", "yellow", color) << "\n";
  for (const auto& risk : review.risky)
    out << lang::render_text(risk.finding, color) << "  introduced by commit "
              << risk.commit.short_id << " by " << risk.commit.author << ": "
              << risk.commit.summary << "\n";
  if (review.risky.empty()) out << "\nNo risky change among what the pull brought in.\n";
  if (review.inert > 0)
    out << review.inert << " risky-looking declaration(s) came in but would change nothing "
              << "on this machine, so they are not flagged.\n";
  out << "Nothing was applied. See the details with `twin plan`; apply with `twin apply`.\n";
  return to_int(ExitCode::kOk);
}

}  // namespace

int run_push(const PushOptions& options) {
  auto twin = locate_twin(options.twin_dir);
  if (!twin) return to_int(ExitCode::kError);
  ConsoleReporter reporter;
  auto pushed = engine::push_branch(*twin, ops::stored_git_auth(reporter));
  if (!pushed) {
    print_error(pushed.error());
    return to_int(ExitCode::kError);
  }
  std::cout << "Pushed " << pushed->branch << " (" << pushed->head << ") to "
            << engine::kRemoteName << " " << pushed->url << "\n";
  return to_int(ExitCode::kOk);
}

int render_pull(const ops::Target& target, const ops::PullOutcome& outcome, bool review,
                std::ostream& out, std::ostream& err, bool color) {
  const engine::PullOutcome& pulled = outcome.pulled;
  const std::string from = std::string(engine::kRemoteName) + " (" + pulled.url + ")";
  switch (pulled.kind) {
    case engine::PullKind::kRemoteEmpty:
      out << "The remote has no " << pulled.branch << " branch yet; nothing to pull. "
          << "`twin push` sends this twin there.\n";
      return to_int(ExitCode::kOk);
    case engine::PullKind::kUpToDate:
      out << "Already up to date with " << from << ".\n";
      return to_int(ExitCode::kOk);
    case engine::PullKind::kConflict:
      return report_conflict(pulled, err);
    case engine::PullKind::kFastForward:
      out << "Pulled " << pulled.incoming.size() << " commit(s) from " << from
          << " (fast-forward):\n";
      break;
    case engine::PullKind::kMerged:
      out << "Pulled " << pulled.incoming.size() << " commit(s) from " << from
          << " and merged them with this twin's own:\n";
      break;
  }
  print_commits(pulled.incoming, out);
  for (const auto& path : pulled.kept_local)
    out << "  kept this machine's version of " << path << " (changed on both sides)\n";
  if (pulled.kind == engine::PullKind::kMerged)
    out << "The merge commit is local; `twin push` shares it.\n";
  if (!review) return to_int(ExitCode::kOk);
  out << "\n";
  return print_review(target, outcome, out, err, color);
}

int run_pull(const PullOptions& options) {
  auto target = locate_target(options.target);
  if (!target) return to_int(ExitCode::kError);
  ConsoleReporter reporter;
  auto outcome = ops::pull_and_review(*target, options.review, reporter);
  if (!outcome) {
    print_error(outcome.error());
    return to_int(ExitCode::kError);
  }
  return render_pull(*target, *outcome, options.review, std::cout, std::cerr, use_color(stdout));
}

}  // namespace twin::cli
