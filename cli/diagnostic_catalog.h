// What each diagnostic code means, read from lang/codes.md as embedded in
// the binary (stdlib::diagnostic_codes()): the one list people read is the
// one SARIF's rule metadata comes from, so the two cannot drift.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "lang/diagnostic_formats.h"

namespace twin::cli {

/// The rows `| CODE | meaning |` of Markdown tables in `markdown`, by code
/// (E0201, W0302 …): the meaning as the full description, its first clause
/// (up to a ';' or '(' , at most 120 bytes) as the short one. Backquotes
/// are kept; other rows and text are ignored.
std::map<std::string, lang::SarifRule> parse_diagnostic_catalog(std::string_view markdown);

/// parse_diagnostic_catalog() of the embedded lang/codes.md.
const std::map<std::string, lang::SarifRule>& diagnostic_catalog();

}  // namespace twin::cli
