#include "cli/snapshot_command.h"

#include <algorithm>
#include <ctime>
#include <iostream>
#include <map>

#include "cli/exit_code.h"
#include "cli/session.h"
#include "cli/sync_command.h"
#include "cli/twin_location.h"
#include "engine/git_repo.h"
#include "engine/observation_cache.h"
#include "engine/snapshot.h"
#include "engine/snapshot_commit.h"
#include "engine/twin_config.h"
#include "engine/twin_location.h"
#include "resources/collect_snapshot.h"
#include "resources/process_runner.h"

namespace twin::cli {
namespace {
namespace fs = std::filesystem;

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

std::string change_word(engine::PathChange change) {
  switch (change) {
    case engine::PathChange::kAdded: return "added";
    case engine::PathChange::kModified: return "modified";
    case engine::PathChange::kDeleted: return "deleted";
  }
  return "changed";
}

void print_report(const resources::SnapshotReport& r, const fs::path& root) {
  std::cout << "Snapshot of " << (r.hostname.empty() ? "(no hostname)" : r.hostname) << " ("
            << root.string() << "):\n"
            << "  files     " << r.files << " mirrored, " << r.links << " symlinks, "
            << r.binary_skipped << " binary skipped\n"
            << "  packages  " << r.packages << " installed, " << r.manual_packages << " manual\n"
            << "  services  " << r.services << " unit files, " << r.managed_services
            << " enabled or disabled\n"
            << "  crontabs  " << r.crontabs << "\n"
            << "  logs      " << r.logs << " captured, " << r.log_errors << " error lines\n";
  if (!r.skipped.empty()) {
    std::cout << "Skipped " << r.skipped.size() << ":\n";
    for (const auto& s : r.skipped) std::cout << "  " << s.path << ": " << s.reason << "\n";
  }
  for (const auto& note : r.notes) std::cout << "Note: " << note << "\n";
}

/// Skips by reason, for the commit body: "secret: shadow password file: 2".
std::string skipped_summary(const resources::SnapshotReport& r) {
  std::map<std::string, std::size_t> by_reason;
  for (const auto& s : r.skipped) ++by_reason[s.reason.substr(0, s.reason.find(": ", 8))];
  std::string text;
  for (const auto& [reason, n] : by_reason) text += "skipped (" + reason + "): " + std::to_string(n) + "\n";
  if (r.binary_skipped) text += "skipped (binary): " + std::to_string(r.binary_skipped) + "\n";
  return text;
}

bool is_pending_services_path(const std::string& path) {
  const auto& pending = resources::PendingServices::paths();
  return std::find(pending.begin(), pending.end(), path) != pending.end();
}

engine::Status finish_services(resources::CollectedSnapshot& snapshot) {
  if (!snapshot.services) return {};
  auto finished = snapshot.services->finish(snapshot);
  snapshot.services.reset();
  return finished;
}

// While systemctl still answers (resources::PendingServices) the services
// files are not known. The check then takes them as certainly rewritten: a
// file nobody edited since the last snapshot is reported in no case, and
// when the person did edit one, we wait for systemctl and check again on
// the real content, before anything is written.
engine::Result<std::vector<engine::UnappliedEdit>> unapplied_edits(
    const engine::GitRepo& repo, resources::CollectedSnapshot& snapshot) {
  if (snapshot.services) {
    auto& files = snapshot.content.files;
    // No symlink's target holds a NUL byte: this matches no file of the twin.
    for (const auto& path : resources::PendingServices::paths()) files[path] = {std::string(1, '\0'), true};
    auto edits = engine::find_unapplied_edits(repo, snapshot.content);
    for (const auto& path : resources::PendingServices::paths()) files.erase(path);
    if (!edits) return edits.error();
    if (std::none_of(edits->begin(), edits->end(),
                     [](const auto& e) { return is_pending_services_path(e.path); }))
      return edits;
    if (auto finished = finish_services(snapshot); !finished) return finished.error();
  }
  return engine::find_unapplied_edits(repo, snapshot.content);
}

// Writes the snapshot into the twin. While systemctl still answers, first
// everything else (the areas holding the services files are narrowed to
// their other files, so nothing there is removed yet), then, once it has,
// those areas whole.
engine::Status write_collected(const fs::path& twin_dir, resources::CollectedSnapshot& snapshot) {
  engine::SnapshotContent& content = snapshot.content;
  if (snapshot.services) {
    std::vector<std::string> owned = content.owned, first, later;
    const auto& pending = resources::PendingServices::paths();
    for (const auto& area : owned) {
      engine::SnapshotContent just_area{{area}, {}};
      if (std::none_of(pending.begin(), pending.end(),
                       [&](const std::string& path) { return just_area.owns(path); })) {
        first.push_back(area);
        continue;
      }
      later.push_back(area);
      for (const auto& [path, unused] : content.files)
        if (just_area.owns(path)) first.push_back(path);
    }
    content.owned = first;
    auto written = engine::write_snapshot(twin_dir, content);
    content.owned = owned;
    if (!written) return written.error();
    if (auto finished = finish_services(snapshot); !finished) return finished;
    engine::SnapshotContent rest;  // write_snapshot writes every file it is given
    rest.owned = later;
    for (const auto& [path, file] : content.files)
      if (rest.owns(path)) rest.files.emplace(path, file);
    written = engine::write_snapshot(twin_dir, rest);
    if (!written) return written.error();
    return {};
  }
  auto written = engine::write_snapshot(twin_dir, content);
  if (!written) return written.error();
  return {};
}

}  // namespace

int take_snapshot(const fs::path& twin_dir, const fs::path& root, const std::string& message,
                  bool force) {
  auto repo = engine::GitRepo::open(twin_dir);
  if (!repo) {
    print_error(repo.error());
    std::cerr << "Create a twin with `twin init DIR`.\n";
    return to_int(ExitCode::kError);
  }
  auto config = engine::load_twin_config(twin_dir);
  if (!config) return fail(config.error());
  resources::ProcessRunner runner;
  engine::Host host(root, runner);
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  // Remembers between snapshots what only a slow command can tell
  // (systemctl is-enabled) together with the stat data vouching for it.
  engine::ObservationCache cache(root.string());
  (void)cache.load(local_cache_path(twin_dir, kSnapshotCacheName));
  auto collected =
      resources::start_snapshot(host, *config, twin_dir, engine::utc_time(now), &cache);
  if (!collected) return fail(collected.error());
  std::string host_name = config->device.empty() ? collected->report.hostname : config->device;
  engine::GitIdentity who = engine::twin_identity(*config, host_name);

  auto edits = unapplied_edits(*repo, *collected);
  if (!edits) return fail(edits.error());
  if (!edits->empty() && !force) {
    std::cerr << "twin: refusing to snapshot: " << edits->size()
              << " edit(s) to the twin are not applied to the machine yet, and the snapshot "
                 "would overwrite them:\n";
    for (const auto& e : *edits) std::cerr << "  " << change_word(e.change) << "  " << e.path << "\n";
    std::cerr << "Apply them first (`twin plan`, then `twin apply`), or pass --force to take the "
                 "snapshot anyway (the edits are committed first, so they stay in the history).\n";
    return to_int(ExitCode::kError);
  }
  if (!edits->empty()) {
    auto kept = engine::commit_twin(*repo, "twin: keep unapplied edits before a forced snapshot",
                                    "", who, *config);
    if (!kept) return fail(kept.error());
    if (!kept->refused.empty()) {
      for (const auto& f : kept->refused)
        std::cerr << "twin: refusing to commit " << f.path << ": it looks like it holds a "
                  << f.reason << "\n";
      return to_int(ExitCode::kError);
    }
    if (kept->id) std::cout << "Committed the unapplied edits as " << kept->id->substr(0, 8) << ".\n";
  }

  if (auto rotated = engine::rotate_logs(twin_dir, config->log_keep); !rotated)
    return fail(rotated.error());
  if (auto written = write_collected(twin_dir, *collected); !written) return fail(written.error());
  print_report(collected->report, root);

  std::string body = message.empty() ? "" : message + "\n\n";
  body += skipped_summary(collected->report);
  // The snapshot's files are on disk exactly as in memory: staged from memory.
  auto committed = engine::commit_twin(*repo, engine::snapshot_subject(host_name, now), body, who,
                                       *config, &collected->content.files);
  if (!committed) return fail(committed.error());
  if (cache.changed()) save_local_cache(cache, twin_dir, kSnapshotCacheName);
  if (!committed->refused.empty()) {
    for (const auto& f : committed->refused)
      std::cerr << "twin: refusing to commit " << f.path << ": it looks like it holds a "
                << f.reason << "\n";
    std::cerr << "Nothing was committed. Leave the file out (config.yaml files.exclude) or, if "
                 "it must be in the twin, opt it in (files.include_secrets), then snapshot again.\n";
    return to_int(ExitCode::kError);
  }
  if (!committed->id) {
    std::cout << "Nothing changed since the last snapshot; nothing committed.\n";
    return to_int(ExitCode::kOk);
  }
  std::cout << "Committed " << committed->id->substr(0, 8) << " "
            << engine::snapshot_subject(host_name, now) << "\n"
            << committed->body;
  return to_int(ExitCode::kOk);
}

int run_snapshot(const SnapshotOptions& options) {
  auto twin_dir = engine::locate_twin(options.twin_dir);
  if (!twin_dir) return fail(twin_dir.error());
  auto root = locate_root(options.root);
  if (!root) return to_int(ExitCode::kError);
  int code = take_snapshot(*twin_dir, *root, options.message, options.force);
  // The commit is kept whatever happens to the push; a failed push exits 1
  // after saying how to retry.
  if (code == to_int(ExitCode::kOk) && !options.no_push && !push_after_snapshot(*twin_dir))
    return to_int(ExitCode::kError);
  return code;
}

}  // namespace twin::cli
