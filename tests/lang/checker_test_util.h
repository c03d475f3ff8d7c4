// Helpers for the checker tests: the stdlib schemas loaded once (with the
// test formats: tests/lang/test_formats.h), and a snippet run through parse,
// evaluate and check with what a user would see.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "lang/checker.h"
#include "lang/schema.h"
#include "stdlib/stdlib.h"
#include "tests/lang/lang_test_util.h"
#include "tests/lang/test_formats.h"

namespace twin::lang::testing {

inline const SchemaSet& stdlib_schemas() {
  static const SchemaSet kSchemas = [] {
    std::vector<SourcePtr> files;
    for (const auto& file : stdlib::files())
      files.push_back(make_source("stdlib/" + std::string(file.name), std::string(file.text)));
    DiagnosticSink sink;
    return SchemaSet::load(files, test_formats(), sink);
  }();
  return kSchemas;
}

/// The twin files the fake twin directory holds.
inline const std::set<std::string>& twin_files() {
  static const std::set<std::string> kFiles = {"files/motd", "files/alice.cron"};
  return kFiles;
}

/// Parses, evaluates and checks `text` as state/a.twin; every rendered
/// diagnostic (an evaluation error fails the test through the output).
inline std::string check_errors(const std::string& text) {
  DiagnosticSink sink;
  std::vector<ResourceDecl> resources;
  if (auto module = parse(make_source("state/a.twin", text), sink))
    resources = evaluate(*module, sink);
  CheckOptions options;
  options.twin_file_exists = [](const std::string& path) { return twin_files().count(path) > 0; };
  (void)check_resources(resources, stdlib_schemas(), options, sink);
  return render_all(sink);
}

}  // namespace twin::lang::testing
