#include "resources/risk_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

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

bool title_matches(const RiskRule& rule, std::string_view title) {
  if (rule.title.empty() || title == rule.title) return true;
  return rule.under && title.size() > rule.title.size() && title.starts_with(rule.title) &&
         title[rule.title.size()] == '/';
}

// The risky setting the rule found, as "attr = value"; "" for rules that
// match any declaration; nullopt when the rule does not match.
std::optional<std::string> match(const RiskRule& rule, const Resource& resource) {
  if (resource.type != rule.type || !title_matches(rule, resource.title)) return std::nullopt;
  if (rule.attribute.empty()) return std::string();
  const lang::Attribute* attr = resource.find(rule.attribute);
  if (!attr) return std::nullopt;
  std::string written = attr->value.to_source();
  if (std::find(rule.values.begin(), rule.values.end(), written) == rule.values.end())
    return std::nullopt;
  return fmt::format("{} = {}", rule.attribute, written);
}

}  // namespace

const std::vector<RiskRule>& risk_rules() {
  constexpr std::string_view kLockout =
      "a mistake here can lock everyone out of the machine";
  static const std::vector<RiskRule> kRules = {
      // W0301 (removing an Essential or Priority: required package) is judged
      // on the plan by the package provider, which alone knows the machine's
      // dpkg data: removing any other package is an ordinary change.
      {"W0302", "service", "ssh", false, "enabled", {"false"}, "is disabled", kLockout},
      {"W0302", "service", "ssh", false, "running", {"false"}, "is stopped", kLockout},
      {"W0302", "service", "ssh.service", false, "enabled", {"false"}, "is disabled", kLockout},
      {"W0302", "service", "ssh.service", false, "running", {"false"}, "is stopped", kLockout},
      {"W0302", "service", "sshd", false, "enabled", {"false"}, "is disabled", kLockout},
      {"W0302", "service", "sshd", false, "running", {"false"}, "is stopped", kLockout},
      {"W0302", "service", "sshd.service", false, "enabled", {"false"}, "is disabled", kLockout},
      {"W0302", "service", "sshd.service", false, "running", {"false"}, "is stopped", kLockout},
      {"W0303", "file", "/etc/sudoers", false, "", {}, "manages sudo's rules",
       "a syntax error in sudo's rules disables sudo for everyone"},
      {"W0303", "file", "/etc/sudoers.d", true, "", {}, "manages sudo's rules",
       "a syntax error in sudo's rules disables sudo for everyone"},
      {"W0304", "file", "/etc/passwd", false, "", {}, "manages an account database", kLockout},
      {"W0304", "file", "/etc/shadow", false, "", {}, "manages an account database", kLockout},
      {"W0304", "file", "/etc/group", false, "", {}, "manages an account database", kLockout},
      {"W0304", "file", "/etc/gshadow", false, "", {}, "manages an account database", kLockout},
      {"W0305", "file", "/etc/ssh/sshd_config", false, "", {},
       "manages the SSH server's configuration", kLockout},
      {"W0305", "file", "/etc/ssh/sshd_config.d", true, "", {},
       "manages the SSH server's configuration", kLockout},
      {"W0306", "file", "/etc/fstab", false, "", {}, "manages what the machine mounts at boot",
       "a mistake here can leave the machine unable to boot"},
      {"W0306", "file", "/boot", true, "", {}, "manages boot files",
       "a mistake here can leave the machine unable to boot"},
  };
  return kRules;
}

void judge_risk(const Resource& resource, lang::DiagnosticSink& sink) {
  bool requested = resource.get_bool("allow_risky") == true;
  for (const RiskRule& rule : risk_rules()) {
    auto setting = match(rule, resource);
    if (!setting) continue;
    lang::Diagnostic d;
    d.severity = lang::Severity::kWarning;
    d.code = requested ? std::string(kRequested) : std::string(rule.code);
    d.message = fmt::format("risky change: {} {}", resource.address(), rule.change);
    if (!setting->empty()) d.message += fmt::format(" ({})", *setting);
    if (requested) d.message += fmt::format(" [{}, requested with allow_risky]", rule.code);
    d.span = resource.title_span;
    d.notes.emplace_back(rule.danger);
    d.hint = kHint;
    sink.add(std::move(d));
    break;
  }
}

}  // namespace twin::resources
