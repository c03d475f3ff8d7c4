#include "cli/sync_review.h"

#include <iostream>
#include <sstream>

#include "cli/exit_code.h"
#include "cli/plan_text.h"
#include "cli/session.h"
#include "cli/terminal.h"
#include "engine/reconciler.h"
#include "engine/risk.h"

namespace twin::cli {
namespace {

std::string step_key(const engine::Step& step) {
  return std::string(engine::action_name(step.primary())) + " " + step.address;
}

/// Sends std::cerr to nowhere while it lives (Session::open reports there).
class QuietStderr {
 public:
  QuietStderr() : saved_(std::cerr.rdbuf(sink_.rdbuf())) {}
  ~QuietStderr() { std::cerr.rdbuf(saved_); }
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

 private:
  std::ostringstream sink_;
  std::streambuf* saved_;
};

const engine::Resource* resource_at(const std::vector<engine::Resource>& resources,
                                    const lang::Span& span) {
  for (const auto& r : resources)
    if (r.title_span.file == span.file && r.title_span.begin == span.begin) return &r;
  return nullptr;
}

bool planned(const engine::Plan& plan, const std::string& address) {
  for (const auto& step : plan.steps)
    if (step.address == address) return true;
  return false;
}

/// Which incoming commit last touched the resource's block, if any did.
std::optional<engine::IncomingCommit> introduced_by(const std::filesystem::path& twin,
                                                    const engine::Resource& resource,
                                                    const std::string& since) {
  const lang::Span& span = resource.span.valid() ? resource.span : resource.title_span;
  if (!span.valid()) return std::nullopt;
  std::filesystem::path file = span.file->path();
  if (file.is_absolute()) file = file.lexically_relative(twin);
  int first = static_cast<int>(span.file->line_col(span.begin).line);
  int last = static_cast<int>(span.file->line_col(span.end > span.begin ? span.end - 1 : span.end).line);
  auto who = engine::last_change_since(twin, file.string(), first, last, since);
  if (!who) return std::nullopt;
  return *who;
}

}  // namespace

std::optional<PlanBaseline> plan_baseline(const std::filesystem::path& twin,
                                          const std::string& root) {
  QuietStderr quiet;
  auto session = Session::open({.twin_dir = twin.string(), .root = root});
  if (!session) return std::nullopt;
  auto plan = engine::compute_plan(session->prepared(), session->registry(), session->context());
  if (!plan) return std::nullopt;
  PlanBaseline baseline;
  for (const auto& step : plan->steps) baseline.steps.insert(step_key(step));
  return baseline;
}

int print_pull_review(const std::filesystem::path& twin, const std::string& root,
                      const engine::PullOutcome& pulled, const PlanBaseline* before) {
  bool color = use_color(stdout);
  std::cout << paint("Review: what the pulled twin would change on this machine (" + root + ")",
                     "bold", color)
            << "\n";
  auto session = Session::open({.twin_dir = twin.string(), .root = root});
  if (!session) {
    std::cerr << "twin: the pulled manifests have errors (above); fix them before planning or "
                 "applying. The commits that came in are listed above.\n";
    return to_int(ExitCode::kError);
  }
  auto plan = engine::compute_plan(session->prepared(), session->registry(), session->context());
  if (!plan) {
    print_error(plan.error());
    return to_int(ExitCode::kError);
  }
  std::cout << render_plan_summary(*plan, color);
  if (before && !plan->empty()) {
    std::size_t added = 0;
    for (const auto& step : plan->steps) added += before->steps.count(step_key(step)) == 0;
    std::cout << added << " of these step(s) come from the pull; " << plan->steps.size() - added
              << " were pending before it.\n";
  }

  lang::DiagnosticSink risks;
  engine::check_risks(session->twin().resources, risks);
  std::size_t flagged = 0, inert = 0;
  for (const auto& d : risks.all()) {
    const engine::Resource* resource = resource_at(session->twin().resources, d.span);
    if (!resource) continue;
    auto commit = introduced_by(twin, *resource, pulled.old_head);
    if (!commit) continue;  // not something this pull brought in
    if (!planned(*plan, resource->address())) {
      ++inert;  // declared risky, but it changes nothing here
      continue;
    }
    if (flagged++ == 0)
      std::cout << "\n" << paint("Risky changes brought in by the pull:", "yellow", color) << "\n";
    std::cout << lang::render_text(d, color) << "  introduced by commit " << commit->short_id
              << " by " << commit->author << ": " << commit->summary << "\n";
  }
  if (flagged == 0) std::cout << "\nNo risky change among what the pull brought in.\n";
  if (inert > 0)
    std::cout << inert << " risky-looking declaration(s) came in but would change nothing on "
              << "this machine, so they are not flagged.\n";
  std::cout << "Nothing was applied. See the details with `twin plan`; apply with `twin apply`.\n";
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
