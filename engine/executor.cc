#include "engine/executor.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace twin::engine {

std::vector<Error> rollback(const Checkpoint& checkpoint, const ProviderRegistry& registry,
                            const Context& ctx, const ProgressFn& progress) {
  std::vector<Error> errors;
  const auto& records = checkpoint.records();
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    Provider* provider = registry.find(it->type);
    Status st = provider ? provider->undo(*it, ctx, checkpoint)
                         : Status(make_error("E1101", "no provider can undo this record",
                                             it->type));
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
    // Consecutive runnable steps of one type go to their provider together,
    // so it can batch them (one apt-get call for many packages).
    std::vector<const Step*> group{&steps[begin]};
    std::size_t end = begin + 1;
    while (end < steps.size() && steps[end].type == steps[begin].type && !is_blocked(steps[end]))
      group.push_back(&steps[end++]);

    Provider* provider = registry.find(steps[begin].type);
    Provider::GroupResult result;
    if (provider)
      result = provider->apply_group(group, ctx, checkpoint);
    else
      result.status = make_error("E0201", "unknown resource type", steps[begin].type);
    for (std::size_t i = 0; i < result.completed && i < group.size(); ++i) {
      progress(fmt::format("{} {}: done", action_name(group[i]->primary()), group[i]->address));
      report.applied.push_back(group[i]->address);
    }
    if (result.status) {
      begin = end;
      continue;
    }
    std::size_t failed_at = std::min(result.completed, group.size() - 1);
    const Step& failed = *group[failed_at];
    progress(fmt::format("{} {}: FAILED: {}", action_name(failed.primary()), failed.address,
                         result.status.error().text()));
    report.failures.push_back({failed.address, result.status.error()});
    if (options.atomic) {
      progress(fmt::format("Rolling back {} recorded change(s) in reverse order:",
                           checkpoint.records().size()));
      report.rollback_errors = rollback(checkpoint, registry, ctx, progress);
      report.rolled_back = report.rollback_errors.empty();
      (void)checkpoint.finish(report.rolled_back ? "rolled-back" : "rollback-incomplete");
      return report;
    }
    blocked.insert(failed.address);
    // The rest of the group has not run: go on from the step after the failure.
    begin = begin + static_cast<std::size_t>(&failed - &steps[begin]) + 1;
  }
  if (auto st = checkpoint.finish(report.succeeded() ? "completed" : "partial"); !st)
    report.failures.push_back({"", st.error()});
  return report;
}

}  // namespace twin::engine
