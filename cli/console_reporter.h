// The command line's Reporter: progress and notes to stdout as they come
// (flushed, so a pipe sees each line when it happens), warnings, errors and
// diagnostics to stderr, clang style and coloured on a terminal. A twin
// chosen because it was remembered is announced first, on stderr:
// "Twin: DIR (remembered), root: /".
#pragma once

#include <iosfwd>

#include "cli/ops/reporter.h"

namespace twin::cli {

class ConsoleReporter : public ops::Reporter {
 public:
  ConsoleReporter();
  /// Progress and notes go to `out` (stderr for commands whose stdout is
  /// data, such as `plan --json`).
  explicit ConsoleReporter(std::ostream& out);
  /// `quiet`: no progress and no status lines (--quiet); notes, warnings
  /// and errors still.
  ConsoleReporter(std::ostream& out, bool quiet);
  ~ConsoleReporter() override { clear_status(); }

  void target(const ops::TwinChoice& twin, const std::filesystem::path& root) override;
  void progress(std::string_view line) override;
  /// On a terminal, one line rewritten in place (cut to its width); in a
  /// pipe or file nothing, so a log holds one line per step.
  void status(std::string_view line) override;
  void note(std::string_view line) override;
  void warning(std::string_view text) override;
  void error(const engine::Error& error, const std::vector<std::string>& help) override;
  void diagnostics(const lang::DiagnosticSink& sink) override;

 private:
  /// Clears the status line, if one is showing, before other output.
  void clear_status();

  std::ostream& out_;
  bool quiet_ = false;
  bool live_ = false;  // `out_` is a terminal that can rewrite a line
  bool status_shown_ = false;
};

/// Prints an error as "twin: error[CODE]: MESSAGE" to stderr, unless it
/// stands for what was already reported (ops::was_reported).
void print_error(const engine::Error& error);

/// "twin: error[CODE]: MESSAGE\n"; empty for an error that stands for what
/// was already reported.
std::string error_text(const engine::Error& error, bool color);

/// Every diagnostic of `sink`, clang style, then "N errors generated." when
/// there are errors.
std::string diagnostics_text(const lang::DiagnosticSink& sink, bool color);

/// "Twin: DIR (remembered), root: ROOT\n" for a remembered twin, else "".
std::string remembered_line(const ops::TwinChoice& twin, const std::filesystem::path& root);

/// Prints every diagnostic of `sink` to stderr, clang style.
void print_diagnostics(const lang::DiagnosticSink& sink);

}  // namespace twin::cli
