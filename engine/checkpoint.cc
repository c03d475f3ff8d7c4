#include "engine/checkpoint.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "engine/durable_io.h"

namespace twin::engine {
namespace {

constexpr const char* kJournal = "journal.jsonl";
constexpr const char* kBlobs = "blobs";
constexpr const char* kOutcome = "outcome";

}  // namespace

Result<Checkpoint> Checkpoint::create(std::filesystem::path dir) {
  if (auto made = make_dirs(dir.parent_path(), 0700); !made) return made.error();
  if (::mkdir(dir.c_str(), 0700) != 0)
    return make_error("E1002", std::string("cannot create checkpoint: ") + std::strerror(errno),
                      dir.string());
  if (::mkdir((dir / kBlobs).c_str(), 0700) != 0)
    return make_error("E1002", std::string("cannot create checkpoint: ") + std::strerror(errno),
                      (dir / kBlobs).string());
  // An empty journal marks the apply as started, before any step runs.
  if (auto st = write_file_durably(dir / kJournal, ""); !st) return st.error();
  return Checkpoint(std::move(dir));
}

Result<Checkpoint> Checkpoint::open(std::filesystem::path dir) {
  auto text = read_whole_file(dir / kJournal);
  if (!text) return text.error();
  Checkpoint cp(std::move(dir));
  std::istringstream lines(*text);
  std::string line;
  int line_no = 0;
  while (std::getline(lines, line)) {
    ++line_no;
    if (line.empty()) continue;
    auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    // A torn last line means we were killed while appending it: the step it
    // would protect never ran, so it is safe to ignore.
    if (json.is_discarded() || !json.is_object()) continue;
    cp.records_.push_back(UndoRecord{json.value("type", ""), json.value("address", ""),
                                     json.value("data", nlohmann::json::object())});
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(cp.dir_ / kBlobs, ec)) {
    (void)entry;
    ++cp.next_blob_;
  }
  return cp;
}

Result<std::string> Checkpoint::save_blob(std::string_view bytes) {
  std::string id = std::to_string(next_blob_++);
  if (auto st = write_file_durably(dir_ / kBlobs / id, bytes); !st) return st.error();
  return id;
}

Result<std::string> Checkpoint::read_blob(const std::string& id) const {
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    return make_error("E1003", "invalid blob id in checkpoint journal", id);
  return read_whole_file(dir_ / kBlobs / id);
}

Status Checkpoint::record(UndoRecord record) {
  nlohmann::json line = {{"type", record.type}, {"address", record.address}, {"data", record.data}};
  if (auto st = append_line_durably(dir_ / kJournal, line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)); !st) return st;
  records_.push_back(std::move(record));
  return {};
}

Status Checkpoint::finish(std::string_view outcome) {
  return write_file_durably(dir_ / kOutcome, std::string(outcome) + "\n");
}

}  // namespace twin::engine
