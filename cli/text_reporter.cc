#include "cli/text_reporter.h"

#include "cli/console_reporter.h"

namespace twin::cli {

void TextReporter::target(const ops::TwinChoice& twin, const std::filesystem::path& root) {
  if (twin.source == ops::TwinSource::kRemembered)
    text_ += "Twin: " + twin.dir.string() + " (remembered), root: " + root.string() + "\n";
}

void TextReporter::progress(std::string_view line) { (text_ += line) += "\n"; }

void TextReporter::note(std::string_view line) { (text_ += line) += "\n"; }

void TextReporter::warning(std::string_view text) { (text_ += "twin: warning: ").append(text) += "\n"; }

void TextReporter::error(const engine::Error& error, const std::vector<std::string>& help) {
  text_ += error_text(error, false);
  for (const auto& line : help) text_ += line + "\n";
}

void TextReporter::diagnostics(const lang::DiagnosticSink& sink) {
  for (const auto& d : sink.all()) text_ += lang::render_text(d, false);
  if (sink.has_errors())
    text_ += std::to_string(sink.error_count()) +
             (sink.error_count() == 1 ? " error" : " errors") + " generated.\n";
}

}  // namespace twin::cli
