// One risky-change rule, as risk-rules.yaml writes it (resources/risk_rules.h
// says how rules are judged). A plain value: the shipped rules are compiled
// into the binary (resources/policy/emit_risk_rules.cc).
#pragma once

#include <string>
#include <vector>

namespace twin::resources {

/// One rule (the keys of risk-rules.yaml; its header documents them).
struct RiskRule {
  std::string code;       // W03xx
  std::string type;       // resource type the rule looks at
  std::string path;       // glob on the title (fnmatch, '*' crosses '/'); "*" every title
  bool under = false;     // also titles below it: title + "/..."
  std::string except;     // a glob of titles the rule leaves alone ("root")
  bool on_change = false;  // judged only when the resource is known to change
  std::string attribute;  // with `values`: the declaration sets it to (or lists) one of them
  std::vector<std::string> values;  // as .twin source ("false", "\"absent\"")
  unsigned mode_bits = 0;           // the declared mode has one of these bits
  std::string link_target;          // ensure = "link" to exactly this target
  std::vector<std::string> content;  // the new bytes contain one of these (lower case)
  std::string change;     // completes "risky change: TYPE["TITLE"] ..."
  std::string danger;     // what could go wrong, shown as a note
  std::string origin;     // "twin" or the site file's path

  bool operator==(const RiskRule&) const = default;
};

}  // namespace twin::resources
