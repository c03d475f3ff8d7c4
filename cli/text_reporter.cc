#include "cli/text_reporter.h"

#include "cli/console_reporter.h"

namespace twin::cli {

void TextReporter::target(const ops::TwinChoice& twin, const std::filesystem::path& root) {
  text_ += remembered_line(twin, root);
}

void TextReporter::progress(std::string_view line) { (text_ += line) += "\n"; }

void TextReporter::note(std::string_view line) { (text_ += line) += "\n"; }

void TextReporter::warning(std::string_view text) { (text_ += "twin: warning: ").append(text) += "\n"; }

void TextReporter::error(const engine::Error& error, const std::vector<std::string>& help) {
  text_ += error_text(error, false);
  for (const auto& line : help) text_ += line + "\n";
}

void TextReporter::diagnostics(const lang::DiagnosticSink& sink) {
  text_ += diagnostics_text(sink, false);
}

}  // namespace twin::cli
