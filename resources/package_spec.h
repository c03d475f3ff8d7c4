// The desired state of one `package` declaration, read from its attributes:
//   package "NAME" { ensure = "present"|"absent"|"purged"|"latest"|"VERSION"
//                    hold = BOOL  auto = BOOL  allow_risky = BOOL }
// Types and unknown attributes are checked generically by the checker; this
// file checks only the package rules (name, version, hold vs ensure).
#pragma once

#include <optional>
#include <string>

#include "engine/core/plan.h"
#include "engine/core/result.h"
#include "lang/diagnostic.h"

namespace twin::resources {

enum class PackageEnsure { kPresent, kAbsent, kPurged, kLatest, kVersion };

struct PackageSpec {
  std::string name;
  PackageEnsure ensure = PackageEnsure::kPresent;
  std::string version;       // kVersion only
  std::optional<bool> hold;  // nullopt: leave the hold as it is
  /// `auto`: apt's auto-installed mark; nullopt: leave it as it is.
  std::optional<bool> automatic;
  /// Not an attribute: the version the twin's record (live/packages.yaml)
  /// gives a package whose ensure is "present", when apt offers it (see
  /// apply_record()); "" for any version.
  std::string preferred_version;
  bool allow_risky = false;  // may remove Essential / Priority: required packages
  lang::Span title_span;
  lang::Span ensure_span;  // the value's span, or the title's when ensure is absent

  bool wants_installed() const {
    return ensure != PackageEnsure::kAbsent && ensure != PackageEnsure::kPurged;
  }
  /// The version the install call asks for: "" for apt's candidate.
  const std::string& wanted_version() const {
    return ensure == PackageEnsure::kVersion ? version : preferred_version;
  }
  /// The apt-get install argument: "name" or "name=version".
  std::string install_argument() const {
    return wanted_version().empty() ? name : name + "=" + wanted_version();
  }
};

/// Appends diagnostics E0321-E0325 for `resource`: the title must be a
/// Debian package name (E0321; "name:arch" gets E0322, architecture
/// qualifiers are not supported), ensure a keyword or a Debian version
/// (E0323/E0324), and hold = true cannot go with absent/purged (E0325),
/// nor can `auto` (E0328).
void validate_package(const engine::Resource& resource, lang::DiagnosticSink& sink);

/// The spec of a declaration; E3301 with the first diagnostic's message when
/// validate_package() would report one (plan and apply never trust that
/// validate ran) or an attribute has the wrong type.
engine::Result<PackageSpec> read_package_spec(const engine::Resource& resource);

}  // namespace twin::resources
