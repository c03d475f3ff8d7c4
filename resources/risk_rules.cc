#include "resources/risk_rules.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <string>

#include "engine/core/ascii.h"
#include "resources/file_spec.h"
#include "resources/rooted_fs.h"
#include "stdlib/stdlib.h"

namespace twin::resources {
namespace {

constexpr char kHint[] =
    "if it is intended, approve it on the machine: `twin apply` asks, or `twin apply "
    "--approve-risky FINGERPRINT` with the fingerprint `twin plan` prints; `allow_risky = true` "
    "only marks it as requested";
// A risky change its manifest asks for (`allow_risky = true`): still a
// finding, under its own code, because the author of a change cannot
// approve it.
constexpr char kRequested[] = "W0300";
constexpr char kBadRules[] = "E1420";
constexpr char kSiteRules[] = "/etc/twinsync/risk-rules.yaml";

// The shorthands for `danger` the shipped rules use.
std::string danger_text(const std::string& danger) {
  if (danger == "lockout") return "a mistake here can lock everyone out of the machine";
  if (danger == "access") return "a wrong line here can give the machine away or lock people out";
  if (danger == "boot") return "a mistake here can leave the machine unable to boot";
  if (danger == "persistence") return "code that runs by itself, again and again, as root";
  if (danger == "packages") return "packages nobody vouched for could be installed as root";
  return danger;
}

bool title_matches(const RiskRule& rule, const std::string& title) {
  if (::fnmatch(rule.path.c_str(), title.c_str(), 0) == 0) return true;
  if (!rule.under) return false;
  for (std::size_t slash = title.rfind('/'); slash != std::string::npos && slash > 0;
       slash = title.rfind('/', slash - 1)) {
    if (::fnmatch(rule.path.c_str(), title.substr(0, slash).c_str(), 0) == 0) return true;
  }
  return false;
}

// A service is one resource whatever its spelling: "ssh" = "ssh.service".
std::string judged_title(const Resource& resource) {
  if (resource.type == "service" && resource.title.ends_with(".service"))
    return resource.title.substr(0, resource.title.size() - 8);
  return resource.title;
}

// The bytes the resource's file would get: inline content, or what the
// plan's step writes; nullopt when neither says.
std::optional<std::string> new_content(const Resource& resource, const engine::Step* step) {
  if (const std::string* content = resource.get_string("content")) return *content;
  if (step)
    for (const auto& change : step->changes)
      if (change.diff && !change.diff->binary &&
          (change.action == engine::Action::kCreate || change.action == engine::Action::kReplace))
        return change.diff->new_text;
  return std::nullopt;
}

// Restoring what the machine or its packages had is not judged by path.
// Nor, outside a plan, is a file whose source is its own copy in the twin's
// filesystem/ (the form a snapshot records a file in, as a mirror does):
// whether that copy changes anything is known only against the machine,
// and the plan judges it there, with the bytes it would write.
bool restores_what_was(const Resource& resource, const engine::RiskScope& scope) {
  if (resource.find("package_default") != nullptr || resource.find("machine_secret") != nullptr)
    return true;
  const std::string* source = resource.get_string("source");
  return !scope.changed && source != nullptr && resource.type == "file" &&
         *source == "filesystem" + resource.title;
}

// The attribute as written, when it is one of `values` or (for a list)
// lists one of them; nullopt otherwise.
std::optional<std::string> risky_value(const lang::Value& value,
                                       const std::vector<std::string>& values) {
  auto listed = [&](const lang::Value& v) {
    return std::find(values.begin(), values.end(), v.to_source()) != values.end();
  };
  if (listed(value)) return value.to_source();
  if (value.is_list())
    for (const auto& item : value.as_list())
      if (listed(item)) return item.to_source();
  return std::nullopt;
}

// The risky setting the rule found, as "attr = value" ("" when the rule
// matches by place alone); nullopt when the rule does not match.
std::optional<std::string> match(const RiskRule& rule, const Resource& resource,
                                 const engine::RiskScope& scope) {
  if (resource.type != rule.type || !title_matches(rule, judged_title(resource)))
    return std::nullopt;
  if (!rule.except.empty() && ::fnmatch(rule.except.c_str(), judged_title(resource).c_str(), 0) == 0)
    return std::nullopt;
  if (rule.on_change && !(rule.attribute.empty() ? scope.changed
                                                 : scope.changes_attribute(resource, rule.attribute)))
    return std::nullopt;
  if (!rule.attribute.empty()) {
    const lang::Attribute* attr = resource.find(rule.attribute);
    if (!attr) return std::nullopt;
    auto risky = risky_value(attr->value, rule.values);
    if (!risky) return std::nullopt;
    return attr->value.is_list() ? fmt::format("{} lists {}", rule.attribute, *risky)
                                 : fmt::format("{} = {}", rule.attribute, *risky);
  }
  if (rule.mode_bits != 0) {
    const std::string* mode = resource.get_string("mode");
    auto bits = mode ? parse_mode(*mode) : std::nullopt;
    if (!bits || (*bits & rule.mode_bits) == 0) return std::nullopt;
    return fmt::format("mode = \"{}\"", *mode);
  }
  if (!rule.link_target.empty()) {
    const std::string* ensure = resource.get_string("ensure");
    const std::string* target = resource.get_string("target");
    if (!ensure || *ensure != "link" || !target || *target != rule.link_target)
      return std::nullopt;
    return fmt::format("target = \"{}\"", *target);
  }
  if (restores_what_was(resource, scope)) return std::nullopt;
  if (!rule.content.empty()) {
    auto bytes = new_content(resource, scope.step);
    if (!bytes) return std::nullopt;
    std::string low = engine::ascii_lower(*bytes);
    for (const auto& needle : rule.content)
      if (low.find(needle) != std::string::npos) return fmt::format("its content has \"{}\"", needle);
    return std::nullopt;
  }
  return std::string();
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
        auto bits = parse_mode(*text);
        if (!bits) return rules_error(origin, value.Mark(), "`mode_bits` is an octal mode");
        rule.mode_bits = *bits;
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

const std::vector<RiskRule>& risk_rules() {
  static const std::vector<RiskRule> kRules = [] {
    auto parsed = parse_risk_rules(stdlib::risk_rules(), "twin");
    // The shipped file is tested (tests/resources/risk_rules_test.cc).
    return parsed ? std::move(*parsed) : std::vector<RiskRule>{};
  }();
  return kRules;
}

engine::Result<std::vector<RiskRule>> machine_risk_rules(const std::filesystem::path& root) {
  std::vector<RiskRule> rules = risk_rules();
  auto fs = RootedFs::open(root);
  if (!fs) return fs.error();
  auto meta = fs->lstat(kSiteRules);
  if (!meta) return meta.error();
  if (!*meta) return rules;
  auto text = fs->read_file(kSiteRules);
  if (!text) return text.error();
  auto site = parse_risk_rules(*text, (root / std::string(kSiteRules).substr(1)).string());
  if (!site) return site.error();
  rules.insert(rules.end(), site->begin(), site->end());
  return rules;
}

void judge_risk(const std::vector<RiskRule>& rules, const Resource& resource,
                const engine::RiskScope& scope, lang::DiagnosticSink& sink) {
  bool requested = resource.get_bool("allow_risky") == true;
  for (const RiskRule& rule : rules) {
    auto setting = match(rule, resource, scope);
    if (!setting) continue;
    lang::Diagnostic d;
    d.severity = lang::Severity::kWarning;
    d.code = requested ? std::string(kRequested) : rule.code;
    d.message = fmt::format("risky change: {} {}", resource.address(), rule.change);
    if (!setting->empty()) d.message += fmt::format(" ({})", *setting);
    if (requested) d.message += fmt::format(" [{}, requested with allow_risky]", rule.code);
    d.span = resource.title_span;
    d.notes.emplace_back(rule.danger);
    if (rule.origin != "twin") d.notes.emplace_back("rule from " + rule.origin);
    d.hint = kHint;
    sink.add(std::move(d));
    break;
  }
}

void judge_risk(const Resource& resource, lang::DiagnosticSink& sink, bool changed) {
  judge_risk(risk_rules(), resource, engine::RiskScope{nullptr, changed}, sink);
}

engine::Status use_machine_risk_rules(engine::ProviderRegistry& registry,
                                      const std::filesystem::path& root) {
  auto rules = machine_risk_rules(root);
  if (!rules) return rules.error();
  auto kept = std::make_shared<const std::vector<RiskRule>>(std::move(*rules));
  registry.set_risk_judge(
      [kept](const Resource& resource, const engine::RiskScope& scope, lang::DiagnosticSink& sink) {
        judge_risk(*kept, resource, scope, sink);
      });
  return {};
}

}  // namespace twin::resources
