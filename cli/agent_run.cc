#include "cli/agent_run.h"

#include <unistd.h>

#include <iostream>
#include <streambuf>

#include "cli/agent_policy.h"
#include "cli/agent_report.h"
#include "cli/apply_recovery.h"
#include "cli/exit_code.h"
#include "cli/snapshot_command.h"
#include "cli/sync_command.h"
#include "cli/twin_location.h"
#include "engine/checkpoint_store.h"
#include "engine/durable_io.h"
#include "engine/executor.h"
#include "engine/git_repo.h"
#include "engine/retention.h"
#include "engine/twin_config.h"

namespace twin::cli {
namespace {

namespace fs = std::filesystem;

/// While it lives, what is written to std::cerr still reaches stderr (the
/// journal, under systemd) and is also kept, so that a failed phase can put
/// its own messages into the report.
class StderrTee : public std::streambuf {
 public:
  StderrTee() : real_(std::cerr.rdbuf(this)) {}
  ~StderrTee() override { std::cerr.rdbuf(real_); }
  StderrTee(const StderrTee&) = delete;
  StderrTee& operator=(const StderrTee&) = delete;

  /// What was written since the last take(), trailing newlines removed.
  std::string take() {
    std::string text = std::move(kept_);
    kept_.clear();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    kept_ += traits_type::to_char_type(c);
    return real_->sputc(traits_type::to_char_type(c));
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    kept_.append(s, static_cast<std::size_t>(n));
    return real_->sputn(s, n);
  }
  int sync() override { return real_->pubsync(); }

 private:
  std::streambuf* real_;
  std::string kept_;
};

std::string trimmed_first_line(std::string text) {
  text = text.substr(0, text.find('\n'));
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text;
}

/// config.yaml's device, else the target's /etc/hostname, else (on /) the
/// kernel's host name.
std::string host_name(const fs::path& twin, const fs::path& root) {
  if (auto config = engine::load_twin_config(twin); config && !config->device.empty())
    return config->device;
  if (auto text = engine::read_whole_file(root / "etc/hostname"); text) {
    std::string name = trimmed_first_line(*text);
    if (!name.empty()) return name;
  }
  char name[256] = {};
  if (root == "/" && ::gethostname(name, sizeof name - 1) == 0) return name;
  return "";
}

std::string pull_outcome_name(engine::PullKind kind) {
  switch (kind) {
    case engine::PullKind::kUpToDate:
      return "up-to-date";
    case engine::PullKind::kRemoteEmpty:
      return "remote-empty";
    case engine::PullKind::kFastForward:
      return "fast-forward";
    case engine::PullKind::kMerged:
      return "merged";
    case engine::PullKind::kConflict:
      return "conflict";
  }
  return "unknown";
}

std::string head_of(const fs::path& twin) {
  auto repo = engine::GitRepo::open(twin);
  if (!repo) return "";
  auto head = repo->head();
  return head && head->has_value() ? **head : "";
}

class AgentRun {
 public:
  AgentRun(AgentReport& report, fs::path twin, fs::path root)
      : r_(report), twin_(std::move(twin)), root_(std::move(root)) {}

  /// Every phase in order; returns the exit code.
  int run() {
    auto guard = take_lock();
    if (!guard) return failed("the twin is not free for a run: " + r_.errors.back());
    r_.commit_before = head_of(twin_);
    if (!pull()) return failed("the pull failed, so nothing was planned or applied");
    tee_.take();
    auto session = Session::open({.twin_dir = twin_.string(), .root = root_.string()});
    if (!session) return failed("the twin does not load", tee_.take());
    auto plan = session->plan();
    if (!plan) return failed("the plan failed", tee_.take());
    summarize(*plan);
    AgentDecision decision =
        decide_agent_apply(r_.policy, plan->steps.size(), r_.risky, r_.package_removals);
    r_.decision = decision.outcome;
    r_.reason = decision.reason;
    std::cout << "Decision: " << r_.decision << " (" << r_.reason << ")\n";
    bool matches = plan->empty();
    if (decision.apply()) matches = apply(*guard, *session, *plan);
    if (matches)
      snapshot();
    else
      r_.snapshot_note = r_.decision == "failed"
                             ? "skipped: the apply failed, and the machine is as before it"
                             : "skipped: the twin holds changes not applied here, which a "
                               "snapshot would overwrite";
    push();
    r_.commit_after = head_of(twin_);
    if (r_.decision == "failed" || !r_.errors.empty()) return to_int(ExitCode::kError);
    return r_.decision == "refused" ? to_int(ExitCode::kChanges) : to_int(ExitCode::kOk);
  }

