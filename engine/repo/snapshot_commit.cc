#include "engine/repo/snapshot_commit.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <map>

#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"

namespace twin::engine {
namespace {

bool token_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

/// True when `text` holds `prefix` at a word start followed by at least
/// `min_len` characters of `allowed`.
template <class Allowed>
bool has_token(std::string_view text, std::string_view prefix, std::size_t min_len, Allowed allowed) {
  for (std::size_t at = text.find(prefix); at != std::string_view::npos; at = text.find(prefix, at + 1)) {
    if (at > 0 && token_char(text[at - 1])) continue;
    std::size_t n = 0;
    while (at + prefix.size() + n < text.size() && allowed(text[at + prefix.size() + n])) ++n;
    if (n >= min_len) return true;
  }
  return false;
}

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)); }
bool upper_alnum(char c) { return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)); }

std::string area_of(const std::string& path) {
  std::size_t slash = path.find('/');
  return slash == std::string::npos ? "(top)" : path.substr(0, slash);
}

/// Stages the working tree, `written` from memory when given; returns the
/// files staged from memory (views into `written`).
Result<KnownFiles> stage(GitRepo& repo, const SnapshotFiles* written) {
  if (!written) {
    if (auto staged = repo.add_all(); !staged) return staged.error();
    return KnownFiles{};
  }
  KnownFiles known;
  known.reserve(written->size());
  for (const auto& [path, file] : *written) known.emplace(path, KnownFile{file.bytes, file.symlink});
  return repo.add_all(known);
}

}  // namespace

std::optional<std::string> committed_secret_reason(std::string_view content) {
  for (std::size_t begin = content.find("-----BEGIN "); begin != std::string_view::npos;
       begin = content.find("-----BEGIN ", begin + 11)) {
    std::size_t end = content.find("-----", begin + 11);
    if (end != std::string_view::npos && content.substr(begin, end - begin).ends_with("PRIVATE KEY"))
      return "private key block";
  }
  for (std::string_view prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"})
    if (has_token(content, prefix, 36, alnum)) return "GitHub token";
  if (has_token(content, "github_pat_", 40, token_char)) return "GitHub token";
  if (has_token(content, "AKIA", 16, upper_alnum) || has_token(content, "ASIA", 16, upper_alnum))
    return "AWS access key id";
  for (std::string_view prefix : {"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"})
    if (has_token(content, prefix, 10, token_char)) return "Slack token";
  if (has_token(content, "glpat-", 20, token_char)) return "GitLab token";
  if (has_token(content, "AIza", 35, token_char)) return "Google API key";
  return std::nullopt;
}

GitIdentity twin_identity(const TwinConfig& config, const std::string& hostname) {
  std::string host = hostname.empty() ? "localhost" : hostname;
  return {config.git_name.empty() ? "twin" : config.git_name,
          config.git_email.empty() ? "twin@" + host : config.git_email};
}

std::string utc_time(std::int64_t when) {
  std::time_t t = static_cast<std::time_t>(when);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string snapshot_subject(const std::string& host, std::int64_t when) {
  return "snapshot " + (host.empty() ? std::string("localhost") : host) + " " + utc_time(when);
}

Result<CommitOutcome> commit_twin(GitRepo& repo, const std::string& subject,
                                  const std::string& extra_body, const GitIdentity& who,
                                  const TwinConfig& config, const SnapshotFiles* written) {
  auto from_memory = stage(repo, written);
  if (!from_memory) return from_memory.error();
  auto changes = repo.staged_changes();
  if (!changes) return changes.error();
  CommitOutcome outcome;
  std::map<std::string, std::array<std::size_t, 3>> counts;
  for (const auto& [path, change] : *changes) {
    ++counts[area_of(path)][static_cast<std::size_t>(change)];
    if (change == PathChange::kDeleted) continue;
    if (layout::is_in(layout::kFilesystem, path) &&
        config.secret_opted_in(path.substr(std::string_view(layout::kFilesystem).size())))
      continue;
    // What was staged from memory is scanned there, the rest on disk.
    if (auto known = from_memory->find(path); known != from_memory->end()) {
      if (known->second.symlink) continue;
      if (auto reason = committed_secret_reason(known->second.bytes)) outcome.refused.push_back({path, *reason});
      continue;
    }
    std::error_code ec;
    if (std::filesystem::is_symlink(repo.workdir() / path, ec)) continue;
    auto bytes = read_whole_file(repo.workdir() / path);
    if (!bytes) return bytes.error();
    if (auto reason = committed_secret_reason(*bytes)) outcome.refused.push_back({path, *reason});
  }
  for (const auto& [area, n] : counts)
    outcome.body += area + ": " + std::to_string(n[0]) + " added, " + std::to_string(n[1]) +
                    " modified, " + std::to_string(n[2]) + " deleted\n";
  // Refused: what add_all() staged stays in memory, so the secret never
  // reaches .git/objects.
  if (!outcome.refused.empty()) return outcome;
  if (changes->empty()) {
    // The same tree as HEAD: keep the index's file stat cache fresh.
    if (auto saved = repo.write_index(); !saved) return saved.error();
    return outcome;
  }
  std::string message = subject + "\n\n" + outcome.body;
  if (!extra_body.empty()) message += "\n" + extra_body;
  auto id = repo.commit_index(message, who);
  if (!id) return id.error();
  outcome.id = *id;
  return outcome;
}

}  // namespace twin::engine
