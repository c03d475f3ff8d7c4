#include "cli/ops/schema_check.h"

#include <string>

#include "resources/value_formats.h"
#include "stdlib/stdlib.h"

namespace twin::ops {
namespace {

struct BuiltinSchemas {
  lang::SchemaSet schemas;
  lang::DiagnosticSink problems;  // empty unless the stdlib is broken
};

const BuiltinSchemas& builtin() {
  static const BuiltinSchemas kBuiltin = [] {
    BuiltinSchemas b;
    std::vector<lang::SourcePtr> files;
    for (const auto& file : stdlib::files())
      files.push_back(lang::make_source("stdlib/" + std::string(file.name), std::string(file.text)));
    b.schemas = lang::SchemaSet::load(files, resources::value_formats(), b.problems);
    return b;
  }();
  return kBuiltin;
}

}  // namespace

const lang::SchemaSet& builtin_schemas() { return builtin().schemas; }

lang::CheckResult check_twin(const std::vector<lang::ResourceDecl>& resources,
                             const std::filesystem::path& twin_dir, lang::DiagnosticSink& sink) {
  resources::TwinFileProbe probe(twin_dir);
  return check_twin(resources, probe, sink);
}

lang::CheckResult check_twin(const std::vector<lang::ResourceDecl>& resources,
                             resources::TwinFileProbe& probe, lang::DiagnosticSink& sink) {
  for (const auto& problem : builtin().problems.all()) sink.add(problem);
  lang::CheckOptions options;
  // Relative to the twin directory, opened once, with each source's
  // directory kept open (resources/twin_file_probe.h): with thousands of
  // `source` files, looking up each whole joined path was a fifth of `twin
  // plan`. AT_SYMLINK_NOFOLLOW: a link in the twin is not a file of the twin
  // (the providers read sources without following links either).
  options.twin_file_exists = [&probe](const std::string& path) { return probe.is_file(path); };
  return lang::check_resources(resources, builtin_schemas(), options, sink);
}

}  // namespace twin::ops