 private:
  /// Ends the run early: `detail` is what the failing phase printed.
  int failed(const std::string& reason, const std::string& detail = "") {
    if (!detail.empty()) r_.errors.push_back(detail);
    r_.decision = "failed";
    r_.reason = reason;
    r_.commit_after = head_of(twin_);
    return to_int(ExitCode::kError);
  }

  /// Records an error that nothing printed yet, and prints it.
  void error(const std::string& text) {
    r_.errors.push_back(text);
    std::cerr << "twin: agent: " << text << "\n";
  }

  /// The apply lock for the whole run, and no interrupted apply pending.
  std::optional<ApplyGuard> take_lock() {
    auto retention = engine::read_retention(twin_);
    if (!retention) {
      error(retention.error().code + ": " + retention.error().text());
      return std::nullopt;
    }
    auto lock = engine::ApplyLock::acquire(twin_);
    if (!lock) {
      error(lock.error().code + ": " + lock.error().text());
      return std::nullopt;
    }
    auto interrupted = engine::CheckpointStore(twin_).interrupted();
    if (!interrupted) {
      error(interrupted.error().text());
      return std::nullopt;
    }
    if (*interrupted) {
      const auto& cp = **interrupted;
      error("E1605: an earlier apply was interrupted (checkpoint " + cp.id +
            "); undo it with "
            "`twin rollback " +
            cp.id + "` or finish it with `twin apply --resume`");
      return std::nullopt;
    }
    return ApplyGuard{std::move(lock).value(), *retention, std::nullopt};
  }

  bool pull() {
    auto url = engine::remote_url(twin_);
    if (!url) {
      error(url.error().code + ": " + url.error().text());
      return false;
    }
    if (!url->has_value()) {
      r_.pull_note = "no remote is set (`twin remote set URL`); the local twin was used";
      return true;
    }
    r_.remote = **url;
    auto pulled = engine::pull_branch(twin_, stored_git_auth());
    if (!pulled) {
      r_.pull_outcome = "failed";
      error(pulled.error().code + ": " + pulled.error().text());
      return false;
    }
    r_.pull_outcome = pull_outcome_name(pulled->kind);
    for (const auto& c : pulled->incoming)
      r_.pulled.push_back(c.short_id + " " + c.author + ": " + c.summary);
    if (pulled->kind == engine::PullKind::kConflict) {
      std::string paths;
      for (const auto& p : pulled->conflicts) paths += (paths.empty() ? "" : ", ") + p;
      r_.pull_note = "the twin was left as it was";
      error("the twin and the remote changed the same paths differently: " + paths +
            "; resolve them by hand, commit, and push");
      return false;
    }
    for (const auto& p : pulled->kept_local)
      r_.pull_note += (r_.pull_note.empty() ? "" : "; ") + ("kept this machine's " + p);
    std::cout << "Pull: " << r_.pull_outcome << ", " << r_.pulled.size() << " commit(s).\n";
    return true;
  }

  void summarize(const engine::Plan& plan) {
    r_.planned = true;
    for (const auto& step : plan.steps) {
      std::string action(engine::action_name(step.primary()));
      ++r_.counts[action];
      r_.steps.push_back(action + " " + step.address);
    }
    r_.risky = planned_risks(plan, twin_);
    r_.package_removals = package_removals(plan);
    std::cout << "Plan: " << plan.steps.size() << " step(s), " << r_.risky.size() << " risky, "
              << r_.package_removals.size() << " removing packages.\n";
  }

