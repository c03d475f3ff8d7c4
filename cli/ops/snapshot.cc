#include "cli/ops/snapshot.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>
#include <set>

#include "cli/ops/git_auth.h"
#include "cli/ops/workspace.h"
#include "engine/repo/git_repo.h"
#include "engine/core/observation_cache.h"
#include "engine/repo/twin_config.h"
#include "engine/repo/worktree_undo.h"
#include "engine/core/twin_layout.h"
#include "resources/process_runner.h"

namespace twin::ops {
namespace {
namespace fs = std::filesystem;

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
engine::Status write_collected(const fs::path& twin_dir, resources::CollectedSnapshot& snapshot,
                               engine::WorktreeUndo& undo) {
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
    auto written = engine::write_snapshot(twin_dir, content, &undo);
    content.owned = owned;
    if (!written) return written.error();
    if (auto finished = finish_services(snapshot); !finished) return finished;
    engine::SnapshotContent rest;  // write_snapshot writes every file it is given
    rest.owned = later;
    for (const auto& [path, file] : content.files)
      if (rest.owns(path)) rest.files.emplace(path, file);
    written = engine::write_snapshot(twin_dir, rest, &undo);
    if (!written) return written.error();
    return {};
  }
  auto written = engine::write_snapshot(twin_dir, content, &undo);
  if (!written) return written.error();
  return {};
}

/// `error`, after putting the working tree back; a restore that fails too
/// is added to the message, since the twin then holds a half-written snapshot.
engine::Error undone(engine::WorktreeUndo& undo, engine::Error error) {
  if (auto restored = undo.restore(); !restored) error.message += "; " + restored.error().text();
  return error;
}

/// The edits the machine does not reflect yet. An edit of a manifest is
/// applied when no declaration of that manifest has a step in the plan of
/// the twin as it is (the person edited packages.twin and ran `twin apply`:
/// the snapshot, which regenerates that file, then goes ahead); an edit of
/// filesystem/ is applied when the plan is empty. A twin that does not load
/// or plan keeps every edit unapplied.
std::vector<engine::UnappliedEdit> still_unapplied(const fs::path& twin_dir, const fs::path& root,
                                                  std::vector<engine::UnappliedEdit> edits) {
  SilentReporter quiet;
  auto workspace = Workspace::open(Target{{twin_dir, TwinSource::kFlag}, root}, quiet);
  if (!workspace) return edits;
  auto plan = (*workspace)->plan();
  if (!plan) return edits;
  std::set<std::string> planned_files;
  for (const auto& step : plan->steps)
    if (step.resource && step.resource->span.valid()) {
      fs::path file = step.resource->span.file->path();
      if (file.is_absolute()) file = file.lexically_relative(twin_dir);
      planned_files.insert(file.generic_string());
    }
  std::erase_if(edits, [&](const engine::UnappliedEdit& edit) {
    if (engine::layout::is_in(engine::layout::kState, edit.path))
      return edit.change != engine::PathChange::kDeleted && !planned_files.count(edit.path);
    return plan->empty();
  });
  return edits;
}

void push(const fs::path& twin_dir, SnapshotOutcome& outcome, Reporter& reporter) {
  auto url = engine::remote_url(twin_dir);
  if (!url || !url->has_value()) {
    outcome.push = PushEnd::kNoRemote;
    return;
  }
  auto pushed = engine::push_branch(twin_dir, stored_git_auth(reporter));
  if (pushed) {
    outcome.push = PushEnd::kPushed;
    outcome.pushed = *pushed;
    return;
  }
  outcome.push = PushEnd::kFailed;
  outcome.push_error = pushed.error();
}

}  // namespace

std::string change_word(engine::PathChange change) {
  switch (change) {
    case engine::PathChange::kAdded: return "added";
    case engine::PathChange::kModified: return "modified";
    case engine::PathChange::kDeleted: return "deleted";
  }
  return "changed";
}

