// The rules of stdlib/policy/risk-rules.yaml, parsed when twin was built
// (the generated shipped_risk_rules.cc in the build tree, written by
// resources/policy/emit_risk_rules.cc with parse_risk_rules()).
#pragma once

#include <vector>

#include "resources/policy/risk_rule.h"

namespace twin::resources {

/// The shipped rules, in file order, each with origin "twin".
std::vector<RiskRule> shipped_risk_rules();

}  // namespace twin::resources
