// Text to syntax tree. One function; the PEGTL grammar behind it stays in
// lang/internal/grammar.h so that no public header pulls PEGTL in.
#pragma once

#include <cstddef>
#include <optional>

#include "lang/ast.h"
#include "lang/diagnostic.h"
#include "lang/source.h"

namespace twin::lang {

/// Lists, maps, strings (through `${}`) and blocks nest at most this deep;
/// deeper input is a syntax error (E0020), never a stack overflow.
inline constexpr std::size_t kMaxNestingDepth = 64;

/// Parses one file. Appends every syntax error to `sink` (E0001-E0099),
/// recovering at attribute and statement boundaries so one run reports them
/// all. Returns the tree of everything that parsed, which is partial when
/// errors were reported; returns nullopt only when the file cannot be read
/// as text at all (a NUL byte or invalid UTF-8). Never throws for bad input.
std::optional<ast::Module> parse(SourcePtr file, DiagnosticSink& sink);

}  // namespace twin::lang
