#include "cli/console_reporter.h"

#include <iostream>

#include "cli/terminal.h"

namespace twin::cli {

std::string diagnostics_text(const lang::DiagnosticSink& sink, bool color) {
  std::string text;
  for (const auto& d : sink.all()) text += lang::render_text(d, color);
  if (sink.has_errors())
    text += std::to_string(sink.error_count()) +
            (sink.error_count() == 1 ? " error" : " errors") + " generated.\n";
  return text;
}

std::string remembered_line(const ops::TwinChoice& twin, const std::filesystem::path& root) {
  if (twin.source != ops::TwinSource::kRemembered) return "";
  return "Twin: " + twin.dir.string() + " (remembered), root: " + root.string() + "\n";
}

void print_diagnostics(const lang::DiagnosticSink& sink) {
  std::cerr << diagnostics_text(sink, use_color(stderr));
}

std::string error_text(const engine::Error& error, bool color) {
  if (ops::was_reported(error)) return "";
  std::string text = "twin: " + paint("error", "red", color);
  if (!error.code.empty()) text += "[" + error.code + "]";
  return text + ": " + error.text() + "\n";
}

void print_error(const engine::Error& error) { std::cerr << error_text(error, use_color(stderr)); }

ConsoleReporter::ConsoleReporter() : out_(std::cout) {}
ConsoleReporter::ConsoleReporter(std::ostream& out) : out_(out) {}

void ConsoleReporter::target(const ops::TwinChoice& twin, const std::filesystem::path& root) {
  std::cerr << remembered_line(twin, root);
}

void ConsoleReporter::progress(std::string_view line) { out_ << line << std::endl; }

void ConsoleReporter::note(std::string_view line) { out_ << line << "\n"; }

void ConsoleReporter::warning(std::string_view text) {
  std::cerr << "twin: " << paint("warning", "yellow", use_color(stderr)) << ": " << text << "\n";
}

void ConsoleReporter::error(const engine::Error& error, const std::vector<std::string>& help) {
  out_ << std::flush;
  print_error(error);
  for (const auto& line : help) std::cerr << line << "\n";
}

void ConsoleReporter::diagnostics(const lang::DiagnosticSink& sink) { print_diagnostics(sink); }

}  // namespace twin::cli
