#include "tests/fuzz/lang_pipeline.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "lang/checker.h"
#include "lang/diagnostic_formats.h"
#include "lang/formatter.h"
#include "lang/load.h"
#include "stdlib/stdlib.h"
#include "tests/lang/checker_test_util.h"

namespace twin::lang::fuzz {
namespace {

[[noreturn]] void fail(const char* property, std::string_view input, const std::string& detail) {
  std::fprintf(stderr, "lang pipeline: %s\n%s\n--- input (%zu bytes) ---\n%.*s\n", property,
               detail.c_str(), input.size(), static_cast<int>(input.size()), input.data());
  std::abort();
}

// Small enough that one input runs in milliseconds under ASan: the fuzzer
// is after crashes and hangs, and an input that merely spends the default
// budgets is neither (with 200,000 steps, inputs that used them all ran at
// 3 a second). The budgets themselves are tested in tests/lang.
EvalLimits fuzz_limits() {
  EvalLimits limits;
  limits.max_string_bytes = 256 << 10;
  limits.max_elements = 2'000;
  limits.max_total_bytes = 4 << 20;
  limits.max_steps = 20'000;
  return limits;
}

class StdlibReader : public SourceReader {
 public:
  std::optional<std::string> read(const std::string& path) override {
    for (const auto& file : stdlib::library())
      if (path == file.name) return std::string(file.text);
    return std::nullopt;
  }
};

void check_span(const Span& span, std::string_view input, const char* what) {
  if (!span.valid()) fail("a diagnostic has no span", input, what);
  if (span.begin > span.end || span.end > span.file->text().size())
    fail("a diagnostic's span lies outside its file", input, what);
}

void check_diagnostics(const DiagnosticSink& sink, std::string_view input) {
  for (const Diagnostic& d : sink.all()) {
    if (d.code.size() != 5) fail("a diagnostic without a code", input, d.message);
    if (d.code == "E0099") fail("internal error", input, render_text(d));
    check_span(d.span, input, d.message.c_str());
    for (const auto& related : d.related) check_span(related.span, input, related.message.c_str());
    // Every renderer: text for people, and the machine formats.
    (void)render_text(d);
    (void)render_text(d, true);
  }
  (void)render_json(sink.all());
  (void)render_github(sink.all());
  (void)render_sarif(sink.all(), SarifTool{});
}

}  // namespace

void run_lang_pipeline(std::string_view input) {
  SourcePtr file = make_source("state/a.twin", std::string(input));

  MemoryReader reader = testing::fixture_twin();
  StdlibReader std_reader;
  LoadOptions options{&reader, testing::test_facts(), &std_reader};
  options.limits = fuzz_limits();
  DiagnosticSink sink;
  std::vector<ResourceDecl> resources = load({file}, options, sink);
  CheckOptions check_options;
  check_options.twin_file_exists = [](const std::string& path) { return path == "files/motd"; };
  (void)check_resources(resources, testing::stdlib_schemas(), check_options, sink);
  check_diagnostics(sink, input);

  DiagnosticSink format_sink;
  if (auto once = format_source(file, format_sink)) {
    DiagnosticSink again_sink;
    auto twice = format_source(make_source("state/a.twin", *once), again_sink);
    if (!twice) fail("formatted text does not parse", input, *once);
    if (*twice != *once) fail("formatting is not idempotent", input, *once + "\n---\n" + *twice);
  }
  check_diagnostics(format_sink, input);
}

}  // namespace twin::lang::fuzz
