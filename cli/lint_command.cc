#include "cli/lint_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/diagnostic_catalog.h"
#include "cli/exit_code.h"
#include "cli/terminal.h"
#include "cli/console_reporter.h"
#include "cli/ops/lint_risks.h"
#include "cli/ops/precedence.h"
#include "cli/ops/schema_check.h"
#include "cli/twin_location.h"
#include "cli/version.h"
#include "engine/core/facts.h"
#include "engine/core/reconciler.h"
#include "engine/repo/twin_loader.h"
#include "lang/diagnostic_formats.h"
#include "resources/process_runner.h"
#include "resources/register.h"
#include "resources/risk_rules.h"

namespace twin::cli {
namespace {
namespace fs = std::filesystem;

// Which files a run reports on: every file of the twin, or those the user
// named (files, or directories holding them). The whole twin is loaded
// either way, so references and imports across files still resolve.
class FileFilter {
 public:
  /// Errors: E1204 for a path that does not exist or names no loaded file.
  static engine::Result<FileFilter> make(const std::vector<std::string>& paths,
                                         const engine::LoadedTwin& twin) {
    FileFilter filter;
    std::error_code ec;
    for (const std::string& given : paths) {
      fs::path path = fs::absolute(given, ec).lexically_normal();
      if (!fs::exists(path, ec))
        return engine::make_error("E1204", "no such manifest or directory", given);
      bool directory = fs::is_directory(path, ec);
      std::size_t before = filter.files_.size();
      for (const auto& source : twin.sources) {
        fs::path file = (twin.dir / source->path()).lexically_normal();
        fs::path rel = file.lexically_relative(path);
        bool inside = directory ? !rel.empty() && *rel.begin() != ".." : file == path;
        if (inside) filter.files_.push_back(source->path());
      }
      if (filter.files_.size() == before)
        return engine::make_error(
            "E1204", "not a manifest of the twin (lint reads state/*.twin and what they import)",
            given);
    }
    filter.all_ = paths.empty();
    return filter;
  }

  /// Diagnostics that locate nothing are always kept.
  bool keeps(const lang::Diagnostic& d) const {
    return all_ || !d.span.valid() ||
           std::find(files_.begin(), files_.end(), d.span.file->path()) != files_.end();
  }
  std::size_t file_count(const engine::LoadedTwin& twin) const {
    return all_ ? twin.sources.size() : files_.size();
  }

