// Build-time tool: reads stdlib/policy/risk-rules.yaml with the same
// parse_risk_rules() a site's file goes through, and writes C++ that builds
// those rules, so `twin` never parses its own rules at run time (yaml-cpp
// took ten milliseconds over them, more than a whole small plan).
//
//   twin_emit_risk_rules RULES.yaml OUT.cc
//
// A file that does not parse fails the build with parse_risk_rules()'s
// message (file:line:col).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "resources/policy/risk_rules_yaml.h"

namespace {

/// `text` as a C++ string literal: printable ASCII as itself, the rest as
/// three-digit octal escapes (which, unlike \x, never run into the next
/// character).
std::string literal(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f && c != '?') {  // '?': no trigraphs
      out += static_cast<char>(c);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\%03o", c);
      out += escaped;
    }
  }
  return out + "\"";
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + literal(items[i]);
  return out + "}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: twin_emit_risk_rules RULES.yaml OUT.cc\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << argv[1] << ": cannot read\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto rules = twin::resources::parse_risk_rules(text.str(), "twin");
  if (!rules) {
    std::cerr << argv[1] << ": " << rules.error().text() << "\n";
    return 1;
  }
  std::ostringstream out;
  out << "// Generated from stdlib/policy/risk-rules.yaml by resources/policy/emit_risk_rules.cc;\n"
         "// do not edit.\n"
         "#include \"resources/policy/shipped_risk_rules.h\"\n\n"
         "namespace twin::resources {\n\n"
         "std::vector<RiskRule> shipped_risk_rules() {\n"
         "  std::vector<RiskRule> rules;\n"
      << "  rules.reserve(" << rules->size() << ");\n";
  for (const auto& r : *rules) {
    out << "  rules.push_back(RiskRule{" << literal(r.code) << ", " << literal(r.type) << ", "
        << literal(r.path) << ", " << (r.under ? "true" : "false") << ", " << literal(r.except)
        << ", " << (r.on_change ? "true" : "false") << ", " << literal(r.attribute) << ", "
        << list(r.values) << ", " << r.mode_bits << "u, " << literal(r.link_target) << ", "
        << list(r.content) << ", " << literal(r.change) << ", " << literal(r.danger) << ", "
        << literal(r.origin) << "});\n";
  }
  out << "  return rules;\n}\n\n}  // namespace twin::resources\n";
  // Written whole and renamed, so an interrupted build leaves no half file.
  const std::string out_path = argv[2], temp = out_path + ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << out.str();
    if (!file.flush()) {
      std::cerr << temp << ": cannot write\n";
      return 1;
    }
  }
  if (std::rename(temp.c_str(), out_path.c_str()) != 0) {
    std::cerr << out_path << ": cannot write\n";
    return 1;
  }
  return 0;
}
