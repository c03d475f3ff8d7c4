#include "engine/core/secrets.h"

#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "engine/core/ascii.h"
#include "lang/sha256.h"

namespace twin::engine {
namespace {

/// Keys whose value is a credential when assigned (`key=value`, `key: value`).
/// A prefix is allowed ("db_password", "aws_secret_access_key" ends in "key"
/// so it is listed whole).
constexpr std::array<std::string_view, 11> kSecretKeys = {
    "password", "passwd", "token", "secret", "api_key", "apikey", "private_key", "psk",
    "client_secret", "secret_access_key", "secret_key"};

bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

/// True when `text` holds `prefix` at a word start followed by at least
/// `min_len` characters of `allowed`.
template <class Allowed>
bool has_token(std::string_view text, std::string_view prefix, std::size_t min_len, Allowed allowed) {
  for (std::size_t at = text.find(prefix); at != std::string_view::npos; at = text.find(prefix, at + 1)) {
    if (at > 0 && is_key_char(text[at - 1])) continue;
    std::size_t n = 0;
    while (at + prefix.size() + n < text.size() && allowed(text[at + prefix.size() + n])) ++n;
    if (n >= min_len) return true;
  }
  return false;
}

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)); }
bool upper_alnum(char c) {
  return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
}

// A .netrc entry: on a line that is not a comment, "password" (or
// "passwd") as a token with a value after it, where netrc's grammar puts
// it: right after "default", after another keyword's value ("machine
// HOST", "login USER", "account ACCT"), or first on a line continuing an
// entry that an earlier line began. Prose that mentions a password and a
// machine (debconf.conf's comments) and PAM's `password` lines are not.
bool netrc_password(std::string_view low) {
  bool in_entry = false;  // a line began with "machine" or "default"
  while (!low.empty()) {
    std::size_t newline = low.find('\n');
    std::string_view line = low.substr(0, newline);
    low = newline == std::string_view::npos ? std::string_view() : low.substr(newline + 1);
    std::vector<std::string_view> tokens;
    for (std::size_t at = line.find_first_not_of(" \t"); at != std::string_view::npos;) {
      std::size_t end = line.find_first_of(" \t", at);
      tokens.push_back(line.substr(at, end == std::string_view::npos ? end : end - at));
      at = end == std::string_view::npos ? end : line.find_first_not_of(" \t", end);
    }
    if (tokens.empty() || tokens[0].starts_with("#")) continue;
    if (tokens[0] == "machine" || tokens[0] == "default") in_entry = true;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i] != "password" && tokens[i] != "passwd") continue;
      if ((i == 0 && in_entry) || (i > 0 && tokens[i - 1] == "default")) return true;
      if (i >= 2 && (tokens[i - 2] == "machine" || tokens[i - 2] == "login" ||
                     tokens[i - 2] == "account"))
        return true;
    }
  }
  return false;
}

// A value that names where the secret is rather than holding it: a shell
// or make reference ("$(getent passwd ...)", "${PASS}", "$PASS"). A crypt(3)
// hash ("$y$j9T$...") is no reference: a name then a second '$'.
bool is_reference(std::string_view value) {
  if (value.size() < 2 || value[0] != '$') return false;
  if (value[1] == '(' || value[1] == '{') return true;
  if (!(std::isalpha(static_cast<unsigned char>(value[1])) || value[1] == '_')) return false;
  std::size_t end = 2;
  while (end < value.size() && is_key_char(value[end]) && value[end] != '-') ++end;
  return end == value.size() || value[end] != '$';
}

// nsswitch.conf's "passwd:" line: a database followed only by the names of
// NSS services and [STATUS=action] items, e.g. "passwd: files systemd".
bool nss_sources(std::string_view value) {
  static const std::set<std::string_view> kServices = {
      "files", "db", "compat", "nis", "nisplus", "ldap", "sss", "systemd", "winbind",
      "extrausers", "hesiod", "cache", "altfiles", "usrfiles", "mymachines", "resolve", "dns",
      "myhostname", "wins", "mdns", "mdns4", "mdns4_minimal", "oslogin", "google"};
  bool any = false;
  for (std::size_t at = value.find_first_not_of(" \t"); at != std::string_view::npos;) {
    std::size_t end = value.find_first_of(" \t", at);
    std::string_view word = value.substr(at, end == std::string_view::npos ? end : end - at);
    if (!(word.front() == '[' && word.back() == ']') && !kServices.count(word)) return false;
    any = true;
    at = end == std::string_view::npos ? end : value.find_first_not_of(" \t", end);
  }
  return any;
}

