#include "resources/risk_rules.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "engine/core/ascii.h"
#include "resources/file_spec.h"
#include "resources/rooted_fs.h"
#include "resources/policy/shipped_risk_rules.h"

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
constexpr char kSiteRules[] = "/etc/twinsync/risk-rules.yaml";

// The shorthands for `danger` the shipped rules use.
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

}  // namespace

const std::vector<RiskRule>& risk_rules() {
  static const std::vector<RiskRule> kRules = [] {
    // Parsed at build time (resources/policy/emit_risk_rules.cc): yaml-cpp
    // took ten milliseconds over the shipped file, more than a small plan.
    return shipped_risk_rules();
  }();
  return kRules;
}

namespace {

/// The rules of ROOT/etc/twinsync/risk-rules.yaml alone (none when missing).
engine::Result<std::vector<RiskRule>> site_risk_rules(const std::filesystem::path& root) {
  auto fs = RootedFs::open(root);
  if (!fs) return fs.error();
  auto meta = fs->lstat(kSiteRules);
  if (!meta) return meta.error();
  if (!*meta) return std::vector<RiskRule>{};
  auto text = fs->read_file(kSiteRules);
  if (!text) return text.error();
  return parse_risk_rules(*text, (root / std::string(kSiteRules).substr(1)).string());
}

}  // namespace

engine::Result<std::vector<RiskRule>> machine_risk_rules(const std::filesystem::path& root) {
  auto site = site_risk_rules(root);
  if (!site) return site.error();
  std::vector<RiskRule> rules = risk_rules();
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
