#include "engine/core/checkpoint_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include "engine/core/twin_layout.h"
#include "engine/core/apply_lock.h"
#include "engine/core/checkpoint.h"
#include "engine/core/durable_io.h"

namespace twin::engine {
namespace fs = std::filesystem;
namespace files = checkpoint_files;

namespace {

constexpr std::string_view kDeletingPrefix = ".deleting-";

std::optional<nlohmann::json> read_json_file(const fs::path& path) {
  auto text = read_whole_file(path);
  if (!text) return std::nullopt;
  auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

std::size_t count_json_lines(const fs::path& path) {
  auto text = read_whole_file(path);
  return text ? read_json_lines(*text).size() : 0;
}

std::uint64_t size_of_tree(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) == 0 && S_ISREG(st.st_mode))
      total += static_cast<std::uint64_t>(st.st_size);
  }
  return total;
}

CheckpointState state_of_outcome(const std::string& outcome) {
  if (outcome == kOutcomeCompleted) return CheckpointState::kCompleted;
  if (outcome == kOutcomePartial) return CheckpointState::kPartial;
  if (outcome == kOutcomeRolledBack) return CheckpointState::kRolledBack;
  if (outcome == kOutcomeRollbackIncomplete) return CheckpointState::kRollbackIncomplete;
  if (outcome == kOutcomeUndone) return CheckpointState::kUndone;
  return CheckpointState::kUnknown;
}

/// "20261125T081200Z-4242" → "2026-11-25T08:12:00Z", for checkpoints made
/// before process.json recorded the time.
std::string started_from_id(const std::string& id) {
  if (id.size() < 16 || id[8] != 'T' || id[15] != 'Z') return "";
  return id.substr(0, 4) + "-" + id.substr(4, 2) + "-" + id.substr(6, 2) + "T" + id.substr(9, 2) +
         ":" + id.substr(11, 2) + ":" + id.substr(13, 2) + "Z";
}

