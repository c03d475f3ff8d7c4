#include "cli/time_machine_command.h"

#include <algorithm>
#include <iostream>
#include <optional>
#include <vector>

#include "cli/exit_code.h"
#include "cli/history_command.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "cli/terminal.h"
#include "engine/repo/git_repo.h"
#include "engine/repo/snapshot_commit.h"
#include "engine/repo/twin_location.h"

namespace twin::cli {
namespace {

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

void print_numbered(const std::vector<engine::CommitInfo>& log) {
  std::cout << "  #  ID        DATE (UTC)            SUBJECT\n";
  for (std::size_t i = 0; i < log.size(); ++i) {
    std::string n = std::to_string(i + 1);
    std::cout << std::string(3 - std::min<std::size_t>(3, n.size()), ' ') << n << "  "
              << log[i].id.substr(0, 8) << "  " << engine::utc_time(log[i].time) << "  "
              << log[i].summary() << "\n";
  }
}

/// The index the person typed (1-based on screen), nullopt for Enter
/// (cancel); an error for anything else.
engine::Result<std::optional<std::size_t>> ask_choice(std::size_t count) {
  std::cout << "\nReset the twin to which one? [1-" << count << ", Enter to cancel] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer) || answer.empty()) return std::optional<std::size_t>();
  std::size_t n = 0;
  for (char c : answer) {
    if (c < '0' || c > '9' || n > count) {
      n = 0;
      break;
    }
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < 1 || n > count)
    return engine::make_error("E1221", "not a number from 1 to " + std::to_string(count), answer);
  return std::optional<std::size_t>(n - 1);
}

}  // namespace

int run_time_machine(const TimeMachineOptions& options) {
  if (!options.id.empty() && !options.commit.empty() && options.id != options.commit)
    return fail(engine::make_error("E1221", "give the commit once: REV or --commit REV",
                                   options.id + " / " + options.commit));
  ResetOptions reset{options.twin_dir, options.commit.empty() ? options.id : options.commit,
                     options.undo, options.yes, options.force};
  if (reset.undo || !reset.id.empty()) return run_reset(reset);

  auto dir = find_twin(options.twin_dir);
  if (!dir) return fail(dir.error());
  auto repo = engine::GitRepo::open(*dir);
  if (!repo) return fail(repo.error());
  auto log = repo->log(options.limit);
  if (!log) return fail(log.error());
  if (log->empty()) {
    std::cout << "No commits yet: run `twin snapshot`.\n";
    return to_int(ExitCode::kOk);
  }
  if (log->size() == 1)
    std::cout << "The twin has one commit:\n";
  else
    std::cout << "The last " << log->size() << " commits of the twin, newest first:\n";
  print_numbered(*log);
  if (!is_interactive()) {
    std::cout << "\nPick one with `twin time-machine --commit ID --yes`: the twin's files become "
                 "that commit's, as a new commit\n(the machine changes only on `twin apply`; "
                 "`twin time-machine --undo --yes` takes it back).\n";
    return to_int(ExitCode::kOk);
  }
  auto choice = ask_choice(log->size());
  if (!choice) return fail(choice.error());
  if (!*choice) {
    std::cout << "Nothing was changed.\n";
    return to_int(ExitCode::kOk);
  }
  reset.id = (*log)[**choice].id;
  return run_reset(reset);
}

}  // namespace twin::cli
