#include "engine/core/executor.h"

#include "engine/core/durable_io.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace twin::engine {
namespace {

StepJournaledHook step_journaled_hook = nullptr;

// Context::sync_root_at_end: the changes made without a directory fsync
// each are on disk before the outcome says so. A failure is the apply's.
void sync_root(const Context& ctx, ApplyReport& report) {
  if (!ctx.sync_root_at_end) return;
  if (auto st = sync_filesystem(ctx.host.root()); !st) report.failures.push_back({"", st.error()});
}

}  // namespace

void set_step_journaled_hook(StepJournaledHook hook) { step_journaled_hook = hook; }

std::vector<Error> rollback(const Checkpoint& checkpoint, const ProviderRegistry& registry,
                            const Context& ctx, const ProgressFn& progress) {
  std::vector<Error> errors;
  const auto& records = checkpoint.records();
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    Provider* provider = registry.find(it->type);
    Status st = provider
                    ? provider->undo(*it, ctx, checkpoint)
                    : Status(make_error("E1101", "no provider can undo this record", it->type));
    if (st) {
      progress(fmt::format("  undone: {}", it->address));
    } else {
      progress(fmt::format("  UNDO FAILED: {}: {}", it->address, st.error().text()));
      errors.push_back(st.error());
    }
  }
  return errors;
}

ApplyReport execute_plan(const Plan& plan, const ProviderRegistry& registry, const Context& ctx,
                         Checkpoint& checkpoint, const ProgressFn& progress,
                         ExecuteOptions options) {
  ApplyReport report;
  std::set<std::string> blocked;  // failed or skipped addresses
  auto is_blocked = [&](const Step& s) {
    return std::any_of(s.depends_on.begin(), s.depends_on.end(),
                       [&](const std::string& a) { return blocked.count(a) > 0; });
  };
  const auto& steps = plan.steps;
  for (std::size_t begin = 0; begin < steps.size();) {
    if (is_blocked(steps[begin])) {
      progress(fmt::format("{} {}: skipped (a step it depends on failed)",
                           action_name(steps[begin].primary()), steps[begin].address));
      report.skipped.push_back(steps[begin].address);
      blocked.insert(steps[begin].address);
      ++begin;
      continue;
    }
    // A provider that batches gets the consecutive runnable steps of its
    // type together (one apt-get call for many packages); others get one
    // step at a time, so each completion is journaled right away.
    Provider* provider = registry.find(steps[begin].type);
    std::vector<const Step*> group{&steps[begin]};
    std::size_t end = begin + 1;
    if (provider && provider->batches_steps())
      while (end < steps.size() && steps[end].type == steps[begin].type && !is_blocked(steps[end]))
        group.push_back(&steps[end++]);

    if (options.on_step_start) options.on_step_start(begin + 1, steps.size(), steps[begin]);
    Provider::GroupResult result;
    if (provider)
      result = provider->apply_group(group, ctx, checkpoint);
    else
      result.status = make_error("E0201", "unknown resource type", steps[begin].type);
    std::size_t completed = std::min(result.completed, group.size());
    Status status = result.status;
    const Step* failed = nullptr;
    for (std::size_t i = 0; i < completed; ++i) {
      const Step& done = *group[i];
      progress(fmt::format("{} {}: done", action_name(done.primary()), done.address));
      report.applied.push_back(done.address);
      // Journaled after the step, so steps.jsonl never claims a step that
      // did not finish; its undo records were journaled before it ran.
      if (auto st = checkpoint.record_step_done(done.address, action_name(done.primary())); !st) {
        status = st;
        failed = &done;
        break;
      }
      if (step_journaled_hook != nullptr) step_journaled_hook(report.applied.size());
    }
    if (status) {
      begin = end;
      continue;
    }
    if (!failed) failed = group[std::min(completed, group.size() - 1)];
    progress(fmt::format("{} {}: FAILED: {}", action_name(failed->primary()), failed->address,
                         status.error().text()));
    report.failures.push_back({failed->address, status.error()});
    if (options.atomic) {
      progress(fmt::format("Rolling back {} recorded change(s) in reverse order:",
                           checkpoint.records().size()));
      report.rollback_errors = rollback(checkpoint, registry, ctx, progress);
      report.rolled_back = report.rollback_errors.empty();
      sync_root(ctx, report);
      (void)checkpoint.finish(report.rolled_back ? kOutcomeRolledBack : kOutcomeRollbackIncomplete);
      return report;
    }
    blocked.insert(failed->address);
    // The rest of the group has not run: go on from the step after the failure.
    begin = static_cast<std::size_t>(failed - steps.data()) + 1;
  }
  sync_root(ctx, report);
  if (auto st = checkpoint.finish(report.succeeded() ? kOutcomeCompleted : kOutcomePartial); !st)
    report.failures.push_back({"", st.error()});
  return report;
}

}  // namespace twin::engine
