#include "engine/core/checkpoint.h"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <sstream>

#include "engine/core/durable_io.h"
#include "engine/core/process_identity.h"

namespace twin::engine {
namespace files = checkpoint_files;

namespace {

Error create_error(const std::filesystem::path& path) {
  return make_error("E1002", std::string("cannot create checkpoint: ") + std::strerror(errno),
                    path.string());
}

std::string json_line(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// "2026-11-25T08:12:00Z" and nanoseconds since the epoch, for ordering
/// applies that start within the same second.
std::pair<std::string, long long> now_utc() {
  auto now = std::chrono::system_clock::now();
  long long ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {text, ns};
}

/// Whether every blob a journal line lists ({"id", "size"}) is in `dir`'s
/// blobs/ with that size. Lines written before blobs were listed have none.
bool blobs_on_disk(const std::filesystem::path& dir, const nlohmann::json& line) {
  auto it = line.find("blobs");
  if (it == line.end() || !it->is_array()) return true;
  for (const auto& blob : *it) {
    if (!blob.is_object() || !blob.contains("id") || !blob["id"].is_string() ||
        !blob.contains("size") || !blob["size"].is_number_unsigned())
      return false;
    std::string id = blob["id"].get<std::string>();
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) return false;
    std::error_code ec;
    auto size = std::filesystem::file_size(dir / files::kBlobs / id, ec);
    if (ec || size != blob["size"].get<std::uint64_t>()) return false;
  }
  return true;
}

}  // namespace

std::vector<nlohmann::json> read_json_lines(std::string_view text) {
  std::vector<nlohmann::json> out;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    // A torn last line means we were killed while appending it: the step it
    // would protect never ran, so it is safe to ignore.
    if (json.is_discarded() || !json.is_object()) continue;
    out.push_back(std::move(json));
  }
  return out;
}

Result<Checkpoint> Checkpoint::create(std::filesystem::path dir) {
  if (auto made = make_dirs(dir.parent_path(), 0700); !made) return made.error();
  if (::mkdir(dir.c_str(), 0700) != 0) return create_error(dir);
  Checkpoint cp(std::move(dir));
  auto written = [&]() -> Status {
    if (::mkdir((cp.dir_ / files::kBlobs).c_str(), 0700) != 0)
      return create_error(cp.dir_ / files::kBlobs);
    // The owner is known before the journal exists, so a checkpoint that
    // has a journal always says which process to check for "still running".
    if (auto st = cp.write_process_file(0); !st) return st;
    if (auto st = write_file_durably(cp.dir_ / files::kOutcomeReserve,
                                     std::string(files::kOutcomeReserveBytes, '\0'));
        !st)
      return st;
    // An empty journal marks the apply as started, before any step runs.
    return write_file_durably(cp.dir_ / files::kJournal, "");
  }();
  if (!written) {
    cp.discard_unstarted();
    return written.error();
  }
  return cp;
}

