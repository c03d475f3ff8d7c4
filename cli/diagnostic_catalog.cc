#include "cli/diagnostic_catalog.h"

#include <cctype>

#include "stdlib/stdlib.h"

namespace twin::cli {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool is_code(std::string_view text) {
  if (text.size() != 5 || (text[0] != 'E' && text[0] != 'W')) return false;
  for (char c : text.substr(1))
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string first_clause(std::string_view meaning) {
  std::size_t end = meaning.find_first_of(";(");
  std::string_view clause = trim(meaning.substr(0, end));
  if (clause.size() > 120) {
    clause = clause.substr(0, 120);
    while (!clause.empty() && (static_cast<unsigned char>(clause.back()) & 0xC0) == 0x80)
      clause.remove_suffix(1);  // not in the middle of a UTF-8 character
    return std::string(clause) + "…";
  }
  return std::string(clause.empty() ? trim(meaning) : clause);
}

}  // namespace

std::map<std::string, lang::SarifRule> parse_diagnostic_catalog(std::string_view markdown) {
  std::map<std::string, lang::SarifRule> rules;
  while (!markdown.empty()) {
    std::size_t newline = markdown.find('\n');
    std::string_view line = markdown.substr(0, newline);
    markdown = newline == std::string_view::npos ? std::string_view() : markdown.substr(newline + 1);
    line = trim(line);
    if (!line.starts_with('|') || !line.ends_with('|') || line.size() < 2) continue;
    line = line.substr(1, line.size() - 2);
    std::size_t bar = line.find('|');
    if (bar == std::string_view::npos) continue;
    std::string_view code = trim(line.substr(0, bar)), meaning = trim(line.substr(bar + 1));
    if (!is_code(code) || meaning.empty()) continue;
    rules[std::string(code)] = {first_clause(meaning), std::string(meaning)};
  }
  return rules;
}

const std::map<std::string, lang::SarifRule>& diagnostic_catalog() {
  static const auto kCatalog = parse_diagnostic_catalog(stdlib::diagnostic_codes());
  return kCatalog;
}

}  // namespace twin::cli
