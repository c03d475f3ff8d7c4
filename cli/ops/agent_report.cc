#include "cli/ops/agent_report.h"

#include <fmt/format.h>
#include <sys/time.h>

#include <algorithm>
#include <ctime>

#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"

namespace twin::ops {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

/// The run files, sorted by name (oldest first: names are UTC stamps).
std::vector<fs::path> run_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string utc_format(const char* format, std::time_t seconds) {
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, format, &utc);
  return text;
}

}  // namespace


std::string utc_now_iso() { return utc_format("%Y-%m-%dT%H:%M:%SZ", std::time(nullptr)); }

std::string utc_now_stamp() {
  timeval now{};
  ::gettimeofday(&now, nullptr);
  return fmt::format("{}.{:06d}Z", utc_format("%Y%m%dT%H%M%S", now.tv_sec),
                     static_cast<long>(now.tv_usec));
}

json agent_report_to_json(const AgentReport& r) {
  json out = {
      {"version", kAgentReportVersion},
      {"host", r.host},
      {"twin", r.twin},
      {"root", r.root},
      {"started_at", r.started_at},
      {"finished_at", r.finished_at},
      {"policy", r.policy},
      {"commit",
       {{"before", text_or_null(r.commit_before)}, {"after", text_or_null(r.commit_after)}}},
      {"pull",
       {{"outcome", r.pull_outcome},
        {"remote", text_or_null(r.remote)},
        {"commits", r.pulled},
        {"note", text_or_null(r.pull_note)}}}};
  if (r.planned)
    out["plan"] = {{"steps", r.steps.size()},
                   {"counts", r.counts},
                   {"lines", r.steps},
                   {"package_removals", r.package_removals}};
  else
    out["plan"] = nullptr;
  json risky = json::array();
  for (const auto& f : r.risky)
    risky.push_back({{"code", f.code},
                     {"message", f.message},
                     {"address", f.address},
                     {"file", f.file},
                     {"line", f.line}});
  out["risky"] = risky;
  out["decision"] = {{"outcome", r.decision}, {"reason", r.reason}};
  if (r.apply_outcome.empty())
    out["apply"] = nullptr;
  else
    out["apply"] = {{"outcome", r.apply_outcome},
                    {"checkpoint", text_or_null(r.checkpoint)},
                    {"applied_steps", r.applied_steps},
                    {"failures", r.apply_failures}};
  out["snapshot"] = {{"outcome", r.snapshot_outcome},
                     {"commit", text_or_null(r.snapshot_commit)},
                     {"note", text_or_null(r.snapshot_note)}};
  out["push"] = {{"outcome", r.push_outcome}, {"note", text_or_null(r.push_note)}};
  out["errors"] = r.errors;
  out["exit_code"] = r.exit_code;
  return out;
}

engine::Result<fs::path> save_agent_report(const fs::path& twin_dir, const AgentReport& report) {
  fs::path dir = engine::TwinLayout(twin_dir).agent();
  fs::path runs = dir / "runs";
  if (auto made = engine::make_dirs(runs, 0700); !made) return made.error();
  std::string text = agent_report_to_json(report).dump(2) + "\n";
  // The lock keeps runs apart, so a clash needs two runs in one microsecond;
  // a new stamp is taken rather than overwriting.
  fs::path path;
  std::error_code ec;
  do path = runs / (utc_now_stamp() + ".json");
  while (fs::exists(path, ec));
  if (auto st = engine::write_file_durably(path, text, 0600); !st) return st.error();
  if (auto st = engine::write_file_durably(dir / "last.json", text, 0600); !st) return st.error();
  auto files = run_files(runs);
  for (std::size_t i = 0; i + kAgentRunsKept < files.size(); ++i) fs::remove(files[i], ec);
  return path;
}

std::vector<json> load_agent_runs(const fs::path& twin_dir, std::size_t limit,
                                  std::vector<fs::path>* unreadable) {
  auto files = run_files(engine::TwinLayout(twin_dir).agent() / "runs");
  std::size_t first = limit == 0 || files.size() <= limit ? 0 : files.size() - limit;
  std::vector<json> runs;
  for (std::size_t i = first; i < files.size(); ++i) {
    auto text = engine::read_whole_file(files[i]);
    json parsed = text ? json::parse(*text, nullptr, false) : json(json::value_t::discarded);
    if (parsed.is_discarded() || !parsed.is_object()) {
      if (unreadable) unreadable->push_back(files[i]);
      continue;
    }
    runs.push_back(std::move(parsed));
  }
  return runs;
}

}  // namespace twin::ops
