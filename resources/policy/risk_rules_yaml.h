// Reading risk rules from YAML: the site's own file at run time, the shipped
// one at build time (resources/policy/emit_risk_rules.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"
#include "resources/policy/risk_rule.h"

namespace twin::resources {

/// Parses rules in risk-rules.yaml's format. `origin` names the file in
/// errors (E1420 with line and column) and in every rule.
engine::Result<std::vector<RiskRule>> parse_risk_rules(std::string_view yaml,
                                                       const std::string& origin);

}  // namespace twin::resources
