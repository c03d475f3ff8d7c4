// How a use case talks to whoever runs it (ninja's Status is the model):
// progress lines, notes, warnings, errors and diagnostics go through a
// Reporter, and the use case returns a typed outcome. Nothing in cli/ops/
// prints: the command line renders to the terminal (cli/console_reporter.h),
// the menu collects text for a box, and the agent keeps the errors for its
// report while forwarding everything to the journal.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"
#include "lang/diagnostic.h"

namespace twin::ops {

/// How the twin of a run was chosen (ops/workspace.h has the rule).
enum class TwinSource {
  kFlag,        // --twin DIR
  kEnvironment, // $TWIN_DIR
  kHere,        // the current directory or one of its parents
  kRemembered,  // ~/.config/twinsync/config.yaml: said on the first line
};

struct TwinChoice {
  std::filesystem::path dir;  // absolute and normal
  TwinSource source = TwinSource::kFlag;
};

class Reporter {
 public:
  virtual ~Reporter() = default;

  /// The twin and root a use case works on, as soon as both are known.
  virtual void target(const TwinChoice& twin, const std::filesystem::path& root) = 0;
  /// One line of progress while something runs ("CREATE file[...]: done").
  virtual void progress(std::string_view line) = 0;
  /// What is running right now ("[3/7] INSTALL package[\"nginx\"]: Unpacking
  /// nginx …"): transient, replaced by the next status or progress line. A
  /// terminal shows it on one line; a pipe or log need not keep it.
  virtual void status(std::string_view) {}
  /// A line worth telling that is neither progress nor a problem.
  virtual void note(std::string_view line) = 0;
  /// Something went wrong that does not fail the use case.
  virtual void warning(std::string_view text) = 0;
  /// Why the use case failed or refused, with lines of what to do next.
  virtual void error(const engine::Error& error, const std::vector<std::string>& help = {}) = 0;
  /// Language diagnostics of the manifests (errors and warnings).
  virtual void diagnostics(const lang::DiagnosticSink& sink) = 0;
};

/// A reporter that drops everything: for a quiet look (the plan before a
/// pull, to tell which steps the pull adds).
class SilentReporter : public Reporter {
 public:
  void target(const TwinChoice&, const std::filesystem::path&) override {}
  void progress(std::string_view) override {}
  void note(std::string_view) override {}
  void warning(std::string_view) override {}
  void error(const engine::Error&, const std::vector<std::string>&) override {}
  void diagnostics(const lang::DiagnosticSink&) override {}
};

/// The code of an Error whose details already reached the reporter (the
/// manifests' diagnostics, say): renderers do not print it again.
inline constexpr char kReportedCode[] = "reported";

/// An error standing for what the reporter was already told.
inline engine::Error reported(std::string summary) {
  return engine::make_error(kReportedCode, std::move(summary));
}

inline bool was_reported(const engine::Error& error) { return error.code == kReportedCode; }

}  // namespace twin::ops
