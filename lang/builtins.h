// The built-in functions of the language: pure and deterministic. They see
// only their arguments and, for file() and template(), the files of the
// twin through the caller's SourceReader: no environment, clock or network.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/diagnostic.h"
#include "lang/source_reader.h"
#include "lang/value.h"

namespace twin::lang {

/// Names of the built-in functions, sorted (for "did you mean" and docs).
const std::vector<std::string>& builtin_names();

/// One evaluated call: every argument already reduced to a Value (each with
/// the span of its expression).
struct BuiltinCall {
  std::string name;
  Span name_span;
  Span span;  // the whole call, `name(...)`
  std::vector<Value> arguments;
  /// join() and template() refuse to build a longer string (E0128), before
  /// building it: join(list, sep) can multiply its input a million times.
  std::size_t max_string_bytes = std::numeric_limits<std::size_t>::max();
};

/// Runs a built-in and returns its value, spanning the call. On failure
/// reports to `sink` and returns nullopt: E0114 unknown function (with "did
/// you mean"), E0115 wrong number of arguments, E0116 argument of the wrong
/// type, E0109 unreadable file, E0125 path outside the twin, E0117 / E0118
/// template errors, E0128 a join() or template() result longer than
/// `call.max_string_bytes`. `reader` may be null: file() and template() then fail
/// with E0109.
std::optional<Value> call_builtin(const BuiltinCall& call, SourceReader* reader,
                                  DiagnosticSink& sink);

}  // namespace twin::lang