// A shadow(5)-style field holding a crypt(3) hash: ":$1$", ":$5$", ":$6$",
// ":$y$", ":$2b$", ":$gy$" followed by salt and hash.
bool password_hash(std::string_view text) {
  for (std::size_t at = text.find(":$"); at != std::string_view::npos; at = text.find(":$", at + 1)) {
    std::size_t id_end = text.find('$', at + 2);
    if (id_end == std::string_view::npos || id_end - at > 6) continue;
    std::size_t field_end = text.find_first_of(":\n", id_end);
    if (field_end == std::string_view::npos) field_end = text.size();
    if (field_end - id_end >= 20) return true;
  }
  return false;
}

// Keys whose value is a credential only when it looks random.
constexpr std::array<std::string_view, 7> kMaybeSecretKeys = {
    "key", "auth", "pass", "pwd", "credential", "credentials", "cookie"};

// Calls `is_secret` with the value and key offset of each assignment of `key` in `low` (the
// lower-cased text): `key=value`, `key: value`, `"key": "value"`, `export
// KEY=value`. The key must end a word (so "tokenizer" is not "token"), may
// carry a prefix ("db_password"), and must not sit on a comment line ("#
// password = secret" documents). True at the first value it accepts.
template <class Accept>
bool assigned_value(std::string_view low, std::string_view key, Accept is_secret) {
  for (std::size_t at = low.find(key); at != std::string_view::npos; at = low.find(key, at + 1)) {
    std::size_t end = at + key.size();
    if (end < low.size() && is_key_char(low[end])) continue;
    std::size_t line = low.rfind('\n', at);
    line = line == std::string_view::npos ? 0 : line + 1;
    std::size_t first = low.find_first_not_of(" \t", line);
    if (first < at && (low[first] == '#' || low[first] == ';')) continue;
    std::size_t i = end;
    while (i < low.size() && (low[i] == ' ' || low[i] == '\t' || low[i] == '"')) ++i;
    if (i >= low.size() || (low[i] != '=' && low[i] != ':')) continue;
    ++i;
    while (i < low.size() && (low[i] == ' ' || low[i] == '\t' || low[i] == '"' || low[i] == '\''))
      ++i;
    if (i >= low.size() || low[i] == '\n' || low[i] == '\r') continue;
    std::size_t eol = low.find('\n', i);
    std::string_view value = low.substr(i, eol == std::string_view::npos ? eol : eol - i);
    if (!value.empty() && value.back() == '\r') value.remove_suffix(1);
    if (is_secret(value, at)) return true;
  }
  return false;
}

// The same bytes as `part` (a view into `low`) in the original text: case
// matters to how random a value looks.
std::string_view original_case(std::string_view text, std::string_view low, std::string_view part) {
  return text.substr(static_cast<std::size_t>(part.data() - low.data()), part.size());
}

// A value that looks machine-made: a word of 16 or more characters,
// letters mixed with digits (or both cases), not a path or reference, with
// at least 3.5 bits of Shannon entropy per character (hex keys reach ~3.9,
// base64 ~4.5; words and paths stay near 3).
bool looks_random(std::string_view value) {
  // The value ends at its closing quote or separator (`"k": "v", ...`).
  value = value.substr(0, value.find_first_of(" \t\"',;}"));
  if (value.size() < 16 || value.front() == '/' || value.front() == '~' || value.front() == '.' ||
      value.front() == '$')
    return false;
  bool lower = false, upper = false, digit = false;
  std::array<int, 256> counts{};
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (std::isspace(u) || u < 0x21) return false;
    lower |= std::islower(u) != 0;
    upper |= std::isupper(u) != 0;
    digit |= std::isdigit(u) != 0;
    ++counts[u];
  }
  if (int(lower) + int(upper) + int(digit) < 2) return false;
  double bits = 0;
  for (int n : counts) {
    if (n == 0) continue;
    double p = double(n) / double(value.size());
    bits -= p * std::log2(p);
  }
  return bits >= 3.5;
}

}  // namespace

