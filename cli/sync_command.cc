#include "cli/sync_command.h"

#include <iostream>
#include <memory>

#include "cli/exit_code.h"
#include "cli/sync_review.h"
#include "cli/terminal.h"
#include "cli/twin_location.h"
#include "engine/credentials.h"

namespace twin::cli {
namespace {

void print_commits(const std::vector<engine::IncomingCommit>& commits) {
  for (const auto& c : commits)
    std::cout << "  " << c.short_id << "  " << c.author << "  " << c.summary << "\n";
}

int report_conflict(const engine::PullOutcome& pulled) {
  std::cerr << "twin: the twin and " << engine::kRemoteName << " both changed these paths, in "
            << "different ways:\n";
  for (const auto& path : pulled.conflicts) std::cerr << "  " << path << "\n";
  std::cerr << "Nothing was changed: the twin is exactly as before the pull.\n"
               "Resolve by hand: reconcile these files in the twin (or on the remote), commit, "
               "and run `twin pull` again.\n";
  return to_int(ExitCode::kError);
}

}  // namespace

engine::GitAuth stored_git_auth() {
  auto store = engine::CredentialStore::load_default();
  if (!store) {
    std::cerr << "twin: warning: " << store.error().text() << "\n";
    return {};
  }
  auto shared = std::make_shared<engine::CredentialStore>(std::move(store).value());
  return {[shared](const std::string& url) { return shared->token_for_url(url); }};
}

int run_push(const PushOptions& options) {
  auto twin = locate_twin(options.twin_dir);
  if (!twin) return to_int(ExitCode::kError);
  auto pushed = engine::push_branch(*twin, stored_git_auth());
  if (!pushed) {
    print_error(pushed.error());
    return to_int(ExitCode::kError);
  }
  std::cout << "Pushed " << pushed->branch << " (" << pushed->head << ") to "
            << engine::kRemoteName << " " << pushed->url << "\n";
  return to_int(ExitCode::kOk);
}

bool push_after_snapshot(const std::filesystem::path& twin_dir) {
  auto url = engine::remote_url(twin_dir);
  if (!url || !url->has_value()) return true;
  auto pushed = engine::push_branch(twin_dir, stored_git_auth());
  if (pushed) {
    std::cout << "Pushed " << pushed->branch << " (" << pushed->head << ") to "
              << engine::kRemoteName << ".\n";
    return true;
  }
  print_error(pushed.error());
  std::cerr << "twin: the snapshot is committed locally and kept; push it later with "
               "`twin push`.\n";
  return false;
}

int run_pull(const PullOptions& options) {
  auto twin = locate_twin(options.target.twin_dir);
  if (!twin) return to_int(ExitCode::kError);
  // The plan before the pull, so the review can tell what the pull adds.
  std::optional<PlanBaseline> before;
  if (options.review) before = plan_baseline(*twin, options.target.root);

  auto pulled = engine::pull_branch(*twin, stored_git_auth());
  if (!pulled) {
    print_error(pulled.error());
    return to_int(ExitCode::kError);
  }
  const std::string from = std::string(engine::kRemoteName) + " (" + pulled->url + ")";
  switch (pulled->kind) {
    case engine::PullKind::kRemoteEmpty:
      std::cout << "The remote has no " << pulled->branch << " branch yet; nothing to pull. "
                << "`twin push` sends this twin there.\n";
      return to_int(ExitCode::kOk);
    case engine::PullKind::kUpToDate:
      std::cout << "Already up to date with " << from << ".\n";
      return to_int(ExitCode::kOk);
    case engine::PullKind::kConflict:
      return report_conflict(*pulled);
    case engine::PullKind::kFastForward:
      std::cout << "Pulled " << pulled->incoming.size() << " commit(s) from " << from
                << " (fast-forward):\n";
      break;
    case engine::PullKind::kMerged:
      std::cout << "Pulled " << pulled->incoming.size() << " commit(s) from " << from
                << " and merged them with this twin's own:\n";
      break;
  }
  print_commits(pulled->incoming);
  for (const auto& path : pulled->kept_local)
    std::cout << "  kept this machine's version of " << path << " (changed on both sides)\n";
  if (pulled->kind == engine::PullKind::kMerged)
    std::cout << "The merge commit is local; `twin push` shares it.\n";
  if (!options.review) return to_int(ExitCode::kOk);
  std::cout << "\n";
  return print_pull_review(*twin, options.target.root, *pulled, before ? &*before : nullptr);
}

}  // namespace twin::cli
