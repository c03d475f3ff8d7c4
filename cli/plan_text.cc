#include "cli/plan_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include "cli/terminal.h"
#include "engine/core/unified_diff.h"

namespace twin::cli {
namespace {

using engine::Action;

std::string_view colour_of(const Action& a) {
  switch (a.effect) {
    case engine::Effect::kTakesAway: return "red";
    case engine::Effect::kAdds: return "green";
    case engine::Effect::kChanges: return "yellow";
  }
  return "yellow";
}

std::string colour_diff_line(const std::string& line, bool color) {
  if (!color || line.empty()) return line;
  if (line.rfind("+++", 0) == 0 || line.rfind("---", 0) == 0) return paint(line, "bold", true);
  if (line[0] == '+') return paint(line, "green", true);
  if (line[0] == '-') return paint(line, "red", true);
  if (line.rfind("@@", 0) == 0) return paint(line, "cyan", true);
  return line;
}

std::string action_label(const Action& a, bool color) {
  return paint(fmt::format("{:<8}", engine::action_name(a)), colour_of(a), color);
}

/// Counts per primary action, in the actions' declared order: "1 CREATE, 2 REPLACE".
std::string counts(const engine::Plan& plan) {
  std::map<std::pair<int, std::string_view>, std::size_t> n;
  for (const auto& s : plan.steps) ++n[{s.primary().order, s.primary().name}];
  std::vector<std::string> parts;
  for (const auto& [action, count] : n) parts.push_back(fmt::format("{} {}", count, action.second));
  return fmt::format("{}", fmt::join(parts, ", "));
}

void render_step(std::ostringstream& out, const engine::Step& step, bool color) {
  out << action_label(step.primary(), color) << paint(printable(step.address), "bold", color)
      << "\n";
  for (const auto& change : step.changes) {
    out << "    " << action_label(change.action, color) << printable(change.description) << "\n";
    for (const auto& detail : change.details) out << "             " << printable(detail) << "\n";
    for (const auto& risk : change.risks)
      out << "             " << paint("risky (" + risk.code + "): ", "yellow", color)
          << printable(risk.message.substr(risk.message.starts_with("risky change: ") ? 14 : 0))
          << "\n";
    if (!change.diff) continue;
    auto diff = engine::unified_diff(*change.diff);
    if (!diff) {
      out << "        (diff unavailable: " << diff.error().text() << ")\n";
      continue;
    }
    std::istringstream lines(*diff);
    std::string line;
    while (std::getline(lines, line))
      out << "        " << colour_diff_line(printable(line), color) << "\n";
  }
}

}  // namespace

std::string plan_header(const std::filesystem::path& twin, const std::filesystem::path& root) {
  return "Twin: " + twin.string() + ", root: " + root.string() + "\n";
}

bool is_destructive(const Action& a) { return a.effect == engine::Effect::kTakesAway; }

std::string plan_summary_line(const engine::Plan& plan) {
  if (plan.empty()) return "No changes: the machine matches the twin.";
  return fmt::format("Plan: {} step{} ({}).", plan.steps.size(), plan.steps.size() == 1 ? "" : "s",
                     counts(plan));
}

std::string render_plan_summary(const engine::Plan& plan, bool color) {
  std::ostringstream out;
  for (const auto& note : plan.notes) out << "note: " << printable(note) << "\n";
  for (const auto& step : plan.steps)
    out << action_label(step.primary(), color) << printable(step.address) << "\n";
  out << paint(plan_summary_line(plan), "bold", color) << "\n";
  return out.str();
}

std::string render_plan_text(const engine::Plan& plan, bool color) {
  std::ostringstream out;
  for (const auto& note : plan.notes) out << "note: " << printable(note) << "\n";
  if (plan.empty()) {
    out << paint(plan_summary_line(plan), "bold", color) << "\n";
    return out.str();
  }
  out << paint(fmt::format("{} step{} in order: {}.", plan.steps.size(),
                           plan.steps.size() == 1 ? "" : "s", counts(plan)),
               "bold", color)
      << "\n";
  std::vector<const engine::Step*> destructive;
  for (const auto& step : plan.steps)
    if (std::any_of(step.changes.begin(), step.changes.end(),
                    [](const engine::Change& c) { return is_destructive(c.action); }))
      destructive.push_back(&step);
  if (!destructive.empty()) {
    out << paint("Takes away:", "red", color) << "\n";
    for (const auto* step : destructive)
      out << "  " << action_label(step->primary(), color) << printable(step->address) << "\n";
  }
  out << "\n";
  for (const auto& step : plan.steps) render_step(out, step, color);
  out << "\n" << paint(plan_summary_line(plan), "bold", color) << "\n";
  return out.str();
}

}  // namespace twin::cli