std::optional<std::string> credential_reason(std::string_view text) {
  for (std::size_t begin = text.find("-----BEGIN "); begin != std::string_view::npos;
       begin = text.find("-----BEGIN ", begin + 11)) {
    std::size_t end = text.find("-----", begin + 11);
    if (end == std::string_view::npos) continue;
    std::string_view label = text.substr(begin + 11, end - begin - 11);
    if (label.ends_with("PRIVATE KEY") || label.ends_with("PRIVATE KEY BLOCK"))
      return "private key block";
  }
  if (text.find("PuTTY-User-Key-File-") != std::string_view::npos &&
      text.find("Private-Lines:") != std::string_view::npos)
    return "PuTTY private key";
  for (std::string_view prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"})
    if (has_token(text, prefix, 36, alnum)) return "GitHub token";
  if (has_token(text, "github_pat_", 40, is_key_char)) return "GitHub token";
  if (has_token(text, "AKIA", 16, upper_alnum) || has_token(text, "ASIA", 16, upper_alnum))
    return "AWS access key id";
  for (std::string_view prefix : {"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"})
    if (has_token(text, prefix, 10, is_key_char)) return "Slack token";
  if (has_token(text, "glpat-", 20, is_key_char)) return "GitLab token";
  if (has_token(text, "AIza", 35, is_key_char)) return "Google API key";
  if (has_token(text, "sk_live_", 20, alnum) || has_token(text, "rk_live_", 20, alnum))
    return "Stripe live key";
  // OpenAI ("sk-proj-…", "sk-…") and Anthropic ("sk-ant-…") API keys: long
  // runs after "sk-", so "sk-1" in a text is not one.
  if (has_token(text, "sk-", 32, is_key_char)) return "API key (sk-)";
  return std::nullopt;
}

std::optional<std::string> secret_reason(std::string_view text) {
  if (auto credential = credential_reason(text)) return credential;
  if (password_hash(text)) return "password hash";
  std::string low = ascii_lower(text);
  if (netrc_password(low)) return ".netrc password";
  for (std::string_view key : kSecretKeys)
    if (assigned_value(low, key, [&](std::string_view value, std::size_t) {
          if (is_reference(value)) return false;
          // "passwd: files systemd" in nsswitch.conf names databases.
          return !(key == "passwd" && nss_sources(value));
        }))
      return std::string(key) + "= assignment";
  // Keys that name a credential only sometimes ("key", "auth", "pass"): a
  // value that looks random is one; "key = /etc/ssl/x.pem" or "auth = yes" not.
  for (std::string_view key : kMaybeSecretKeys)
    if (assigned_value(low, key, [&](std::string_view value, std::size_t at) {
          // A word of its own or a part of one ("signing_key", "apiKey"),
          // not the end of another word ("monkey").
          if (at > 0 && std::islower(static_cast<unsigned char>(text[at - 1]))) return false;
          return looks_random(original_case(text, low, value));
        }))
      return "high-entropy " + std::string(key) + "= value";
  return std::nullopt;
}

namespace {

std::string& digest_key() {
  static std::string key = [] {
    std::string bytes(32, '\0');
    // A process without the machine's key still must not digest secrets
    // guessably; its digests then only compare within this process.
    if (::getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
      bytes = std::to_string(::getpid()) + std::to_string(reinterpret_cast<std::uintptr_t>(&bytes));
    return bytes;
  }();
  return key;
}

}  // namespace

void set_sensitive_digest_key(std::string key) { digest_key() = std::move(key); }

std::string sensitive_digest(std::string_view bytes) {
  return lang::hmac_sha256_hex(digest_key(), bytes);
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
    return s.empty() ? std::string("(none)") : sensitive_digest(s).substr(0, 8) + "…";
  };
  return "(sensitive: " + std::to_string(std::max(removed, added)) + " lines changed, digest " +
         short_hash(old_text) + " → " + short_hash(new_text) + ")";
}

}  // namespace twin::engine
