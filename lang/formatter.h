// `twin fmt`: the canonical layout of a .twin file. Works on tokens that
// keep comments, so it changes whitespace only: never a value, a comment's
// text or a heredoc's body.
//
// The canonical layout:
// - two spaces per level of { }, [ ] and ( ); a line continuing after a
//   trailing `==`, `!=`, `&&` or `||` gets one extra level;
// - one space around `=` and binary operators, after ',' and ':', inside
//   one-line `{ ... }`; none inside [ ] and ( ), before ',' or after '!';
//   `=` signs are not aligned (a new attribute never re-indents its
//   neighbours, so diffs stay small);
// - comments stay on their line: a full-line comment is indented like the
//   code around it, a trailing comment follows its code after one space;
// - at most one blank line in a row, none at the start or end of the file,
//   after an opening bracket or before a closing one;
// - line breaks stay where they are (one attribute per line is already a
//   rule of the grammar), lines end in "\n", the file ends with one newline.
// Formatting is idempotent: formatting formatted text changes nothing.
#pragma once

#include <optional>
#include <string>

#include "lang/diagnostic.h"
#include "lang/source.h"

namespace twin::lang {

/// The canonical text of `file`. Returns nullopt, with the syntax errors in
/// `sink`, when the file does not parse: a broken file is left alone.
std::optional<std::string> format_source(const SourcePtr& file, DiagnosticSink& sink);

}  // namespace twin::lang
