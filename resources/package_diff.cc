#include "resources/package_diff.h"

#include <fmt/format.h>

#include "resources/debian_names.h"
#include "resources/package_codes.h"
#include "resources/package_actions.h"

namespace twin::resources {
namespace {

using engine::Action;
using engine::Change;

engine::Error error_at(const char* code, std::string message, const std::string& address,
                       const lang::Span& span) {
  engine::Error error = engine::make_error(code, std::move(message), address);
  error.span = span;
  return error;
}

bool is_installed(const InstalledPackage* p) { return p && p->state == InstallState::kInstalled; }

// The version apt would install for `spec` when it is not installed yet.
engine::Result<std::string> version_to_install(const PackageSpec& spec, const PackagePolicy* policy,
                                               const std::string& address) {
  if (spec.ensure == PackageEnsure::kVersion) {
    if (policy && policy->downloadable(spec.version)) return spec.version;
    std::string offered = policy ? policy->downloadable_list() : "";
    return error_at(
        package_codes::kVersionUnavailable,
        fmt::format("version {} of package {} is not available from any package "
                    "source ({}); the package lists may be old",
                    spec.version, spec.name, offered.empty() ? "none is" : "available: " + offered),
        address, spec.ensure_span);
  }
  if (!spec.preferred_version.empty()) return spec.preferred_version;
  if (policy && !policy->candidate.empty()) return policy->candidate;
  return error_at(package_codes::kNoCandidate,
                  fmt::format("package {} has no installation candidate: no package source "
                              "offers it; check the name, or the package lists may be old (twin "
                              "never updates them by itself)",
                              spec.name),
                  address, spec.title_span);
}

// W0312: an Essential or Priority: required package downgraded or held
// stops getting security fixes (or gets old bugs back). A finding on the
// plan, W0300 when the declaration requests it with allow_risky.
lang::Diagnostic frozen_base_risk(const PackageSpec& spec, const InstalledPackage& installed,
                                  const std::string& address, std::string_view what) {
  lang::Diagnostic risk;
  risk.severity = lang::Severity::kWarning;
  risk.code = spec.allow_risky ? "W0300" : "W0312";
  risk.message = fmt::format("risky change: {} {} {} package{}", address, what,
                             installed.essential ? "an Essential" : "a Priority: required",
                             spec.allow_risky ? " [W0312, requested with allow_risky]" : "");
  risk.span = spec.title_span;
  risk.notes.push_back("the base system then misses security fixes, or gets old bugs back");
  return risk;
}

// A version change for an installed package, or nullopt when none is due.
engine::Result<std::optional<Change>> version_change(const PackageSpec& spec,
                                                     const InstalledPackage& installed,
                                                     const PackagePolicy* policy,
                                                     const std::string& address) {
  std::string target;
  if (spec.ensure == PackageEnsure::kVersion) {
    if (compare_versions(installed.version, spec.version) == 0) return std::optional<Change>();
    auto version = version_to_install(spec, policy, address);
    if (!version) return version.error();
    target = *version;
  } else if (spec.ensure == PackageEnsure::kLatest) {
    // apt's candidate is the installed version when no source has a newer
    // one (downgrades are never candidates), so "newer" is the only case.
    if (!policy || policy->candidate.empty() ||
        compare_versions(policy->candidate, installed.version) <= 0)
      return std::optional<Change>();
    target = policy->candidate;
  } else if (!spec.preferred_version.empty() &&
             compare_versions(installed.version, spec.preferred_version) != 0) {
    target = spec.preferred_version;
  } else {
    return std::optional<Change>();
  }
  bool downgrade = compare_versions(target, installed.version) < 0;
  Change change{package_action::kUpgrade,
                fmt::format("{} → {}{}{}", installed.version, target,
                            downgrade ? " (downgrade)" : "",
                            spec.ensure == PackageEnsure::kPresent ? " (the recorded version)" : ""),
                std::nullopt,
                {}};
  if (downgrade && installed.risky())
    change.risks.push_back(frozen_base_risk(spec, installed, address, "downgrades"));
  return std::optional<Change>(std::move(change));
}

}  // namespace

bool needs_policy(const PackageSpec& spec, const InstalledPackage* installed) {
  if (!spec.wants_installed()) return false;
  if (!is_installed(installed)) return true;
  if (spec.ensure == PackageEnsure::kLatest) return true;
  const std::string& wanted = spec.wanted_version();
  return !wanted.empty() && compare_versions(installed->version, wanted) != 0;
}

bool wants_auto(const PackageSpec& spec, const InstalledPackage* installed, bool marked_auto) {
  return spec.automatic.value_or(is_installed(installed) && marked_auto);
}

engine::Error risky_removal_error(const InstalledPackage& victim, bool purge,
                                  const std::string& declared_by, const lang::Span& span) {
  std::string kind = victim.essential ? "essential package" : "required package";
  std::string why = victim.essential ? "Essential: yes" : "Priority: required";
  return error_at(package_codes::kRiskyRemoval,
                  fmt::format("refusing to {} {} {} ({}): the system may not work without it; "
                              "set allow_risky = true in {} to request it (it is then applied "
                              "only when approved on the machine)",
                              purge ? "purge" : "remove", kind, victim.name, why, declared_by),
                  declared_by, span);
}

engine::Result<std::vector<Change>> diff_package(const PackageSpec& spec,
                                                 const InstalledPackage* installed,
                                                 const PackagePolicy* policy,
                                                 const std::string& address, bool marked_auto) {
  std::vector<Change> changes;
  if (installed && installed->state == InstallState::kBroken)
    return error_at(package_codes::kBrokenPackage,
                    fmt::format("package {} is in a broken state (dpkg status '{}'): an earlier "
                                "operation did not finish; repair it with `dpkg --configure -a` "
                                "or `apt-get -f install` first",
                                spec.name, installed->status_letter),
                    address, spec.title_span);

  if (!spec.wants_installed()) {
    bool purge = spec.ensure == PackageEnsure::kPurged;
    if (is_installed(installed)) {
      if (installed->risky() && !spec.allow_risky)
        return risky_removal_error(*installed, purge, address, spec.ensure_span);
      Change change{
          purge ? package_action::kPurge : package_action::kRemove,
          purge
              ? fmt::format("purge version {} and its configuration files", installed->version)
              : fmt::format("remove version {} (configuration files are kept)", installed->version),
          std::nullopt,
          {}};
      if (installed->held) change.details.push_back("its hold is released");
      change.removes.push_back(spec.name);
      if (installed->risky()) {
        // allow_risky let it into the plan as a request; it stays a risky
        // change that someone on the machine must approve.
        lang::Diagnostic risk;
        risk.severity = lang::Severity::kWarning;
        risk.code = "W0300";
        risk.message = fmt::format("risky change: {} removes {} package [W0301, requested with "
                                   "allow_risky]",
                                   address,
                                   installed->essential ? "an Essential" : "a Priority: required");
        risk.span = spec.ensure_span;
        risk.notes.push_back(
            "removing it can take tools the system or remote access need with it");
        change.risks.push_back(std::move(risk));
      }
      changes.push_back(std::move(change));
    } else if (purge && installed && installed->state == InstallState::kConfigFiles) {
      changes.push_back({package_action::kPurge, "purge the configuration files left by a removal",
                         std::nullopt, {}, {spec.name}});
    }
    return changes;
  }

  bool held = installed && installed->held;
  std::optional<Change> version;
  if (!is_installed(installed)) {
    auto target = version_to_install(spec, policy, address);
    if (!target) return target.error();
    version = Change{package_action::kInstall,
                     "install version " + *target +
                         (spec.ensure == PackageEnsure::kPresent && !spec.preferred_version.empty()
                              ? " (the recorded version)"
                              : ""),
                     std::nullopt,
                     {}};
  } else {
    auto upgrade = version_change(spec, *installed, policy, address);
    if (!upgrade) return upgrade.error();
    version = std::move(*upgrade);
  }

  if (spec.hold == false && held)
    changes.push_back({package_action::kUnhold, "release the hold", std::nullopt, {}});
  if (version) {
    if (held && spec.hold != false)
      version->details.push_back("the hold is released for the change and set again after it");
    changes.push_back(std::move(*version));
  }
  // Installing by name marks a package manually installed.
  bool auto_after = !version && is_installed(installed) && marked_auto;
  bool auto_wanted = wants_auto(spec, installed, marked_auto);
  if (auto_wanted != auto_after)
    changes.push_back({package_action::kMark,
                       auto_wanted ? "mark as installed automatically (apt-mark auto)"
                                   : "mark as installed manually (apt-mark manual)",
                       std::nullopt,
                       {}});
  if (spec.hold == true && !held) {
    changes.push_back({package_action::kHold, "hold at the installed version", std::nullopt, {}});
    if (installed && installed->risky())
      changes.back().risks.push_back(frozen_base_risk(spec, *installed, address, "holds"));
  }
  return changes;
}

}  // namespace twin::resources