Result<Checkpoint> Checkpoint::open(std::filesystem::path dir) {
  auto text = read_whole_file(dir / files::kJournal);
  if (!text) return text.error();
  Checkpoint cp(std::move(dir));
  auto lines = read_json_lines(*text);
  // Only the last line can have reached the disk before the sync that
  // would have made its blobs durable (a crash between the two): its
  // change was never made, so like a torn line it is dropped.
  if (!lines.empty() && !blobs_on_disk(cp.dir_, lines.back())) lines.pop_back();
  for (auto& json : lines)
    cp.records_.push_back(UndoRecord{json.value("type", ""), json.value("address", ""),
                                     json.value("data", nlohmann::json::object())});
  std::error_code ec;
  if (std::filesystem::exists(cp.dir_ / files::kSteps, ec)) {
    auto steps = read_whole_file(cp.dir_ / files::kSteps);
    if (!steps) return steps.error();
    for (auto& json : read_json_lines(*steps))
      cp.steps_done_.push_back({json.value("address", ""), json.value("action", "")});
  }
  // Blob ids are assigned in order; continue after the highest one (a
  // leftover temp file of a torn write is not a blob).
  for (const auto& entry : std::filesystem::directory_iterator(cp.dir_ / files::kBlobs, ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name.size() > 15 ||
        name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    cp.next_blob_ = std::max(cp.next_blob_, std::stol(name) + 1);
  }
  return cp;
}

Result<std::string> Checkpoint::save_blob(std::string_view bytes) {
  std::string id = std::to_string(next_blob_++);
  if (auto st = write_file_unsynced(dir_ / files::kBlobs / id, bytes); !st) return st.error();
  unsynced_blobs_.push_back({{"id", id}, {"size", bytes.size()}});
  return id;
}

Result<std::string> Checkpoint::read_blob(const std::string& id) const {
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    return make_error("E1003", "invalid blob id in checkpoint journal", id);
  return read_whole_file(dir_ / files::kBlobs / id);
}

Status Checkpoint::record(UndoRecord record) {
  nlohmann::json line = {{"type", record.type}, {"address", record.address}, {"data", record.data}};
  if (!unsynced_blobs_.empty()) line["blobs"] = unsynced_blobs_;
  if (auto st = append_line_unsynced(dir_ / files::kJournal, json_line(line)); !st) return st;
  // One sync for the blobs, this line and the step lines before it: fewer
  // flushes than an fsync of each file and directory, and nothing of the
  // change it protects has been made yet.
  if (auto st = sync_filesystem(dir_); !st) return st;
  unsynced_blobs_ = nlohmann::json::array();
  records_.push_back(std::move(record));
  return {};
}

Status Checkpoint::save_plan(const nlohmann::json& plan) {
  return write_file_durably(
      dir_ / files::kPlan,
      plan.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

Status Checkpoint::resume(const nlohmann::json& remaining_plan) {
  int resumes = 0;
  if (auto text = read_whole_file(dir_ / files::kProcess)) {
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_object() && json.contains("resumes") && json["resumes"].is_number_integer())
      resumes = json["resumes"].get<int>();
  }
  if (auto st = write_process_file(resumes + 1); !st) return st;
  return write_file_durably(
      dir_ / files::kResumedPlan,
      remaining_plan.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

Status Checkpoint::record_step_done(std::string_view address, std::string_view action) {
  nlohmann::json line = {{"address", address}, {"action", action}};
  if (auto st = append_line_unsynced(dir_ / files::kSteps, json_line(line)); !st) return st;
  steps_done_.push_back({std::string(address), std::string(action)});
  return {};
}

Status Checkpoint::finish(std::string_view outcome) {
  if (auto st = sync_filesystem(dir_); !st) return st;
  std::string text = std::string(outcome) + "\n";
  std::error_code ec;
  if (std::filesystem::exists(dir_ / files::kOutcomeReserve, ec))
    return write_into_reserve(dir_ / files::kOutcomeReserve, dir_ / files::kOutcome, text);
  return write_file_durably(dir_ / files::kOutcome, text);
}

void Checkpoint::discard_unstarted() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

Status Checkpoint::write_process_file(int resumes) {
  nlohmann::json process = {{"process", to_json(current_process())}, {"resumes", resumes}};
  // A resumed apply keeps the time it first started: that is when it began
  // changing the machine, and what orders it among the others.
  if (auto old = read_whole_file(dir_ / files::kProcess)) {
    auto json = nlohmann::json::parse(*old, nullptr, false);
    if (json.is_object() && json.contains("started") && json.contains("started_ns")) {
      process["started"] = json["started"];
      process["started_ns"] = json["started_ns"];
    }
  }
  if (!process.contains("started")) {
    auto [text, ns] = now_utc();
    process["started"] = text;
    process["started_ns"] = ns;
  }
  return write_file_durably(dir_ / files::kProcess, json_line(process) + "\n");
}

}  // namespace twin::engine