  /// Applies atomically; true when every step succeeded.
  bool apply(const ApplyGuard& guard, const Session& session, const engine::Plan& plan) {
    auto checkpoint = open_apply_checkpoint(guard, session, plan);
    if (!checkpoint) {
      error(checkpoint.error().text());
      r_.decision = "failed";
      r_.reason = "the apply could not start: " + checkpoint.error().text();
      return false;
    }
    r_.checkpoint = checkpoint->dir().filename().string();
    auto done = engine::execute_plan(plan, session.registry(), session.context(), *checkpoint,
                                     [](std::string_view line) { std::cout << line << "\n"; },
                                     {.atomic = true});
    r_.applied_steps = done.applied.size();
    if (done.succeeded()) {
      r_.apply_outcome = "succeeded";
      prune_after_apply(guard, session, r_.checkpoint);
      return true;
    }
    for (const auto& f : done.failures)
      r_.apply_failures.push_back(f.address + ": " + f.error.text());
    for (const auto& e : done.rollback_errors) error("rollback: " + e.text());
    r_.apply_outcome = done.rolled_back ? "rolled-back" : "failed";
    r_.decision = "failed";
    r_.reason = "the apply failed at " + done.failures.front().address +
                (done.rolled_back ? "; every change was rolled back"
                                  : "; the checkpoint " + r_.checkpoint + " holds what is left");
    error(r_.apply_failures.front());
    return false;
  }

  void snapshot() {
    std::string before = head_of(twin_);
    tee_.take();
    int code = take_snapshot(twin_, root_, "twin agent run, policy " + r_.policy, false);
    std::string said = tee_.take();
    std::string after = head_of(twin_);
    if (code != to_int(ExitCode::kOk)) {
      r_.snapshot_outcome = "failed";
      r_.errors.push_back("snapshot: " + said);  // take_snapshot printed it
      return;
    }
    r_.snapshot_outcome = after != before ? "committed" : "unchanged";
    if (after != before) r_.snapshot_commit = after;
  }

  void push() {
    if (r_.remote.empty() || r_.pull_outcome == "failed" || r_.pull_outcome == "conflict") {
      r_.push_note = r_.remote.empty() ? "no remote is set" : "the pull failed";
      return;
    }
    auto pushed = engine::push_branch(twin_, stored_git_auth());
    if (!pushed) {
      r_.push_outcome = "failed";
      r_.push_note = "the commits are kept here; the next run (or `twin push`) sends them";
      error(pushed.error().code + ": " + pushed.error().text());
      return;
    }
    r_.push_outcome = "pushed";
    r_.push_note = pushed->branch + " at " + pushed->head;
  }

  StderrTee tee_;
  AgentReport& r_;
  fs::path twin_, root_;
};

}  // namespace

int run_agent_run(const AgentRunOptions& options) {
  AgentReport report;
  report.started_at = utc_now_iso();
  report.policy = options.policy;
  auto twin = locate_twin(options.target.twin_dir);
  if (!twin) return to_int(ExitCode::kError);
  auto root = locate_root(options.target.root);
  if (!root) return to_int(ExitCode::kError);
  report.twin = twin->string();
  report.root = root->string();
  report.host = host_name(*twin, *root);
  std::cout << "twin agent run: " << report.twin << " on " << report.root << ", policy "
            << report.policy << "\n";
  report.exit_code = AgentRun(report, *twin, *root).run();
  report.finished_at = utc_now_iso();
  auto saved = save_agent_report(*twin, report);
  if (!saved) {
    print_error(saved.error());
    return to_int(ExitCode::kError);
  }
  std::cout << "Agent run " << report.decision << ": " << report.reason
            << "\nReport: " << saved->string() << "\n";
  return report.exit_code;
}

}  // namespace twin::cli