engine::Result<SnapshotOutcome> take_snapshot(const fs::path& twin_dir, const fs::path& root,
                                              const SnapshotRequest& request, Reporter& reporter) {
  SnapshotOutcome outcome;
  outcome.root = root;
  engine::TwinLayout layout(twin_dir);
  auto repo = engine::GitRepo::open(twin_dir);
  if (!repo) {
    reporter.error(repo.error(), {"Create a twin with `twin init DIR`."});
    return reported("the twin is not a Git repository");
  }
  auto config = engine::load_twin_config(twin_dir);
  if (!config) return config.error();
  // The twin holds copies of files only some groups may read (0640
  // root:adm): nobody but its owner may look inside it.
  if (struct stat st {}; ::stat(twin_dir.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    if (::chmod(twin_dir.c_str(), st.st_mode & 0700) == 0)
      reporter.note("made " + twin_dir.string() +
                    " private (mode 0700): it holds copies of files not every user may read");
    else
      reporter.warning("could not make " + twin_dir.string() + " private (mode 0700): " +
                       std::strerror(errno));
  }
  resources::ProcessRunner runner;
  engine::Host host(root, runner);
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  // Remembers between snapshots what only a slow command can tell
  // (systemctl is-enabled) together with the stat data vouching for it.
  engine::ObservationCache cache(root.string());
  (void)cache.load(layout.snapshot_cache());
  auto collected = resources::start_snapshot(
      host, *config, twin_dir, engine::utc_time(now), &cache,
      [&reporter](std::string_view line) { reporter.status("snapshot: " + std::string(line)); });
  if (!collected) return collected.error();
  std::string host_name = config->device.empty() ? collected->report.hostname : config->device;
  engine::GitIdentity who = engine::twin_identity(*config, host_name);

  auto edits = unapplied_edits(*repo, *collected);
  if (!edits) return edits.error();
  if (!edits->empty() && !request.force) *edits = still_unapplied(twin_dir, root, std::move(*edits));
  if (!edits->empty() && !request.force) {
    outcome.end = SnapshotEnd::kRefusedEdits;
    outcome.unapplied = std::move(*edits);
    return outcome;
  }
  if (!edits->empty()) {
    auto kept = engine::commit_twin(*repo, "twin: keep unapplied edits before a forced snapshot",
                                    "", who, *config);
    if (!kept) return kept.error();
    if (!kept->refused.empty()) {
      outcome.end = SnapshotEnd::kRefusedSecrets;
      outcome.refused = kept->refused;
      return outcome;
    }
    outcome.kept_edits = kept->id;
  }

  // An unchanged machine makes no commit: when the snapshot differs from
  // what the twin holds only in when it was taken, nothing is written and
  // the logs are not rotated, so a snapshot twice in a row is one commit.
  // (A first snapshot has nothing to compare with: systemctl is not waited for.)
  bool unchanged = false;
  if (fs::exists(twin_dir / engine::layout::in_live("system.yaml"))) {
    reporter.status("snapshot: comparing with the twin");
    if (auto finished = finish_services(*collected); !finished) return finished.error();
    auto same = engine::same_as_twin(twin_dir, collected->content);
    if (!same) return same.error();
    unchanged = *same;
  }
  // A snapshot that commits nothing changes nothing: what it replaces or
  // removes is set aside until the commit is made, and put back otherwise
  // (by `undo`'s destructor on any early return).
  auto undo = engine::WorktreeUndo::begin(twin_dir);
  if (!undo) return undo.error();
  auto head_before = repo->head();
  if (!head_before) return head_before.error();
  if (!unchanged) {
    if (auto rotated = engine::rotate_logs(twin_dir, config->log_keep, &*undo); !rotated)
      return undone(*undo, rotated.error());
    reporter.status("snapshot: writing " + std::to_string(collected->content.files.size()) +
                    " files into the twin");
    if (auto written = write_collected(twin_dir, *collected, *undo); !written)
      return undone(*undo, written.error());
  }
  outcome.report = collected->report;

  std::string body = request.message.empty() ? "" : request.message + "\n\n";
  body += skipped_summary(collected->report);
  outcome.subject = engine::snapshot_subject(host_name, now);
  // Written, the snapshot's files are on disk exactly as in memory: staged
  // from memory. Otherwise Git stages what the working tree holds (other
  // edits of the twin, config.yaml say, are committed as by any snapshot).
  reporter.status("snapshot: committing");
  auto committed = engine::commit_twin(*repo, outcome.subject, body, who, *config,
                                       unchanged ? nullptr : &collected->content.files);
  if (!committed) {
    // Failing after HEAD moved (writing the index), the commit was made:
    // its files are what HEAD holds, so they stay.
    auto head_after = repo->head();
    if (head_after && *head_after != *head_before) {
      undo->keep();
      return committed.error();
    }
    return undone(*undo, committed.error());
  }
  if (cache.changed()) save_local_cache(cache, layout, layout.snapshot_cache());
  if (!committed->refused.empty()) {
    if (auto restored = undo->restore(); !restored) return restored.error();
    outcome.end = SnapshotEnd::kRefusedSecrets;
    outcome.refused = committed->refused;
    return outcome;
  }
  undo->keep();
  if (!committed->id) {
    outcome.end = SnapshotEnd::kUnchanged;
  } else {
    outcome.end = SnapshotEnd::kCommitted;
    outcome.commit = *committed->id;
    outcome.body = committed->body;
  }
  // The commit is kept whatever happens to the push. An unchanged snapshot
  // still pushes: earlier commits may not have reached the remote.
  if (request.push) push(twin_dir, outcome, reporter);
  return outcome;
}

}  // namespace twin::ops
