// template(): `${name}` substitution in a text file of the twin. Kept apart
// from the language's own strings on purpose: a template holds names only
// (no expressions), so a config file full of shell `$VAR` stays readable.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>

#include "lang/diagnostic.h"
#include "lang/source.h"
#include "lang/value.h"

namespace twin::lang {

/// `tmpl`'s text with each `${name}` (spaces allowed inside the braces)
/// replaced by vars[name]; `$${` stands for a literal `${`, any other `$`
/// is literal. Values may be strings, integers or booleans. Errors point
/// into the template file, with a note at `call`: E0117 unknown variable
/// (with "did you mean"), E0118 malformed `${` or a list / map value.
/// E0128 at `call` when the text would grow past `max_bytes`.
/// Returns nullopt after reporting.
std::optional<std::string> expand_template(
    const SourcePtr& tmpl, const Map& vars, const Span& call, DiagnosticSink& sink,
    std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

}  // namespace twin::lang
