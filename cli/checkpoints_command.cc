#include "cli/checkpoints_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "cli/console_reporter.h"
#include "cli/ops/apply_transaction.h"
#include "cli/exit_code.h"
#include "cli/json_output.h"
#include "cli/twin_location.h"
#include "engine/core/twin_layout.h"
#include "engine/core/apply_lock.h"
#include "engine/core/checkpoint.h"
#include "engine/core/durable_io.h"

namespace twin::cli {
namespace {

using engine::CheckpointInfo;
using engine::CheckpointState;

std::string when(const CheckpointInfo& info) {
  std::string text = info.started;  // 2026-11-25T08:12:00Z
  if (text.size() == 20) text = text.substr(0, 10) + " " + text.substr(11, 8);
  return text.empty() ? "?" : text;
}

std::string steps_column(const CheckpointInfo& info) {
  return std::to_string(info.steps_done) + "/" + std::to_string(info.steps_planned);
}

std::string retention_text(const engine::RetentionPolicy& policy) {
  return fmt::format("the last {} applies, at most {} MB ({})", policy.keep, policy.max_mb,
                     policy.from_config ? std::string(engine::layout::kConfig) : "default");
}

std::optional<nlohmann::json> read_plan(const CheckpointInfo& info, const char* file) {
  auto text = engine::read_whole_file(info.dir / file);
  if (!text) return std::nullopt;
  auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

std::string plan_summary(const nlohmann::json& plan) {
  std::size_t steps = plan.contains("steps") && plan["steps"].is_array() ? plan["steps"].size() : 0;
  std::string counts;
  if (plan.contains("summary") && plan["summary"].is_object() &&
      plan["summary"].contains("actions") && plan["summary"]["actions"].is_object())
    for (const auto& [action, n] : plan["summary"]["actions"].items())
      counts += (counts.empty() ? "" : ", ") + n.dump() + " " + action;
  return fmt::format("{} step(s){}", steps, counts.empty() ? "" : " (" + counts + ")");
}

/// The steps of a plan, each marked done when steps.jsonl names it.
std::string plan_steps(const nlohmann::json& plan, const std::multiset<std::string>& done) {
  std::string out;
  if (!plan.contains("steps") || !plan["steps"].is_array()) return out;
  for (const auto& step : plan["steps"]) {
    if (!step.is_object()) continue;
    std::string address = step.value("address", "?");
    out += fmt::format("  {:<5} {:<7} {}\n", done.count(address) ? "done" : "-",
                       step.value("action", "?"), address);
    if (!step.contains("changes") || !step["changes"].is_array()) continue;
    for (const auto& change : step["changes"])
      if (change.is_object())
        out += fmt::format("          {:<7} {}\n", change.value("action", ""),
                           change.value("description", ""));
  }
  return out;
}

nlohmann::json checkpoint_json(const CheckpointInfo& info) {
  nlohmann::json j = {{"id", info.id},
                      {"started", info.started},
                      {"outcome", state_name(info.state)},
                      {"steps_done", info.steps_done},
                      {"steps_planned", info.steps_planned},
                      {"undo_records", info.undo_records},
                      {"resumes", info.resumes},
                      {"bytes", info.bytes},
                      {"twin", info.twin_dir},
                      {"root", info.root}};
  if (!info.finished() && info.owner) j["pid"] = info.owner->pid;
  return j;
}

int list(const std::filesystem::path& twin, bool json) {
  auto all = engine::CheckpointStore(twin).list();
  if (!all) {
    print_error(all.error());
    return to_int(ExitCode::kError);
  }
  if (json) {
    auto retention = engine::read_retention(twin);
    if (!retention) {
      print_error(retention.error());
      return to_int(ExitCode::kError);
    }
    nlohmann::json report = json_report("checkpoints", 1);
    report["twin"] = twin.string();
    report["retention"] = {{"keep", retention->keep}, {"max_mb", retention->max_mb}};
    report["checkpoints"] = nlohmann::json::array();
    for (const auto& info : *all) report["checkpoints"].push_back(checkpoint_json(info));
    print_json(report);
    return to_int(ExitCode::kOk);
  }
  if (all->empty()) {
    std::cout << "No checkpoints: nothing has been applied from this twin yet.\n";
    return to_int(ExitCode::kOk);
  }
  std::cout << render_checkpoint_table(*all);
  std::uint64_t total = 0;
  for (const auto& info : *all) total += info.bytes;
  std::cout << "\n" << all->size() << " checkpoint(s), " << human_size(total) << " in total.";
  auto retention = engine::read_retention(twin);
  if (retention) std::cout << " Retention: " << retention_text(*retention) << ".";
  std::cout << "\n";
  for (const auto& info : *all) {
    if (info.state != CheckpointState::kInterrupted) continue;
    std::string flags = info.root.empty() ? "" : ops::target_flags(twin, info.root);
    std::cout << "The apply " << info.id << " was interrupted: undo it with `twin rollback "
              << info.id << flags << "` or finish it with `twin apply --resume" << flags << "`.\n";
  }
  if (!retention) {
    print_error(retention.error());
    return to_int(ExitCode::kError);
  }
  return to_int(ExitCode::kOk);
}

int show(const std::filesystem::path& twin, const std::string& id, bool json) {
  if (id.empty()) {
    print_error(engine::make_error("E1602",
                                   "`twin checkpoints show` needs an ID; "
                                   "`twin checkpoints` lists them"));
    return to_int(ExitCode::kError);
  }
  auto info = engine::CheckpointStore(twin).find(id);
  if (!info) {
    print_error(info.error());
    return to_int(ExitCode::kError);
  }
  if (json) {
    nlohmann::json report = json_report("checkpoint", 1);
    report["checkpoint"] = checkpoint_json(*info);
    nlohmann::json done = nlohmann::json::array();
    if (auto cp = engine::Checkpoint::open(info->dir))
      for (const auto& step : cp->steps_done()) done.push_back(step.address);
    report["steps_done"] = std::move(done);
    // The plans as the apply saved them (plan format, §4), null when none was.
    auto plan = read_plan(*info, engine::checkpoint_files::kPlan);
    report["plan"] = plan ? *plan : nlohmann::json(nullptr);
    auto resumed = read_plan(*info, engine::checkpoint_files::kResumedPlan);
    report["resumed_plan"] = resumed ? *resumed : nlohmann::json(nullptr);
    print_json(report);
    return to_int(ExitCode::kOk);
  }
  std::cout << render_checkpoint_details(*info);
  return to_int(ExitCode::kOk);
}

int prune(const std::filesystem::path& twin) {
  auto retention = engine::read_retention(twin);
  if (!retention) {
    print_error(retention.error());
    return to_int(ExitCode::kError);
  }
  auto lock = engine::ApplyLock::acquire(twin);
  if (!lock) {
    print_error(lock.error());
    return to_int(ExitCode::kError);
  }
  engine::CheckpointStore store(twin);
  auto pruned = store.prune(*retention);
  if (!pruned) {
    print_error(pruned.error());
    return to_int(ExitCode::kError);
  }
  std::uint64_t freed = 0;
  for (const auto& info : *pruned) {
    std::cout << "Deleted " << info.id << " (" << state_name(info.state) << ", "
              << human_size(info.bytes) << ")\n";
    freed += info.bytes;
  }
  auto left = store.list();
  std::size_t kept = left ? left->size() : 0;
  if (pruned->empty())
    std::cout << "Nothing to prune: " << kept << " checkpoint(s) within the retention, "
              << retention_text(*retention) << ".\n";
  else
    std::cout << "Pruned " << pruned->size() << " checkpoint(s), freed " << human_size(freed)
              << "; kept " << kept << " (" << retention_text(*retention) << ").\n";
  return to_int(ExitCode::kOk);
}

}  // namespace

std::string human_size(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KB", bytes / 1024.0);
  if (bytes < 1024ull * 1024 * 1024) return fmt::format("{:.1f} MB", bytes / (1024.0 * 1024));
  return fmt::format("{:.1f} GB", bytes / (1024.0 * 1024 * 1024));
}

std::string render_checkpoint_table(const std::vector<CheckpointInfo>& checkpoints) {
  struct Row {
    std::string id, started, outcome, steps, size, root;
  };
  std::vector<Row> rows = {{"ID", "STARTED (UTC)", "OUTCOME", "STEPS", "SIZE", "ROOT"}};
  for (const auto& info : checkpoints)
    rows.push_back({info.id, when(info), std::string(state_name(info.state)), steps_column(info),
                    human_size(info.bytes), info.root.empty() ? "?" : info.root});
  std::size_t w[5] = {};
  for (const auto& r : rows) {
    w[0] = std::max(w[0], r.id.size());
    w[1] = std::max(w[1], r.started.size());
    w[2] = std::max(w[2], r.outcome.size());
    w[3] = std::max(w[3], r.steps.size());
    w[4] = std::max(w[4], r.size.size());
  }
  std::string out;
  for (const auto& r : rows)
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {:>{}}  {:>{}}  {}\n", r.id, w[0], r.started, w[1],
                       r.outcome, w[2], r.steps, w[3], r.size, w[4], r.root);
  return out;
}

std::string render_checkpoint_details(const CheckpointInfo& info) {
  std::string out = "Checkpoint " + info.id + "\n";
  out += "  started:  " + when(info) + " UTC\n";
  out += "  outcome:  " + std::string(state_name(info.state)) + "\n";
  if (!info.finished() && info.owner)
    out += "  process:  " + std::to_string(info.owner->pid) +
           (info.state == CheckpointState::kRunning ? " (running)\n" : " (gone)\n");
  if (info.resumes > 0) out += "  resumed:  " + std::to_string(info.resumes) + " time(s)\n";
  out += "  twin:     " + (info.twin_dir.empty() ? "?" : info.twin_dir) + "\n";
  out += "  root:     " + (info.root.empty() ? "?" : info.root) + "\n";
  out += fmt::format("  steps:    {} of {} done; {} undo record(s); {}\n", info.steps_done,
                     info.steps_planned, info.undo_records, human_size(info.bytes));
  out += "  folder:   " + info.dir.string() + "\n";

  std::multiset<std::string> done;
  if (auto cp = engine::Checkpoint::open(info.dir))
    for (const auto& step : cp->steps_done()) done.insert(step.address);
  auto plan = read_plan(info, engine::checkpoint_files::kPlan);
  if (!plan) return out + "\nNo plan was saved: the apply stopped before its first step.\n";
  out += "\nPlan: " + plan_summary(*plan) + "\n" + plan_steps(*plan, done);
  if (auto resumed = read_plan(info, engine::checkpoint_files::kResumedPlan))
    out += "\nRemaining plan when last resumed: " + plan_summary(*resumed) + "\n" +
           plan_steps(*resumed, done);
  return out;
}

int run_checkpoints(const CheckpointsOptions& options) {
  auto twin = locate_twin(options.twin_dir, options.json ? std::cerr : std::cout);
  if (!twin) return to_int(ExitCode::kError);
  if (options.action.empty()) return list(*twin, options.json);
  if (options.action == "show") return show(*twin, options.id, options.json);
  if (options.action == "prune" && options.id.empty()) return prune(*twin);
  if (options.action == "prune") {
    print_error(engine::make_error("E1602",
                                   "`twin checkpoints prune` takes no ID: it keeps what "
                                   "the retention setting says and deletes the rest"));
    return to_int(ExitCode::kError);
  }
  print_error(engine::make_error(
      "E1602", "unknown action `" + options.action + "`: use `show ID` or `prune`"));
  return to_int(ExitCode::kError);
}

}  // namespace twin::cli
