#include "resources/policy/risk_rules_yaml.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "engine/core/ascii.h"
#include "lang/value_formats.h"

namespace twin::resources {
namespace {

constexpr char kBadRules[] = "E1420";

std::string danger_text(const std::string& danger) {
  if (danger == "lockout") return "a mistake here can lock everyone out of the machine";
  if (danger == "access") return "a wrong line here can give the machine away or lock people out";
  if (danger == "boot") return "a mistake here can leave the machine unable to boot";
  if (danger == "persistence") return "code that runs by itself, again and again, as root";
  if (danger == "packages") return "packages nobody vouched for could be installed as root";
  return danger;
}

engine::Error rules_error(const std::string& origin, const YAML::Mark& mark, const std::string& what) {
  std::string where = origin;
  if (mark.line >= 0) where += fmt::format(":{}:{}", mark.line + 1, mark.column + 1);
  return engine::make_error(kBadRules, fmt::format("{}: {}", where, what), origin);
}

std::vector<std::string> strings_of(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node.IsScalar()) out.push_back(node.Scalar());
  if (node.IsSequence())
    for (const auto& item : node)
      if (item.IsScalar()) out.push_back(item.Scalar());
  return out;
}

}  // namespace

engine::Result<std::vector<RiskRule>> parse_risk_rules(std::string_view yaml,
                                                       const std::string& origin) {
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return rules_error(origin, e.mark, e.msg);
  }
  std::vector<RiskRule> rules;
  if (doc.IsNull()) return rules;
  if (!doc.IsSequence()) return rules_error(origin, doc.Mark(), "expected a list of rules");
  for (const auto& node : doc) {
    if (!node.IsMap()) return rules_error(origin, node.Mark(), "a rule is a map");
    RiskRule rule;
    rule.origin = origin;
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      auto scalar = [&]() -> engine::Result<std::string> {
        if (!value.IsScalar()) return rules_error(origin, value.Mark(), "`" + key + "` is text");
        return value.Scalar();
      };
      if (key == "values" || key == "content") {
        if (!value.IsSequence()) return rules_error(origin, value.Mark(), "`" + key + "` is a list");
        (key == "values" ? rule.values : rule.content) = strings_of(value);
        if (key == "content")
          for (auto& needle : rule.content) needle = engine::ascii_lower(needle);
        continue;
      }
      auto text = scalar();
      if (!text) return text.error();
      if (key == "code") rule.code = *text;
      else if (key == "type") rule.type = *text;
      else if (key == "path") rule.path = *text;
      else if (key == "under") rule.under = *text == "true";
      else if (key == "except") rule.except = *text;
      else if (key == "on_change") rule.on_change = *text == "true";
      else if (key == "attribute") rule.attribute = *text;
      else if (key == "link_target") rule.link_target = *text;
      else if (key == "change") rule.change = *text;
      else if (key == "danger") rule.danger = danger_text(*text);
      else if (key == "mode_bits") {
        if (lang::mode_problem(*text))
          return rules_error(origin, value.Mark(), "`mode_bits` is an octal mode");
        rule.mode_bits = 0;
        for (char c : *text) rule.mode_bits = rule.mode_bits * 8 + static_cast<unsigned>(c - '0');
      } else
        return rules_error(origin, entry.first.Mark(), "unknown key `" + key + "`");
    }
    if (rule.code.size() != 5 || !rule.code.starts_with("W03") || rule.type.empty() ||
        rule.path.empty() || rule.change.empty() || rule.danger.empty())
      return rules_error(origin, node.Mark(),
                         "a rule needs code (W03xx), type, path, change and danger");
    if (rule.attribute.empty() != rule.values.empty())
      return rules_error(origin, node.Mark(), "`attribute` and `values` go together");
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace twin::resources
