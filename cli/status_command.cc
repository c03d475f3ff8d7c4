#include "cli/status_command.h"

#include <fmt/format.h>

#include <signal.h>
#include <sys/signalfd.h>

#include <ctime>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/exit_code.h"
#include "cli/json_output.h"
#include "cli/ops/drift_watch.h"
#include "cli/terminal.h"

namespace twin::cli {
namespace {

/// Enough lines to name what drifts without scrolling off one screen.
constexpr std::size_t kMaxListed = 15;

struct TypeCounts {
  std::size_t declared = 0;
  std::size_t drifted = 0;
};

}  // namespace

std::string render_status(const engine::PreparedTwin& twin, const engine::Plan& plan, bool color) {
  std::map<std::string, TypeCounts> by_type;
  for (const auto& r : *twin.resources) ++by_type[r.type].declared;
  for (const auto& step : plan.steps) ++by_type[step.type].drifted;

  std::string out = fmt::format("{:<12}{:>10}{:>10}{:>10}\n", "TYPE", "DECLARED", "IN SYNC", "DRIFT");
  for (const auto& [type, n] : by_type) {
    std::string drift = fmt::format("{:>10}", n.drifted);
    out += fmt::format("{:<12}{:>10}{:>10}", type, n.declared, n.declared - n.drifted) +
           (n.drifted ? paint(drift, "yellow", color) : drift) + "\n";
  }
  if (plan.empty()) return out + paint("\nIn sync: the machine matches the twin.", "green", color) + "\n";
  out += "\nDrifted:\n";
  for (std::size_t i = 0; i < plan.steps.size() && i < kMaxListed; ++i)
    out += fmt::format("  {:<8}{}\n", engine::action_name(plan.steps[i].primary()),
                       plan.steps[i].address);
  if (plan.steps.size() > kMaxListed)
    out += fmt::format("  … and {} more (see `twin plan --summary`)\n",
                       plan.steps.size() - kMaxListed);
  return out;
}

nlohmann::json status_json(const engine::PreparedTwin& twin, const engine::Plan& plan) {
  std::map<std::string, TypeCounts> by_type;
  for (const auto& r : *twin.resources) ++by_type[r.type].declared;
  for (const auto& step : plan.steps) ++by_type[step.type].drifted;
  nlohmann::json report = json_report("status", 1);
  report["in_sync"] = plan.empty();
  report["types"] = nlohmann::json::array();
  for (const auto& [type, n] : by_type)
    report["types"].push_back({{"type", type},
                               {"declared", n.declared},
                               {"in_sync", n.declared - n.drifted},
                               {"drift", n.drifted}});
  report["drifted"] = nlohmann::json::array();
  for (const auto& step : plan.steps)
    report["drifted"].push_back(
        {{"address", step.address}, {"action", engine::action_name(step.primary())}});
  return report;
}

namespace {

/// status_json() with the twin and root it is about.
nlohmann::json status_report(const ops::Workspace& session, const engine::Plan& plan) {
  nlohmann::json report = status_json(session.prepared(), plan);
  report["twin"] = session.target().twin.dir.string();
  report["root"] = session.target().root.string();
  return report;
}

std::string clock_time() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &local);
  return text;
}

/// One status as `twin status` prints it (text, or one line of JSON), and
/// the workspace it came from (nullptr after an error, then printed to
/// stderr as usual).
std::string status_now(const StatusOptions& options, std::unique_ptr<ops::Workspace>& session) {
  std::ostringstream notes;
  // The error itself went to stderr; the status says there is none now.
  auto failed = [&] {
    if (!options.json) return notes.str() + "No status: the twin cannot be planned (see the error).\n";
    nlohmann::json report = json_report("status", 1);
    report["error"] = "the twin cannot be planned; the error is on stderr";
    return report.dump() + "\n";
  };
  session = open_workspace(options.target, options.json ? std::cerr : notes);
  if (!session) return failed();
  session->use_stat_cache();
  auto plan = plan_or_print(*session);
  if (!plan) {
    session.reset();
    return failed();
  }
  if (!options.json) return notes.str() + render_status(session->prepared(), *plan, use_color(stdout));
  return status_report(*session, *plan).dump() + "\n";
}

int run_status_watch(const StatusOptions& options) {
  // SIGINT and SIGTERM end the watch through a descriptor the wait polls,
  // so a plan is never cut off halfway.
  // A signal the caller ignores (a job started with `&` from a script)
  // stays ignored.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  for (int signal : {SIGINT, SIGTERM}) {
    struct sigaction now {};
    if (::sigaction(signal, nullptr, &now) == 0 && now.sa_handler == SIG_IGN) continue;
    sigaddset(&stop_signals, signal);
  }
  ::sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
  resources::UniqueFd stop(::signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK));
  // Without the descriptor the signals keep their default action.
  if (!stop.valid()) ::sigprocmask(SIG_UNBLOCK, &stop_signals, nullptr);
  ops::DirectoryWatch watch;
  if (!watch.valid())
    std::cerr << "twin: cannot watch for changes (inotify): planning every " << options.interval
              << " s instead\n";
  std::string shown;
  std::size_t missed_before = 0;
  for (;;) {
    std::unique_ptr<ops::Workspace> session;
    std::string status = status_now(options, session);
    // A change made during a plan in a directory not yet watched was seen
    // by nothing: once the watches are set, plan again (twice at most: the
    // second plan may load a twin the first could not).
    for (int pass = 0; pass < 2 && watch.valid(); ++pass) {
      std::vector<std::filesystem::path> dirs;
      if (session) {
        dirs = ops::drift_watch_dirs(*session);
      } else if (auto twin = ops::choose_twin(options.target.twin_dir)) {
        dirs = ops::twin_watch_dirs(twin->dir);  // a twin that does not load: watch for its fix
      }
      auto watched = watch.watch(dirs);
      if (watched.missed != missed_before && watched.missed > 0)
        std::cerr << "twin: " << watched.missed << " director"
                  << (watched.missed == 1 ? "y" : "ies")
                  << " cannot be watched (the system's limit on inotify watches?); they are "
                     "checked every "
                  << options.interval << " s\n";
      missed_before = watched.missed;
      if (watched.added == 0) break;
      status = status_now(options, session);
    }
    if (status != shown) {
      if (!options.json) std::cout << "── " << clock_time() << " ──\n";
      std::cout << status << std::flush;
      shown = std::move(status);
    }
    auto woke = watch.wait(std::chrono::seconds(options.interval), std::chrono::milliseconds(200),
                           stop.get());
    if (woke == ops::DirectoryWatch::Wake::kStopped) return to_int(ExitCode::kOk);
  }
}

}  // namespace

int run_status(const StatusOptions& options) {
  if (options.watch) return run_status_watch(options);
  // With --json, stdout is the report alone.
  auto session = open_workspace(options.target, options.json ? std::cerr : std::cout);
  if (!session) return to_int(ExitCode::kError);
  session->use_stat_cache();
  auto plan = plan_or_print(*session);
  if (!plan) return to_int(ExitCode::kError);
  if (options.json) {
    print_json(status_report(*session, *plan));
  } else {
    std::cout << render_status(session->prepared(), *plan, use_color(stdout));
  }
  return to_int(plan->empty() ? ExitCode::kOk : ExitCode::kChanges);
}

}  // namespace twin::cli
