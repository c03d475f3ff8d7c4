#include "cli/snapshot_command.h"

#include <iostream>

#include "cli/console_reporter.h"
#include "cli/exit_code.h"
#include "cli/ops/snapshot.h"
#include "cli/twin_location.h"
#include "engine/repo/git_remote.h"

namespace twin::cli {
namespace {
namespace fs = std::filesystem;

void print_report(const resources::SnapshotReport& r, const fs::path& root, std::ostream& out) {
  out << "Snapshot of " << (r.hostname.empty() ? "(no hostname)" : r.hostname) << " ("
            << root.string() << "):\n"
            << "  files     " << r.files << " mirrored, " << r.package_defaults
            << " package defaults, " << r.links << " symlinks, " << r.binary_skipped
            << " binary skipped\n"
            << "  packages  " << r.packages << " installed, " << r.manual_packages << " manual\n"
            << "  services  " << r.services << " unit files, " << r.managed_services
            << " with their enablement recorded\n"
            << "  crontabs  " << r.crontabs << "\n"
            << "  accounts  " << r.users << " users, " << r.groups << " groups\n"
            << "  logs      " << r.logs << " captured, " << r.log_errors << " error lines\n";
  if (!r.skipped.empty()) {
    out << "Skipped " << r.skipped.size() << ":\n";
    for (const auto& s : r.skipped) out << "  " << s.path << ": " << s.reason << "\n";
  }
  for (const auto& note : r.notes) out << "Note: " << note << "\n";
}

void print_refused_secrets(const std::vector<engine::RefusedFile>& refused, std::ostream& err) {
  for (const auto& f : refused)
    err << "twin: refusing to commit " << f.path << ": it looks like it holds a "
              << f.reason << "\n";
}

}  // namespace

int render_snapshot(const ops::SnapshotOutcome& outcome, std::ostream& out, std::ostream& err) {
  if (outcome.end == ops::SnapshotEnd::kRefusedEdits) {
    err << "twin: refusing to snapshot: " << outcome.unapplied.size()
              << " edit(s) to the twin are not applied to the machine yet, and the snapshot "
                 "would overwrite them:\n";
    for (const auto& e : outcome.unapplied)
      err << "  " << ops::change_word(e.change) << "  " << e.path << "\n";
    err << "Apply them first (`twin plan`, then `twin apply`), or pass --force to take the "
                 "snapshot anyway (the edits are committed first, so they stay in the history).\n";
    return to_int(ExitCode::kError);
  }
  if (outcome.kept_edits)
    out << "Committed the unapplied edits as " << outcome.kept_edits->substr(0, 8) << ".\n";
  if (outcome.end == ops::SnapshotEnd::kRefusedSecrets && outcome.report.hostname.empty() &&
      outcome.subject.empty()) {
    print_refused_secrets(outcome.refused, err);  // the edits kept before a forced snapshot
    return to_int(ExitCode::kError);
  }
  print_report(outcome.report, outcome.root, out);
  switch (outcome.end) {
    case ops::SnapshotEnd::kRefusedSecrets:
      print_refused_secrets(outcome.refused, err);
      err << "Nothing was committed. Leave the file out (config.yaml files.exclude) or, if "
                   "it must be in the twin, opt it in (files.include_secrets), then snapshot "
                   "again.\n";
      return to_int(ExitCode::kError);
    case ops::SnapshotEnd::kUnchanged:
      out << "Nothing changed since the last snapshot; nothing committed.\n";
      break;
    case ops::SnapshotEnd::kCommitted:
      out << "Committed " << outcome.commit.substr(0, 8) << " " << outcome.subject << "\n"
                << outcome.body;
      break;
    case ops::SnapshotEnd::kRefusedEdits: break;
  }
  switch (outcome.push) {
    case ops::PushEnd::kPushed:
      out << "Pushed " << outcome.pushed->branch << " (" << outcome.pushed->head << ") to "
                << engine::kRemoteName << ".\n";
      break;
    case ops::PushEnd::kFailed:
      err << error_text(*outcome.push_error, false);
      err << "twin: the snapshot is committed locally and kept; push it later with "
                   "`twin push`.\n";
      return to_int(ExitCode::kError);
    case ops::PushEnd::kNotAsked:
    case ops::PushEnd::kNoRemote: break;
  }
  return to_int(ExitCode::kOk);
}

namespace {

int snapshot(const fs::path& twin_dir, const fs::path& root, const ops::SnapshotRequest& request,
             bool quiet = false) {
  ConsoleReporter reporter(std::cout, quiet);
  auto taken = ops::take_snapshot(twin_dir, root, request, reporter);
  if (!taken) {
    print_error(taken.error());
    return to_int(ExitCode::kError);
  }
  return render_snapshot(*taken, std::cout, std::cerr);
}

}  // namespace

int take_snapshot(const fs::path& twin_dir, const fs::path& root, const std::string& message,
                  bool force) {
  return snapshot(twin_dir, root, {.message = message, .force = force, .push = false});
}

int run_snapshot(const SnapshotOptions& options) {
  auto target = locate_target({.twin_dir = options.twin_dir,
                               .root = options.root,
                               .other_machine = options.other_machine});
  if (!target) return to_int(ExitCode::kError);
  return snapshot(target->twin.dir, target->root,
                  {.message = options.message, .force = options.force, .push = !options.no_push},
                  options.quiet);
}

}  // namespace twin::cli
