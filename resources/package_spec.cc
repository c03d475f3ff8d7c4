#include "resources/package_spec.h"

#include <fmt/format.h>

#include "lang/suggest.h"
#include "resources/debian_names.h"
#include "resources/package_codes.h"

namespace twin::resources {
namespace {

constexpr char kEnsureHint[] =
    "use \"present\", \"absent\", \"purged\", \"latest\" or a Debian version such as "
    "\"1.2.3-1\" or \"1:2.0~rc1-2\"";

const std::vector<std::string>& ensure_keywords() {
  static const std::vector<std::string> kKeywords = {"present", "absent", "purged", "latest"};
  return kKeywords;
}

void check_name(const engine::Resource& resource, lang::DiagnosticSink& sink) {
  const std::string& name = resource.title;
  if (auto colon = arch_qualifier(name)) {
    sink.error(package_codes::kDiagArchQualifier,
           fmt::format("architecture qualifiers are not supported: {}", quoted_text(name)),
           resource.title_span,
           fmt::format("declare the package as {}; twin manages the native architecture",
                       quoted_text(name.substr(0, *colon))));
    return;
  }
  if (auto problem = package_name_problem(name)) {
    std::string hint = kPackageNameHint;
    bool has_upper = false;
    std::string lower = name;
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a'), has_upper = true;
    if (has_upper && !package_name_problem(lower))
      hint = fmt::format("package names are lower case: write {}", quoted_text(lower));
    sink.error(package_codes::kDiagBadName,
           fmt::format("invalid package name {}: {}", quoted_text(name), *problem),
           resource.title_span, std::move(hint));
  }
}

// Keyword or version; reports and returns nullopt when it is neither.
std::optional<PackageEnsure> check_ensure(const lang::Attribute& attr, lang::DiagnosticSink& sink) {
  const std::string& value = attr.value.as_string();
  if (value == "present") return PackageEnsure::kPresent;
  if (value == "absent") return PackageEnsure::kAbsent;
  if (value == "purged") return PackageEnsure::kPurged;
  if (value == "latest") return PackageEnsure::kLatest;
  auto problem = version_problem(value);
  if (!problem) return PackageEnsure::kVersion;
  // A value that starts with a digit was meant as a version; anything else
  // is most likely a misspelt keyword.
  if (!value.empty() && value.front() >= '0' && value.front() <= '9') {
    sink.error(package_codes::kDiagBadVersion,
           fmt::format("invalid version {}: {}", quoted_text(value), *problem), attr.value.span,
           "a Debian version is [epoch:]upstream[-revision] of letters, digits and . + ~ "
           "(':' only after an epoch, '-' before the revision), e.g. \"1:2.4.1-3\"");
  } else {
    std::string hint = kEnsureHint;
    if (auto close = lang::closest_name(value, ensure_keywords()))
      hint = fmt::format("did you mean \"{}\"?", *close);
    sink.error(package_codes::kDiagBadEnsure,
           fmt::format("invalid ensure {}: expected a keyword or a version", quoted_text(value)),
           attr.value.span, std::move(hint));
  }
  return std::nullopt;
}

// Fills `spec` and appends every problem to `sink`; type errors are left to
// the generic checker (and make read_package_spec fail).
bool read_into(const engine::Resource& resource, PackageSpec& spec, lang::DiagnosticSink& sink) {
  bool types_ok = true;
  check_name(resource, sink);
  spec.name = resource.title;
  spec.title_span = resource.title_span;
  spec.ensure_span = resource.title_span;
  if (const lang::Attribute* ensure = resource.find("ensure")) {
    if (ensure->value.is_string()) {
      spec.ensure_span = ensure->value.span;
      if (auto kind = check_ensure(*ensure, sink)) {
        spec.ensure = *kind;
        if (*kind == PackageEnsure::kVersion) spec.version = ensure->value.as_string();
      }
    } else {
      types_ok = false;
    }
  }
  if (const lang::Attribute* hold = resource.find("hold")) {
    if (hold->value.is_bool()) {
      spec.hold = hold->value.as_bool();
      if (*spec.hold && !spec.wants_installed())
        sink.error(package_codes::kDiagHoldConflict,
               fmt::format("hold = true cannot go with ensure = \"{}\"",
                           spec.ensure == PackageEnsure::kAbsent ? "absent" : "purged"),
               hold->value.span, "a hold keeps an installed package at its version; remove `hold`");
    } else {
      types_ok = false;
    }
  }
  if (const lang::Attribute* automatic = resource.find("auto")) {
    if (automatic->value.is_bool()) {
      spec.automatic = automatic->value.as_bool();
      if (!spec.wants_installed())
        sink.error(package_codes::kDiagAutoConflict,
                   fmt::format("auto = {} cannot go with ensure = \"{}\"", *spec.automatic,
                               spec.ensure == PackageEnsure::kAbsent ? "absent" : "purged"),
                   automatic->value.span,
                   "the auto-installed mark belongs to an installed package; remove `auto`");
    } else {
      types_ok = false;
    }
  }
  if (const lang::Attribute* risky = resource.find("allow_risky")) {
    if (risky->value.is_bool())
      spec.allow_risky = risky->value.as_bool();
    else
      types_ok = false;
  }
  return types_ok;
}

}  // namespace

void validate_package(const engine::Resource& resource, lang::DiagnosticSink& sink) {
  PackageSpec spec;
  (void)read_into(resource, spec, sink);
}

engine::Result<PackageSpec> read_package_spec(const engine::Resource& resource) {
  PackageSpec spec;
  lang::DiagnosticSink sink;
  bool types_ok = read_into(resource, spec, sink);
  if (sink.has_errors() || !types_ok) {
    std::string message =
        sink.has_errors() ? sink.all().front().message : "an attribute has the wrong type";
    engine::Error error = engine::make_error(
        package_codes::kInvalidDecl, "invalid package declaration: " + message, resource.address());
    error.span = sink.has_errors() ? sink.all().front().span : resource.span;
    return error;
  }
  return spec;
}

}  // namespace twin::resources
