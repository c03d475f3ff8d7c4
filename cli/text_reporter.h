// A Reporter that keeps everything as plain text (no colour), in the order
// it came, for a place that shows it later: a whiptail box.
#pragma once

#include <string>

#include "cli/ops/reporter.h"

namespace twin::cli {

class TextReporter : public ops::Reporter {
 public:
  void target(const ops::TwinChoice& twin, const std::filesystem::path& root) override;
  void progress(std::string_view line) override;
  void note(std::string_view line) override;
  void warning(std::string_view text) override;
  void error(const engine::Error& error, const std::vector<std::string>& help) override;
  void diagnostics(const lang::DiagnosticSink& sink) override;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace twin::cli
