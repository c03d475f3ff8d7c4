#include "cli/history_command.h"

#include <unistd.h>

#include <iostream>

#include "cli/exit_code.h"
#include "cli/json_output.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "cli/terminal.h"
#include "engine/repo/git_repo.h"
#include "engine/repo/snapshot_commit.h"
#include "engine/repo/twin_config.h"
#include "engine/repo/twin_location.h"

namespace twin::cli {
namespace {

constexpr char kResetPrefix[] = "reset to ";
// Where HEAD was before the latest reset (or undo), so that it stays
// reachable and named even after later commits.
constexpr char kBeforeResetRef[] = "refs/twin/before-reset";

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

/// Who commits a reset: config.yaml's identity, else twin@THIS-HOST.
engine::GitIdentity identity(const engine::TwinConfig& config) {
  char host[256] = {};
  (void)::gethostname(host, sizeof host - 1);
  return engine::twin_identity(config, config.device.empty() ? host : config.device);
}

engine::Result<engine::GitRepo> open_twin_repo(const std::string& flag) {
  auto dir = find_twin(flag);
  if (!dir) return dir.error();
  return engine::GitRepo::open(*dir);
}

engine::Result<engine::CommitInfo> commit_info(const engine::GitRepo& repo, const std::string& id) {
  auto log = repo.log();
  if (!log) return log.error();
  for (auto& c : *log)
    if (c.id == id) return c;
  return engine::make_error("E2003", "the commit is not in the twin's history", id);
}

/// Commits uncommitted edits (with --force) or refuses, listing them.
bool working_tree_ready(engine::GitRepo& repo, const ResetOptions& options) {
  auto dirty = repo.worktree_changes();
  if (!dirty) {
    print_error(dirty.error());
    return false;
  }
  if (dirty->empty()) return true;
  if (!options.force) {
    std::cerr << "twin: refusing to reset: the twin has uncommitted changes that a reset would "
                 "overwrite:\n";
    for (const auto& [path, change] : *dirty) std::cerr << "  " << path << "\n";
    std::cerr << "Snapshot or commit them first, or pass --force to commit them before the "
                 "reset (they stay in the history).\n";
    return false;
  }
  auto config = engine::load_twin_config(repo.workdir());
  if (!config) return print_error(config.error()), false;
  auto kept = engine::commit_twin(repo, "twin: keep uncommitted edits before a reset", "",
                                  identity(*config), *config);
  if (!kept) return print_error(kept.error()), false;
  for (const auto& f : kept->refused)
    std::cerr << "twin: refusing to commit " << f.path << ": it looks like it holds a " << f.reason
              << "\n";
  return kept->refused.empty();
}

}  // namespace

std::string reset_subject(const std::string& id, const std::string& summary) {
  return kResetPrefix + id.substr(0, 8) + " (" + summary + ")";
}

int run_history(const HistoryOptions& options) {
  auto dir = find_twin(options.twin_dir, options.json ? std::cerr : std::cout);
  if (!dir) return fail(dir.error());
  auto repo = engine::GitRepo::open(*dir);
  if (!repo) return fail(repo.error());
  auto log = repo->log(options.limit);
  if (!log) return fail(log.error());
  if (options.json) {
    nlohmann::json report = json_report("history", 1);
    report["twin"] = dir->string();
    report["commits"] = nlohmann::json::array();
    for (const auto& c : *log)
      report["commits"].push_back({{"id", c.id},
                                   {"time", engine::utc_time(c.time)},
                                   {"subject", c.summary()},
                                   {"message", c.message},
                                   {"parents", c.parents}});
    print_json(report);
    return to_int(ExitCode::kOk);
  }
  if (log->empty()) {
    std::cout << "No commits yet: run `twin snapshot`.\n";
    return to_int(ExitCode::kOk);
  }
  std::cout << "ID        DATE (UTC)            SUBJECT\n";
  for (const auto& c : *log)
    std::cout << c.id.substr(0, 8) << "  " << engine::utc_time(c.time) << "  " << c.summary()
              << "\n";
  std::cout << "\n`twin time-machine --commit ID` (or `twin reset ID`) brings the twin back to one "
               "of these (as a new commit).\n";
  return to_int(ExitCode::kOk);
}

int run_reset(const ResetOptions& options) {
  if (options.undo == !options.id.empty())
    return fail(engine::make_error("E1207", "give a commit ID or --undo (one of them)"));
  auto repo = open_twin_repo(options.twin_dir);
  if (!repo) return fail(repo.error());
  auto head = repo->head_commit();  // E2004 when empty, E2006 when damaged
  if (!head) return fail(head.error());
  auto head_info = commit_info(*repo, *head);
  if (!head_info) return fail(head_info.error());

  std::string target, subject;
  if (options.undo) {
    if (head_info->summary().rfind(kResetPrefix, 0) != 0 || head_info->parents.empty()) {
      print_error(engine::make_error("E1208", "the latest commit is not a reset; nothing to undo",
                                     head_info->summary()));
      auto before = repo->reference_target(kBeforeResetRef);
      if (before && *before && **before != *head)
        std::cerr << "Before the latest reset the twin was at " << (*before)->substr(0, 8)
                  << ": `twin time-machine --commit " << (*before)->substr(0, 8)
                  << "` goes back there.\n";
      return to_int(ExitCode::kError);
    }
    target = head_info->parents.front();
    subject = "undo " + head_info->summary();
  } else {
    auto resolved = repo->resolve(options.id);
    if (!resolved) return fail(resolved.error());
    target = *resolved;
    auto info = commit_info(*repo, target);
    if (!info) return fail(info.error());
    subject = reset_subject(target, info->summary());
  }
  if (target == *head) {
    std::cout << "The twin is already at " << target.substr(0, 8) << "; nothing to do.\n";
    return to_int(ExitCode::kOk);
  }
  if (!working_tree_ready(*repo, options)) return to_int(ExitCode::kError);

  std::string question = "Bring the twin's files back to " + target.substr(0, 8) +
                         " as a new commit? (The machine is not changed.)";
  if (!options.yes) {
    if (!is_interactive()) {
      std::cerr << "twin: refusing to reset without confirmation: not on a terminal; pass --yes\n";
      return to_int(ExitCode::kError);
    }
    if (!confirm(question)) {
      std::cout << "Reset cancelled; nothing was changed.\n";
      return to_int(ExitCode::kOk);
    }
  }
  auto config = engine::load_twin_config(repo->workdir());
  if (!config) return fail(config.error());
  std::string message = subject + "\n\nThe twin's files are those of commit " + target +
                        ".\nThe machine is unchanged until `twin apply`.\n";
  // HEAD again: working_tree_ready may have committed kept edits.
  auto before = repo->resolve("HEAD");
  if (!before) return fail(before.error());
  if (auto kept = repo->set_reference(kBeforeResetRef, *before, "twin: before " + subject); !kept)
    return fail(kept.error());
  auto id = repo->restore_as_new_commit(target, message, identity(*config));
  if (!id) return fail(id.error());
  std::cout << "The twin is back at " << target.substr(0, 8) << " as the new commit "
            << id->substr(0, 8) << ".\n"
            << "The machine is unchanged: `twin plan` shows what applying it would do; "
               "`twin reset --undo` takes this reset back.\n";
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
