// The schema-driven type checker: every evaluated resource against the
// schema of its type (stdlib/*.twin, see lang/schema.h). It checks what a
// schema can say (names, value types, enum values, formats, required and
// conflicting attributes, nested blocks, references, twin files) so that
// providers' validate() only has to check what needs the machine or the
// provider's own rules. Pure: the one question about the outside world
// (does a twin file exist?) is a callback.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "lang/diagnostic.h"
#include "lang/resource_decl.h"
#include "lang/schema.h"

namespace twin::lang {

/// The checker's diagnostic codes (lang/codes.md). E0201 and E0210 are the
/// engine's codes for the same meanings: one code per meaning.
namespace check_codes {
inline constexpr char kUnknownType[] = "E0201";
inline constexpr char kUnknownAttribute[] = "E0203";
inline constexpr char kWrongType[] = "E0204";
inline constexpr char kBadEnumValue[] = "E0205";
inline constexpr char kBadFormat[] = "E0206";
inline constexpr char kMissingRequired[] = "E0207";
inline constexpr char kConflict[] = "E0208";
inline constexpr char kUnknownBlock[] = "E0209";
inline constexpr char kUndeclaredReference[] = "E0210";
inline constexpr char kMissingTwinFile[] = "E0212";
inline constexpr char kControlInTitle[] = "E0213";  // a title holding a control character
}  // namespace check_codes

struct CheckOptions {
  /// True when `path` (relative to the twin directory, already checked to be
  /// relative and normal) names a regular file of the twin. When empty,
  /// `twin_file` attributes are not looked up.
  std::function<bool(const std::string& path)> twin_file_exists;
};

/// What the checker found, per resource (same order as the input).
struct CheckResult {
  std::vector<bool> has_errors;
  bool ok() const;
};

/// Checks every resource against `schemas`, appending each problem to
/// `sink` (several per resource; a resource of an unknown type gets only
/// E0201). Formats are checked with `schemas.formats()`, the registry the
/// schemas were loaded with. References must name one of `resources`.
/// Never throws.
CheckResult check_resources(const std::vector<ResourceDecl>& resources, const SchemaSet& schemas,
                            const CheckOptions& options, DiagnosticSink& sink);

}  // namespace twin::lang
