#include "engine/repo/snapshot_commit.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <map>

#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"
#include "engine/core/secrets.h"

namespace twin::engine {
namespace {

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
  return credential_reason(content);
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
