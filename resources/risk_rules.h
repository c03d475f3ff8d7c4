// Risky changes: those that can lock people out of a machine, give its
// control away or stop it from booting, which an AI agent (or a tired
// person) should not push unreviewed. The rules are data: twin ships
// stdlib/policy/risk-rules.yaml, and a machine adds its own in
// ROOT/etc/twinsync/risk-rules.yaml (outside every twin, so twin content
// cannot remove a rule). resources/register.cc hands the judge to the
// engine, which judges every resource a plan changes (a mirror's files
// one by one, with the bytes they would get); `twin lint` judges the
// declarations. Removing an Essential or Priority: required package is
// judged on the plan by the package provider (W0301), which alone knows
// the machine's dpkg data.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/plan.h"
#include "engine/core/provider.h"
#include "engine/core/result.h"
#include "lang/diagnostic.h"
#include "resources/policy/risk_rule.h"
#include "resources/policy/risk_rules_yaml.h"

namespace twin::resources {

using engine::Resource;

/// The rules twin ships, in the order they are tried (parsed at build time).
const std::vector<RiskRule>& risk_rules();

/// The shipped rules followed by the machine's own (ROOT/etc/twinsync/
/// risk-rules.yaml, read beneath ROOT; none when it is missing). Errors:
/// a file that cannot be read or parsed (E1420).
engine::Result<std::vector<RiskRule>> machine_risk_rules(const std::filesystem::path& root);

/// Appends one warning (W03xx, at the resource's title, with a hint saying
/// how to approve it on the machine) for the first of `rules` that
/// matches. `scope.step` (null outside a plan) supplies the bytes a file
/// would get when the declaration has no inline `content`. `allow_risky =
/// true` does not silence it: the author of a change cannot approve it; the
/// finding is then W0300 ("requested"), naming the rule.
void judge_risk(const std::vector<RiskRule>& rules, const Resource& resource,
                const engine::RiskScope& scope, lang::DiagnosticSink& sink);

/// The same with the shipped rules, for a declaration (`changed` when it is
/// known to change).
void judge_risk(const Resource& resource, lang::DiagnosticSink& sink, bool changed = false);

/// Makes `registry` judge with machine_risk_rules(root). Errors: those of
/// machine_risk_rules (the registry keeps the shipped rules then; callers
/// stop, so a broken site file never leaves its rules out silently).
engine::Status use_machine_risk_rules(engine::ProviderRegistry& registry,
                                      const std::filesystem::path& root);

}  // namespace twin::resources
