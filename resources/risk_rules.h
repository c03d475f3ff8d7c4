// Risky changes: declarations that can lock people out of a machine or stop
// it from booting, which an AI agent (or a tired person) should not push
// unreviewed. The rules are policy, kept as data in one table in risk_rules.cc
// (documented in lang/codes.md, W03xx), next to the providers whose resources
// they judge; resources/register.cc hands them to the engine as its risk judge.
// They judge the manifests, not the machine: removing a package is flagged
// whether or not it is installed (the package provider separately refuses
// Essential and Priority: required packages using the machine's dpkg data).
#pragma once

#include <string_view>
#include <vector>

#include "engine/core/plan.h"
#include "engine/core/provider.h"
#include "lang/diagnostic.h"

namespace twin::resources {

using engine::Resource;

/// One row of the policy table (exposed for documentation and tests).
struct RiskRule {
  std::string_view code;     // W03xx
  std::string_view type;     // resource type the rule looks at
  std::string_view title;    // the title it matches (see `under`); empty: every title
  bool under = false;        // also titles below it: title + "/..."
  std::string_view attribute;  // empty: any declaration matches
  std::vector<std::string_view> values;  // attribute values (as .twin source) that are risky
  std::string_view change;   // completes "risky change: TYPE["TITLE"] ...", e.g. "is removed"
  std::string_view danger;   // what could go wrong, shown as a note
};

/// The policy table, in the order rules are tried.
const std::vector<RiskRule>& risk_rules();

/// The judge resources/register.cc gives the provider registry: appends one
/// warning (W03xx, at the resource's title, with a hint saying how to
/// approve it on the machine) when a rule matches, the first matching rule
/// only. `allow_risky = true` does not silence it: the author of a change
/// cannot approve it. The finding is then W0300 ("requested"), naming the
/// rule, so review sees what the author asked for.
void judge_risk(const Resource& resource, lang::DiagnosticSink& sink);

}  // namespace twin::resources