long long seconds_to_ns_from_started(const std::string& started) {
  std::tm tm{};
  if (!::strptime(started.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return 0;
  return static_cast<long long>(::timegm(&tm)) * 1000000000LL;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::string_view state_name(CheckpointState state) {
  switch (state) {
    case CheckpointState::kRunning:
      return "running";
    case CheckpointState::kInterrupted:
      return "interrupted";
    case CheckpointState::kCompleted:
      return kOutcomeCompleted;
    case CheckpointState::kPartial:
      return kOutcomePartial;
    case CheckpointState::kRolledBack:
      return kOutcomeRolledBack;
    case CheckpointState::kRollbackIncomplete:
      return kOutcomeRollbackIncomplete;
    case CheckpointState::kUndone:
      return kOutcomeUndone;
    case CheckpointState::kNotStarted:
      return "not-started";
    case CheckpointState::kUnknown:
      break;
  }
  return "unknown";
}

CheckpointInfo inspect_checkpoint(const fs::path& dir) {
  CheckpointInfo info;
  info.dir = dir;
  info.id = dir.filename().string();
  if (auto process = read_json_file(dir / files::kProcess)) {
    info.owner = process_identity_from_json(process->value("process", nlohmann::json()));
    info.started = process->value("started", "");
    info.started_ns = process->value("started_ns", 0LL);
    info.resumes = process->value("resumes", 0);
  }
  if (info.started.empty()) info.started = started_from_id(info.id);
  if (info.started_ns == 0) info.started_ns = seconds_to_ns_from_started(info.started);
  if (auto plan = read_json_file(dir / files::kPlan)) {
    info.twin_dir = plan->value("twin", "");
    info.root = plan->value("root", "");
    if (plan->contains("steps") && (*plan)["steps"].is_array())
      info.steps_planned = (*plan)["steps"].size();
  }
  info.steps_done = count_json_lines(dir / files::kSteps);
  info.undo_records = count_json_lines(dir / files::kJournal);
  info.bytes = size_of_tree(dir);

  std::error_code ec;
  if (fs::exists(dir / files::kOutcome, ec)) {
    auto outcome = read_whole_file(dir / files::kOutcome);
    info.state = state_of_outcome(outcome ? trimmed(*outcome) : "");
  } else if (info.owner && is_running(*info.owner)) {
    info.state = CheckpointState::kRunning;
  } else if (!fs::exists(dir / files::kPlan, ec) && info.undo_records == 0 &&
             info.steps_done == 0) {
    // The plan is saved before the first step runs: without it (the disk
    // was full, or the apply was killed while starting) nothing changed,
    // so nothing blocks the next apply.
    info.state = CheckpointState::kNotStarted;
  } else {
    // No outcome: the apply was killed. Without a recorded owner (an
    // older checkpoint) it cannot be running now.
    info.state = CheckpointState::kInterrupted;
  }
  return info;
}

CheckpointStore::CheckpointStore(const fs::path& twin_dir)
    : dir_(TwinLayout(twin_dir).checkpoints()) {}

Result<std::vector<CheckpointInfo>> CheckpointStore::list() const {
  std::vector<CheckpointInfo> out;
  std::error_code ec;
  if (!fs::exists(dir_, ec)) return out;
  for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::error_code kind_ec;  // an odd entry is skipped, not a failed listing
    // Dot names are checkpoints being deleted, or not checkpoints at all.
    if (name.empty() || name[0] == '.' || it->is_symlink(kind_ec) || !it->is_directory(kind_ec))
      continue;
    out.push_back(inspect_checkpoint(it->path()));
  }
  if (ec) return make_error("E1002", "cannot list checkpoints: " + ec.message(), dir_.string());
  std::sort(out.begin(), out.end(), [](const CheckpointInfo& a, const CheckpointInfo& b) {
    if (a.started_ns != b.started_ns) return a.started_ns > b.started_ns;
    return a.id > b.id;
  });
  return out;
}

Result<CheckpointInfo> CheckpointStore::find(std::string_view id_or_prefix) const {
  auto all = list();
  if (!all) return all.error();
  std::vector<const CheckpointInfo*> matches;
  for (const auto& info : *all) {
    if (info.id == id_or_prefix) return info;
    if (!id_or_prefix.empty() && info.id.compare(0, id_or_prefix.size(), id_or_prefix) == 0)
      matches.push_back(&info);
  }
  if (matches.size() == 1) return *matches.front();
  if (matches.empty())
    return make_error(
        "E1602", "no checkpoint `" + std::string(id_or_prefix) + "`; `twin checkpoints` lists them",
        dir_.string());
  std::string names;
  for (const auto* m : matches) names += (names.empty() ? "" : ", ") + m->id;
  return make_error("E1603", "`" + std::string(id_or_prefix) + "` matches " +
                                 std::to_string(matches.size()) + " checkpoints: " + names +
                                 "; give more of the id");
}

Result<CheckpointInfo> CheckpointStore::latest() const {
  auto all = list();
  if (!all) return all.error();
  if (all->empty())
    return make_error("E1602", "this twin has no checkpoints: nothing was applied yet",
                      dir_.string());
  return all->front();
}

Result<std::optional<CheckpointInfo>> CheckpointStore::interrupted() const {
  auto all = list();
  if (!all) return all.error();
  for (auto& info : *all)
    if (info.state == CheckpointState::kInterrupted) return std::optional(std::move(info));
  return std::optional<CheckpointInfo>();
}

fs::path CheckpointStore::new_checkpoint_dir() const {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  std::string id = std::string(stamp) + "-" + std::to_string(::getpid());
  fs::path dir = dir_ / id;
  std::error_code ec;
  // One process applying twice within a second (tests, a future daemon).
  for (int n = 2; fs::exists(dir, ec); ++n) dir = dir_ / (id + "." + std::to_string(n));
  return dir;
}

Result<std::vector<CheckpointInfo>> CheckpointStore::prune(
    const RetentionPolicy& policy, const std::set<std::string>& protect) const {
  std::error_code ec;
  // Finish deletions a killed prune left behind.
  for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    if (it->path().filename().string().rfind(kDeletingPrefix, 0) == 0) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  auto all = list();
  if (!all) return all.error();
  std::vector<RetentionCandidate> candidates;
  for (const auto& info : *all) candidates.push_back({info.id, info.bytes, info.finished()});
  auto doomed = select_for_pruning(candidates, policy, protect);

  std::vector<CheckpointInfo> deleted;
  for (const auto& info : *all) {
    if (std::find(doomed.begin(), doomed.end(), info.id) == doomed.end()) continue;
    fs::path away = dir_ / (std::string(kDeletingPrefix) + info.id);
    fs::rename(info.dir, away, ec);
    if (ec)
      return make_error("E1002", "cannot delete checkpoint: " + ec.message(), info.dir.string());
    fs::remove_all(away, ec);
    if (ec) return make_error("E1002", "cannot delete checkpoint: " + ec.message(), away.string());
    deleted.push_back(info);
  }
  return deleted;
}

}  // namespace twin::engine
