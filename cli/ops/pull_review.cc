#include "cli/ops/pull_review.h"

#include "cli/ops/git_auth.h"
#include "cli/ops/risk_review.h"

namespace twin::ops {
namespace {

std::string step_key(const engine::Step& step) {
  return std::string(step.primary().name) + " " + step.address;
}

/// The steps a plan holds, as "ACTION address" keys.
std::set<std::string> step_keys(const engine::Plan& plan) {
  std::set<std::string> keys;
  for (const auto& step : plan.steps) keys.insert(step_key(step));
  return keys;
}

/// The plan before the pull, computed quietly; nullopt when the twin did
/// not load or plan then (the pull may be what fixes it).
std::optional<std::set<std::string>> plan_before(const Target& target) {
  SilentReporter quiet;
  auto workspace = Workspace::open(target, quiet);
  if (!workspace) return std::nullopt;
  auto plan = (*workspace)->plan();
  if (!plan) return std::nullopt;
  return step_keys(*plan);
}

engine::Result<PullReview> review(const Target& target, const engine::PullOutcome& pulled,
                                  const std::optional<std::set<std::string>>& before,
                                  Reporter& reporter) {
  auto opened = Workspace::open(target, reporter);
  if (!opened) return opened.error();
  std::shared_ptr<const Workspace> workspace = std::move(*opened);
  auto plan = workspace->plan();
  if (!plan) return plan.error();
  PullReview result;
  result.workspace = workspace;
  if (before) {
    std::size_t added = 0;
    for (const auto& step : plan->steps) added += before->count(step_key(step)) == 0;
    result.from_pull = added;
  }
  for (const auto& step : plan->steps)
    for (const auto& change : step.changes)
      for (const auto& risk : change.risks) {
        auto commit = introduced_by(target.twin.dir, workspace->twin().resources, risk,
                                    pulled.old_head);
        if (!commit) continue;  // not something this pull brought in
        result.risky.push_back({risk, *commit});
      }
  result.inert = count_inert_incoming(workspace->registry(), workspace->twin().resources, *plan,
                                      target.twin.dir,
                                      pulled.old_head);
  result.plan = std::move(*plan);
  return result;
}

}  // namespace

engine::Result<PullOutcome> pull_and_review(const Target& target, bool review_it,
                                            Reporter& reporter) {
  // The plan before the pull, so the review can tell what the pull adds.
  std::optional<std::set<std::string>> before;
  if (review_it) before = plan_before(target);
  auto pulled = engine::pull_branch(target.twin.dir, stored_git_auth(reporter));
  if (!pulled) return pulled.error();
  PullOutcome outcome{*pulled, std::nullopt, std::nullopt};
  bool moved = pulled->kind == engine::PullKind::kFastForward ||
               pulled->kind == engine::PullKind::kMerged;
  if (!review_it || !moved) return outcome;
  auto reviewed = review(target, *pulled, before, reporter);
  if (reviewed)
    outcome.review = std::move(*reviewed);
  else
    outcome.review_error = reviewed.error();
  return outcome;
}

}  // namespace twin::ops
