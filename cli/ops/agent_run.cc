#include "cli/ops/agent_run.h"

#include <unistd.h>

#include "cli/ops/agent_policy.h"
#include "cli/ops/apply_transaction.h"
#include "cli/ops/git_auth.h"
#include "cli/ops/signed_approval.h"
#include "cli/ops/snapshot.h"
#include "engine/core/durable_io.h"
#include "engine/repo/git_repo.h"
#include "engine/repo/twin_config.h"
#include "resources/process_runner.h"

namespace twin::ops {
namespace {

namespace fs = std::filesystem;

/// Forwards everything to the caller's reporter (the journal, under
/// systemd) and keeps the errors, so that a failed phase can put its own
/// words into the report.
class KeepingReporter : public Reporter {
 public:
  explicit KeepingReporter(Reporter& inner) : inner_(inner) {}

  void target(const TwinChoice& twin, const fs::path& root) override { inner_.target(twin, root); }
  void progress(std::string_view line) override { inner_.progress(line); }
  void note(std::string_view line) override { inner_.note(line); }
  void warning(std::string_view text) override { inner_.warning(text); }
  void error(const engine::Error& error, const std::vector<std::string>& help) override {
    inner_.error(error, help);
    std::string text = error.code.empty() ? error.text() : error.code + ": " + error.text();
    for (const auto& line : help) text += "\n" + line;
    kept_.push_back(std::move(text));
  }
  void diagnostics(const lang::DiagnosticSink& sink) override {
    inner_.diagnostics(sink);
    for (const auto& d : sink.all())
      if (d.severity == lang::Severity::kError) kept_.push_back(lang::render_text(d, false));
  }

  /// What was kept since the last take(), one entry per error, joined.
  std::string take() {
    std::string text;
    for (auto& k : kept_) text += (text.empty() ? "" : "\n") + k;
    kept_.clear();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

 private:
  Reporter& inner_;
  std::vector<std::string> kept_;
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
    case engine::PullKind::kUpToDate: return "up-to-date";
    case engine::PullKind::kRemoteEmpty: return "remote-empty";
    case engine::PullKind::kFastForward: return "fast-forward";
    case engine::PullKind::kMerged: return "merged";
    case engine::PullKind::kConflict: return "conflict";
  }
  return "unknown";
}

/// The twin's HEAD commit; "" when it has none yet. A repository or HEAD
/// that cannot be read (corrupt) is an error, for the report.
engine::Result<std::string> head_of(const fs::path& twin) {
  auto repo = engine::GitRepo::open(twin);
  if (!repo) return repo.error();
  auto head = repo->head();
  if (!head) return head.error();
  return head->value_or("");
}

constexpr int kExitOk = 0, kExitError = 1, kExitRefused = 2;

class AgentRun {
 public:
  AgentRun(AgentReport& report, Target target, Reporter& reporter)
      : r_(report), target_(std::move(target)), twin_(target_.twin.dir), reporter_(reporter) {}

  /// Every phase in order; returns the exit code.
  int run() {
    auto tx = ApplyTransaction::begin(target_, false, reporter_);
    if (!tx) {
      error(tx.error());
      return failed("the twin is not free for a run: " + r_.errors.back());
    }
    r_.commit_before = head_or_error();
    if (!pull()) return failed("the pull failed, so nothing was planned or applied");
    reporter_.take();
    auto workspace = Workspace::open(target_, reporter_);
    if (!workspace) return failed("the twin does not load", kept(workspace.error()));
    auto plan = (*workspace)->plan();
    if (!plan) return failed("the plan failed", kept(plan.error()));
    summarize(*plan);
    AgentDecision decision =
        decide_agent_apply(r_.policy, plan->steps.size(), r_.risky, r_.package_removals);
    r_.decision = decision.outcome;
    r_.reason = decision.reason;
    reporter_.progress("Decision: " + r_.decision + " (" + r_.reason + ")");
    bool matches = plan->empty();
    if (decision.apply()) matches = apply(*tx, **workspace, std::move(*plan));
    if (matches)
      snapshot();
    else
      r_.snapshot_note = r_.decision == "failed"
                             ? "skipped: the apply failed, and the machine is as before it"
                             : "skipped: the twin holds changes not applied here, which a "
                               "snapshot would overwrite";
    push();
    r_.commit_after = head_or_error();
    if (r_.decision == "failed" || !r_.errors.empty()) return kExitError;
    return r_.decision == "refused" ? kExitRefused : kExitOk;
  }

 private:
  /// What the reporter kept of a failed phase, with `error` itself unless
  /// it stands for what was already reported.
  std::string kept(const engine::Error& error) {
    if (!was_reported(error)) reporter_.error(error, {});
    return reporter_.take();
  }

  /// Ends the run early: `detail` is what the failing phase reported.
  int failed(const std::string& reason, const std::string& detail = "") {
    if (!detail.empty()) r_.errors.push_back(detail);
    r_.decision = "failed";
    r_.reason = reason;
    r_.commit_after = head_or_error();
    return kExitError;
  }

