// Syntax tree to resource declarations: every expression reduced to a Value.
// Multi-file loading with imports and facts is lang/load.h; this entry point
// evaluates one file on its own.
#pragma once

#include <vector>

#include "lang/ast.h"
#include "lang/diagnostic.h"
#include "lang/resource_decl.h"
#include "lang/source_reader.h"
#include "lang/value.h"

namespace twin::lang {

/// Evaluates one parsed file without imports. Scoping: a `let` may use the
/// lets above it; a resource block may use every let of its file; `facts`
/// is the given map (an empty map when `facts` is not a map). Appends
/// evaluation errors (E0100-E0199) to `sink` and keeps going; a value that
/// failed is left out (an attribute is dropped, a resource whose title
/// failed is dropped), and uses of a failed `let` report nothing more. Each
/// Value's span is the span of the expression that produced it. `reader`
/// (may be null) serves file() and template(). An `import` statement is an
/// error here (E0109): use lang::load.
std::vector<ResourceDecl> evaluate(const ast::Module& module, DiagnosticSink& sink,
                                   SourceReader* reader = nullptr, const Value& facts = {});

}  // namespace twin::lang
