#include "engine/core/secrets.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "engine/core/ascii.h"
#include "lang/sha256.h"

namespace twin::engine {
namespace {

/// Keys whose value is a credential when assigned (`key=value`, `key: value`).
constexpr std::array<std::string_view, 9> kSecretKeys = {
    "password", "passwd", "token", "secret", "api_key", "apikey", "private_key", "psk",
    "client_secret"};

bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

}  // namespace

std::optional<std::string> secret_reason(std::string_view text) {
  if (text.find("-----BEGIN") != std::string_view::npos &&
      text.find("PRIVATE KEY-----") != std::string_view::npos)
    return "private key block";
  std::string low = ascii_lower(text);
  for (std::string_view key : kSecretKeys) {
    for (std::size_t at = low.find(key); at != std::string::npos; at = low.find(key, at + 1)) {
      // The key must end a word (so "tokenizer" is not "token"), may carry a
      // prefix ("db_password"), and be followed by = or : and a non-empty value.
      std::size_t end = at + key.size();
      if (end < low.size() && is_key_char(low[end])) continue;
      std::size_t i = end;
      while (i < low.size() && (low[i] == ' ' || low[i] == '\t' || low[i] == '"')) ++i;
      if (i >= low.size() || (low[i] != '=' && low[i] != ':')) continue;
      ++i;
      while (i < low.size() && (low[i] == ' ' || low[i] == '\t' || low[i] == '"' || low[i] == '\''))
        ++i;
      if (i < low.size() && low[i] != '\n' && low[i] != '\r') return std::string(key) + "= assignment";
    }
  }
  return std::nullopt;
}

std::string sensitive_summary(std::string_view old_text, std::string_view new_text) {
  // Count lines that differ as a multiset difference: enough to give a sense
  // of size without revealing content or running a full diff.
  auto split = [](std::string_view s) {
    std::multiset<std::string_view> lines;
    while (!s.empty()) {
      std::size_t nl = s.find('\n');
      lines.insert(s.substr(0, nl));
      if (nl == std::string_view::npos) break;
      s.remove_prefix(nl + 1);
    }
    return lines;
  };
  auto a = split(old_text), b = split(new_text);
  std::size_t removed = 0, added = 0;
  for (auto it = a.begin(); it != a.end(); it = a.upper_bound(*it)) {
    std::size_t ca = a.count(*it), cb = b.count(*it);
    if (ca > cb) removed += ca - cb;
  }
  for (auto it = b.begin(); it != b.end(); it = b.upper_bound(*it)) {
    std::size_t cb = b.count(*it), ca = a.count(*it);
    if (cb > ca) added += cb - ca;
  }
  auto short_hash = [](std::string_view s) {
    return s.empty() ? std::string("(none)") : lang::sha256_hex(s).substr(0, 8) + "…";
  };
  return "(sensitive: " + std::to_string(std::max(removed, added)) + " lines changed, sha256 " +
         short_hash(old_text) + " → " + short_hash(new_text) + ")";
}

}  // namespace twin::engine
