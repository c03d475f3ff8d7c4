// Helpers shared by the lang tests: run the pipeline on a snippet and get
// back what a user would see.
#pragma once

#include <string>
#include <vector>

#include "lang/diagnostic.h"
#include "lang/evaluator.h"
#include "lang/load.h"
#include "lang/source_reader.h"
#include "lang/parser.h"
#include "lang/source.h"

namespace twin::lang::testing {

/// Every diagnostic rendered (no colour), concatenated in report order.
inline std::string render_all(const DiagnosticSink& sink) {
  std::string out;
  for (const Diagnostic& d : sink.all()) out += render_text(d);
  return out;
}

/// Parses `text` as state/a.twin and returns the rendered syntax errors.
inline std::string parse_errors(const std::string& text) {
  DiagnosticSink sink;
  (void)parse(make_source("state/a.twin", text), sink);
  return render_all(sink);
}

/// Parses and evaluates `text` as state/a.twin; the rendered diagnostics of
/// both phases.
inline std::string all_errors(const std::string& text) {
  DiagnosticSink sink;
  if (auto module = parse(make_source("state/a.twin", text), sink)) (void)evaluate(*module, sink);
  return render_all(sink);
}

/// Parses and evaluates `text`, which must be free of errors.
inline std::vector<ResourceDecl> evaluate_ok(const std::string& text, std::string* errors) {
  DiagnosticSink sink;
  std::vector<ResourceDecl> resources;
  if (auto module = parse(make_source("state/a.twin", text), sink))
    resources = evaluate(*module, sink);
  *errors = render_all(sink);
  return resources;
}

/// The facts tests load with: a Debian 12 amd64 host called web1.
inline Value test_facts() {
  Map os{{"id", Value{std::string("debian"), {}}}, {"version_id", Value{std::string("12"), {}}}};
  Map facts{{"os", Value{std::move(os), {}}},
            {"hostname", Value{std::string("web1"), {}}},
            {"arch", Value{std::string("amd64"), {}}}};
  return Value{std::move(facts), {}};
}

/// A small twin beside the file under test: a library to import, a second
/// one that clashes with it, an import cycle, and files for file() and
/// template().
inline MemoryReader fixture_twin() {
  MemoryReader reader;
  reader.add("files/motd", "motd text\n");
  reader.add("files/t.tmpl", "name=${name} ${ bad\n");
  reader.add("files/ok.tmpl", "server ${host}:${ port } $${literal} $HOME\n");
  reader.add("state/lib.twin",
             "let shared = \"s\"\n"
             "define lib_site(port: int) {\n"
             "  file \"/srv/${title}\" { content = \"${port}\" }\n"
             "}\n");
  reader.add("state/other.twin", "let shared = \"t\"\n");
  reader.add("state/c1.twin", "import \"c2.twin\"\n");
  reader.add("state/c2.twin", "import \"c3.twin\"\n");
  reader.add("state/c3.twin", "import \"c1.twin\"\n");
  return reader;
}

/// Loads `text` as state/a.twin with the fixture twin and test facts; the
/// rendered diagnostics.
inline std::string load_errors(const std::string& text) {
  MemoryReader reader = fixture_twin();
  DiagnosticSink sink;
  (void)load({make_source("state/a.twin", text)}, LoadOptions{&reader, test_facts()}, sink);
  return render_all(sink);
}

/// Loads `text` like load_errors(); the resources, and the rendered
/// diagnostics in `errors`.
inline std::vector<ResourceDecl> load_ok(const std::string& text, std::string* errors) {
  MemoryReader reader = fixture_twin();
  DiagnosticSink sink;
  auto resources =
      load({make_source("state/a.twin", text)}, LoadOptions{&reader, test_facts()}, sink);
  *errors = render_all(sink);
  return resources;
}

/// Loads `text` as state/a.twin with the fixture twin, test facts and
/// `limits`; every diagnostic.
inline std::vector<Diagnostic> load_diagnostics(const std::string& text,
                                                const EvalLimits& limits = {}) {
  MemoryReader reader = fixture_twin();
  DiagnosticSink sink;
  LoadOptions options{&reader, test_facts()};
  options.limits = limits;
  (void)load({make_source("state/a.twin", text)}, options, sink);
  return sink.all();
}

/// "CODE line:col `text`": a diagnostic's code, where it starts, and the
/// source it spans, for assertions that read like the report.
inline std::string code_at(const Diagnostic& d) {
  SourceFile::LineCol at = d.span.file->line_col(d.span.begin);
  return d.code + " " + std::to_string(at.line) + ":" + std::to_string(at.column) + " `" +
         d.span.file->text().substr(d.span.begin, d.span.end - d.span.begin) + "`";
}

}  // namespace twin::lang::testing