  /// Records an error (reported now unless it was already).
  void error(const engine::Error& e) {
    if (!was_reported(e)) reporter_.error(e, {});
    std::string said = reporter_.take();
    r_.errors.push_back(said.empty() ? e.code + ": " + e.text() : said);
  }

  void error(const std::string& text) { error(engine::make_error("", text)); }

  /// head_of(), with a failure kept among the report's errors.
  std::string head_or_error() {
    auto head = head_of(twin_);
    if (head) return *head;
    error(head.error());
    return "";
  }

  bool pull() {
    auto url = engine::remote_url(twin_);
    if (!url) {
      error(url.error());
      return false;
    }
    if (!url->has_value()) {
      r_.pull_note = "no remote is set (`twin remote set URL`); the local twin was used";
      return true;
    }
    r_.remote = **url;
    auto pulled = engine::pull_branch(twin_, stored_git_auth(reporter_));
    if (!pulled) {
      r_.pull_outcome = "failed";
      error(pulled.error());
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
    reporter_.progress("Pull: " + r_.pull_outcome + ", " + std::to_string(r_.pulled.size()) +
                       " commit(s).");
    return true;
  }

  void summarize(const engine::Plan& plan) {
    r_.planned = true;
    for (const auto& step : plan.steps) {
      std::string action(engine::action_name(step.primary()));
      ++r_.counts[action];
      r_.steps.push_back(action + " " + step.address);
    }
    // A risky change counts unless a trusted signature approves it: the
    // author of a change cannot (allow_risky is a request).
    resources::ProcessRunner runner;
    r_.risky = SignedApprovals(twin_, target_.root, runner).unapproved(plan);
    r_.package_removals = package_removals(plan);
    reporter_.progress("Plan: " + std::to_string(plan.steps.size()) + " step(s), " +
                       std::to_string(r_.risky.size()) + " risky, " +
                       std::to_string(r_.package_removals.size()) + " removing packages.");
  }

  /// Applies atomically; true when every step succeeded.
  bool apply(const ApplyTransaction& tx, const Workspace& workspace, engine::Plan plan) {
    auto ran = tx.run(workspace, std::move(plan), {.atomic = true}, reporter_);
    if (!ran) {
      error(ran.error());
      r_.decision = "failed";
      r_.reason = "the apply could not start: " + ran.error().text();
      return false;
    }
    r_.checkpoint = ran->checkpoint;
    const engine::ApplyReport& done = ran->report;
    r_.applied_steps = done.applied.size();
    if (done.succeeded()) {
      r_.apply_outcome = "succeeded";
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
    std::string before = head_or_error();
    reporter_.take();
    auto taken = take_snapshot(
        twin_, target_.root,
        {.message = "twin agent run, policy " + r_.policy, .force = false, .push = false},
        reporter_);
    if (!taken) {
      r_.snapshot_outcome = "failed";
      r_.errors.push_back("snapshot: " + kept(taken.error()));
      return;
    }
    if (taken->refused_anything()) {
      r_.snapshot_outcome = "failed";
      std::string why = taken->end == SnapshotEnd::kRefusedEdits
                            ? std::to_string(taken->unapplied.size()) +
                                  " edit(s) to the twin are not applied to the machine yet"
                            : "a file looks like it holds a secret";
      for (const auto& f : taken->refused) why += "; " + f.path + ": " + f.reason;
      r_.errors.push_back("snapshot: refused: " + why);
      return;
    }
    std::string after = head_or_error();
    r_.snapshot_outcome = after != before ? "committed" : "unchanged";
    if (after != before) r_.snapshot_commit = after;
  }

  void push() {
    if (r_.remote.empty() || r_.pull_outcome == "failed" || r_.pull_outcome == "conflict") {
      r_.push_note = r_.remote.empty() ? "no remote is set" : "the pull failed";
      return;
    }
    auto pushed = engine::push_branch(twin_, stored_git_auth(reporter_));
    if (!pushed) {
      r_.push_outcome = "failed";
      r_.push_note = "the commits are kept here; the next run (or `twin push`) sends them";
      error(pushed.error());
      return;
    }
    r_.push_outcome = "pushed";
    r_.push_note = pushed->branch + " at " + pushed->head;
  }

  AgentReport& r_;
  Target target_;
  fs::path twin_;
  KeepingReporter reporter_;
};

}  // namespace

engine::Result<AgentRunOutcome> run_agent(const AgentRunRequest& request, Reporter& reporter) {
  AgentRunOutcome outcome;
  AgentReport& report = outcome.report;
  report.started_at = utc_now_iso();
  report.policy = request.policy;
  auto target = locate(request.target, reporter);
  if (!target) return target.error();
  report.twin = target->twin.dir.string();
  report.root = target->root.string();
  report.host = host_name(target->twin.dir, target->root);
  reporter.progress("twin agent run: " + report.twin + " on " + report.root + ", policy " +
                    report.policy);
  report.exit_code = AgentRun(report, *target, reporter).run();
  report.finished_at = utc_now_iso();
  auto saved = save_agent_report(target->twin.dir, report);
  if (!saved) return saved.error();
  outcome.saved = *saved;
  return outcome;
}

}  // namespace twin::ops
