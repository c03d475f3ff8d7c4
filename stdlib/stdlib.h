// The standard library's .twin sources, embedded at build time.
#pragma once

#include <string_view>
#include <vector>

namespace twin::stdlib {

struct EmbeddedFile {
  std::string_view name;  // e.g. "file.twin"
  std::string_view text;
};

/// Every stdlib/*.twin file (the schemas of the built-in types), sorted by name.
const std::vector<EmbeddedFile>& files();

/// Every stdlib/lib/*.twin file (defines written in the language, imported
/// by manifests as `import "std:NAME"`), sorted by name.
const std::vector<EmbeddedFile>& library();

/// stdlib/policy/risk-rules.yaml: the risky-change rules twin ships
/// (resources/risk_rules.h), as YAML.
std::string_view risk_rules();

/// lang/codes.md: every diagnostic code with its meaning, as Markdown
/// tables (`| E0201 | meaning |`); SARIF's rule metadata comes from it.
std::string_view diagnostic_codes();

}  // namespace twin::stdlib
