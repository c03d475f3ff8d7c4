// Errors are values with locations. Every phase (parser, evaluator, checker,
// providers' validation) appends Diagnostics to a sink instead of stopping at
// the first problem; the CLI renders them like clang.
#pragma once

#include <string>
#include <vector>

#include "lang/source.h"

namespace twin::lang {

enum class Severity { kError, kWarning, kNote };

/// A secondary location with its own short label ("first declared here").
struct Label {
  Span span;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     // stable, e.g. "E0001"; documented in SPEC.md
  std::string message;  // one line, lower case, no trailing period
  Span span;            // primary location; may be invalid for non-source errors
  std::string hint;     // rendered as "help: ..."; may be empty
  std::vector<Label> related;
  std::vector<std::string> notes;
};

/// Collects diagnostics from every phase. Not thread-safe.
class DiagnosticSink {
 public:
  void add(Diagnostic d) { diagnostics_.push_back(std::move(d)); }
  void error(std::string code, std::string message, Span span, std::string hint = {});
  void warning(std::string code, std::string message, Span span, std::string hint = {});

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  bool empty() const { return diagnostics_.empty(); }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Renders like clang:
///   state/a.twin:3:9: error[E0101]: expected '=' after attribute name
///       mode "0644"
///            ^~~~~~
///   help: write `mode = "0644"`
/// With `color`, uses ANSI colours for severity and caret.
std::string render_text(const Diagnostic& d, bool color = false);

}  // namespace twin::lang
