#include "cli/logs_command.h"

#include <algorithm>
#include <iostream>

#include "cli/exit_code.h"
#include "cli/session.h"
#include "engine/durable_io.h"
#include "engine/twin_location.h"
#include "resources/collect_logs.h"

namespace twin::cli {
namespace fs = std::filesystem;

namespace {

/// The value of "captured_at:" in index.yaml, or "".
std::string captured_at(const std::string& index) {
  std::size_t at = index.find("captured_at: ");
  if (at == std::string::npos) return {};
  std::size_t begin = at + 13, end = index.find('\n', begin);
  return index.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

int run_logs(const LogsOptions& options) {
  auto twin_dir = engine::locate_twin(options.twin_dir);
  if (!twin_dir) {
    print_error(twin_dir.error());
    return to_int(ExitCode::kError);
  }
  fs::path current = *twin_dir / "logs" / "current";
  std::error_code ec;
  std::vector<fs::path> logs;
  for (const auto& entry : fs::directory_iterator(current, ec))
    if (entry.is_regular_file(ec) && entry.path().extension() == ".log") logs.push_back(entry.path());
  if (logs.empty()) {
    std::cout << "No logs captured yet: `twin snapshot` captures them.\n";
    return to_int(ExitCode::kOk);
  }
  // The journal first, as the snapshot lists it; then by name.
  std::sort(logs.begin(), logs.end(), [](const fs::path& a, const fs::path& b) {
    bool ja = a.filename() == "journal.log", jb = b.filename() == "journal.log";
    return ja != jb ? ja : a < b;
  });
  auto index = engine::read_whole_file(current / "index.yaml");
  std::string when = index ? captured_at(*index) : "";
  std::cout << "Logs captured " << (when.empty() ? "by the last snapshot" : "at " + when) << " ("
            << current.string() << ")\n\n";

  std::vector<std::pair<std::string, std::string>> texts;
  std::size_t errors = 0;
  for (const auto& path : logs) {
    auto text = engine::read_whole_file(path);
    texts.emplace_back(path.filename().string(), text ? *text : "");
    errors += resources::error_lines(texts.back().second).size();
  }
  std::cout << "Errors (" << errors << "):\n";
  for (const auto& [name, text] : texts)
    for (const auto& line : resources::error_lines(text)) std::cout << "  [" << name << "] " << line << "\n";
  if (errors == 0) std::cout << "  none\n";
  if (options.errors_only) return to_int(ExitCode::kOk);
  for (const auto& [name, text] : texts) {
    std::cout << "\n== " << name << " ==\n" << text;
    if (!text.empty() && text.back() != '\n') std::cout << "\n";
  }
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