 private:
  bool all_ = true;
  std::vector<std::string> files_;  // as the sources name them
};

// The providers' own rules and the graph. prepare() does both when the
// checker found nothing; otherwise only the resources the checker passed
// are validated, so no problem is reported twice (once by the checker and
// once by a provider that checks the same thing in its own words).
void validate_with_providers(const engine::LoadedTwin& m, const lang::CheckResult& checked,
                             const engine::ProviderRegistry& registry, const engine::Context& ctx,
                             lang::DiagnosticSink& sink) {
  if (checked.ok()) {
    (void)engine::prepare(m.resources, registry, ctx, sink);
    return;
  }
  for (std::size_t i = 0; i < m.resources.size(); ++i) {
    if (checked.has_errors[i]) continue;
    if (const engine::Provider* provider = registry.find(m.resources[i].type))
      provider->validate(m.resources[i], ctx, sink);
  }
}

// The twin directory as GitHub wants file names: relative to the current
// directory (the workspace in Actions), "" when it is the twin itself.
std::string path_prefix(const fs::path& twin_dir) {
  std::error_code ec;
  fs::path rel = twin_dir.lexically_relative(fs::current_path(ec));
  if (rel.empty() || *rel.begin() == "..") return twin_dir.string() + "/";
  if (rel == ".") return "";
  return rel.string() + "/";
}

std::string file_uri(const fs::path& dir) {
  std::string uri = "file://";
  for (char c : dir.string() + "/") {
    auto u = static_cast<unsigned char>(c);
    bool keep = std::isalnum(u) || std::string_view("-._~/").find(c) != std::string_view::npos;
    uri += keep ? std::string(1, c) : fmt::format("%{:02X}", u);
  }
  return uri;
}

// In a GitHub Actions step, every finding goes to the job summary too:
// annotations stop at ten of a kind. Appended, as GitHub asks of each step.
void write_step_summary(const lang::DiagnosticSink& sink, std::string_view prefix) {
  const char* file = std::getenv("GITHUB_STEP_SUMMARY");
  if (!file || !*file) return;
  std::ofstream out(file, std::ios::app);
  out << lang::render_markdown_summary(sink.all(), prefix);
  if (!out) std::cerr << "twin: warning: could not write the job summary to " << file << "\n";
}

void print(const lang::DiagnosticSink& sink, lang::OutputFormat format, const fs::path& twin_dir,
           std::size_t manifests) {
  // Severity counts and renderers both read `sink`, already filtered.
  switch (format) {
    case lang::OutputFormat::kText: {
      bool color = use_color(stdout);
      for (const auto& d : sink.all()) std::cout << lang::render_text(d, color);
      std::size_t errors = sink.error_count(), warnings = sink.warning_count();
      if (errors || warnings)
        std::cout << fmt::format("{} error{}, {} warning{}.\n", errors, errors == 1 ? "" : "s",
                                 warnings, warnings == 1 ? "" : "s");
      else
        std::cout << fmt::format("No problems in {} manifest{}.\n", manifests,
                                 manifests == 1 ? "" : "s");
      return;
    }
    case lang::OutputFormat::kJson:
      std::cout << lang::render_json(sink.all());
      return;
    case lang::OutputFormat::kGithub:
      std::cout << lang::render_github(sink.all(), path_prefix(twin_dir));
      write_step_summary(sink, path_prefix(twin_dir));
      return;
    case lang::OutputFormat::kSarif:
      std::cout << lang::render_sarif(
          sink.all(), {"twin", TWIN_VERSION, "", file_uri(twin_dir), diagnostic_catalog()});
      return;
  }
}

}  // namespace

int run_lint(const LintOptions& options) {
  auto format = lang::parse_output_format(options.format);
  if (!format) {
    print_error(engine::make_error("E1205", "unknown --format; use text, json, github or sarif",
                                   options.format));
    return to_int(ExitCode::kError);
  }
  auto target = locate_target(options.target);
  if (!target) return to_int(ExitCode::kError);
  const fs::path& twin_dir = target->twin.dir;
  const fs::path& root = target->root;

  lang::DiagnosticSink all;
  const lang::Value facts = engine::read_facts(root);
  auto twin = engine::load_twin(twin_dir, all, facts);
  if (!twin) {
    print_error(twin.error());
    return to_int(ExitCode::kError);
  }
  auto filter = FileFilter::make(options.paths, *twin);
  if (!filter) {
    print_error(filter.error());
    return to_int(ExitCode::kError);
  }
  // Type errors in resources that did not evaluate fully would be echoes of
  // the syntax or evaluation error already reported: later phases need a
  // clean load.
  if (!all.has_errors()) {
    engine::ProviderRegistry registry;
    resources::register_builtin_providers(registry);
    if (auto used = resources::use_machine_risk_rules(registry, root); !used) {
      print_error(used.error());
      return to_int(ExitCode::kError);
    }
    // A person's declaration overrides the generated one (ops/precedence.h).
    (void)ops::apply_precedence(*twin, registry);
    lang::CheckResult checked = ops::check_twin(twin->resources, twin_dir, all);
    resources::ProcessRunner runner;
    engine::Host host(root, runner);
    engine::Context ctx{host, twin_dir};
    validate_with_providers(*twin, checked, registry, ctx, all);
    auto risks = ops::judge_lint_risks(*twin, registry, ctx, facts, options.base, all);
    if (!risks) {
      print_error(risks.error());
      return to_int(ExitCode::kError);
    }
  }
  lang::DiagnosticSink shown;
  for (const auto& d : all.all())
    if (filter->keeps(d)) shown.add(d);
  print(shown, *format, twin_dir, filter->file_count(*twin));
  bool failed = shown.has_errors() || (options.strict && shown.warning_count() > 0);
  return to_int(failed ? ExitCode::kError : ExitCode::kOk);
}

}  // namespace twin::cli
