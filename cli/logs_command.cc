#include "cli/logs_command.h"

#include <algorithm>
#include <iostream>
#include <optional>
#include <regex>
#include <string_view>

#include "cli/exit_code.h"
#include "cli/json_output.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "engine/core/twin_layout.h"
#include "engine/core/durable_io.h"
#include "engine/repo/twin_location.h"
#include "resources/collect_logs.h"

namespace twin::cli {
namespace fs = std::filesystem;

namespace {

/// Error lines are listed one per line: a multi-KB line (apt's history) is
/// cut, saying how much was left out; `twin logs` without --errors and
/// --json show it whole.
constexpr std::size_t kListedLineBytes = 200;

std::string cut(std::string_view line) {
  if (line.size() <= kListedLineBytes) return std::string(line);
  std::size_t end = kListedLineBytes;
  while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;  // UTF-8
  return std::string(line.substr(0, end)) + "… (" + std::to_string(line.size() - end) +
         " more bytes)";
}

/// The value of "captured_at:" in index.yaml, or "".
std::string captured_at(const std::string& index) {
  std::size_t at = index.find("captured_at: ");
  if (at == std::string::npos) return {};
  std::size_t begin = at + 13, end = index.find('\n', begin);
  return index.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

/// logs/current/*.log: the journal first, as the snapshot lists it; then by name.
std::vector<fs::path> captured_logs(const fs::path& current) {
  std::error_code ec;
  std::vector<fs::path> logs;
  for (const auto& entry : fs::directory_iterator(current, ec))
    if (entry.is_regular_file(ec) && entry.path().extension() == ".log")
      logs.push_back(entry.path());
  std::sort(logs.begin(), logs.end(), [](const fs::path& a, const fs::path& b) {
    bool ja = a.filename() == "journal.log", jb = b.filename() == "journal.log";
    return ja != jb ? ja : a < b;
  });
  return logs;
}

/// --grep: "LOGNAME:LINE: text" for every matching line (error lines only
/// with --errors). No match is not an error: the menu shows the answer.
int grep_logs(const std::vector<fs::path>& logs, const std::regex& pattern,
              const LogsOptions& options) {
  std::size_t matches = 0;
  nlohmann::json found = nlohmann::json::array();
  for (const auto& path : logs) {
    auto text = engine::read_whole_file(path);
    if (!text) continue;
    std::string name = path.filename().string();
    std::string_view rest = *text;
    for (std::size_t number = 1; !rest.empty(); ++number) {
      std::size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
      if (options.errors_only && !resources::is_error_line(line)) continue;
      try {
        if (!std::regex_search(line.begin(), line.end(), pattern)) continue;
      } catch (const std::regex_error& e) {
        print_error(engine::make_error("E1222",
                                       std::string("the --grep pattern is too costly to "
                                                   "match: ") +
                                           e.what(),
                                       options.grep));
        return to_int(ExitCode::kError);
      }
      if (options.json)
        found.push_back({{"log", name}, {"line", number}, {"text", line}});
      else
        std::cout << name << ":" << number << ": " << line << "\n";
      ++matches;
    }
  }
  if (options.json) {
    nlohmann::json report = json_report("logs", 1);
    report["grep"] = options.grep;
    report["errors_only"] = options.errors_only;
    report["matches"] = std::move(found);
    print_json(report);
    return to_int(ExitCode::kOk);
  }
  if (matches == 0)
    std::cout << "No " << (options.errors_only ? "error line" : "line") << " matches `"
              << options.grep << "` in the captured logs.\n";
  return to_int(ExitCode::kOk);
}

}  // namespace

int run_logs(const LogsOptions& options) {
  std::optional<std::regex> pattern;
  if (!options.grep.empty()) {
    try {
      auto flags = std::regex::ECMAScript;
      if (options.ignore_case) flags |= std::regex::icase;
      pattern.emplace(options.grep, flags);
    } catch (const std::regex_error& e) {
      print_error(engine::make_error(
          "E1222", std::string("not a valid --grep pattern (ECMAScript regex): ") + e.what(),
          options.grep));
      return to_int(ExitCode::kError);
    }
  }
  auto twin_dir = find_twin(options.twin_dir, options.json ? std::cerr : std::cout);
  if (!twin_dir) {
    print_error(twin_dir.error());
    return to_int(ExitCode::kError);
  }
  fs::path current = engine::TwinLayout(*twin_dir).current_logs();
  std::vector<fs::path> logs = captured_logs(current);
  if (logs.empty() && !options.json) {
    std::cout << "No logs captured yet: `twin snapshot` captures them.\n";
    return to_int(ExitCode::kOk);
  }
  if (pattern) return grep_logs(logs, *pattern, options);
  auto index = engine::read_whole_file(current / "index.yaml");
  std::string when = index ? captured_at(*index) : "";
  if (options.json) {
    nlohmann::json report = json_report("logs", 1);
    report["captured_at"] = when.empty() ? nlohmann::json() : nlohmann::json(when);
    report["logs"] = nlohmann::json::array();
    for (const auto& path : logs) {
      auto text = engine::read_whole_file(path);
      std::string body = text ? *text : "";
      nlohmann::json errors = nlohmann::json::array();
      std::string_view rest = body;
      for (std::size_t number = 1; !rest.empty(); ++number) {
        std::size_t end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        if (resources::is_error_line(line)) errors.push_back({{"line", number}, {"text", line}});
      }
      nlohmann::json log = {{"name", path.filename().string()}, {"errors", std::move(errors)}};
      if (!options.errors_only) log["text"] = body;
      report["logs"].push_back(std::move(log));
    }
    print_json(report);
    return to_int(ExitCode::kOk);
  }
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
    for (const auto& line : resources::error_lines(text))
      std::cout << "  [" << name << "] " << cut(line) << "\n";
  if (errors == 0) std::cout << "  none\n";
  if (options.errors_only) return to_int(ExitCode::kOk);
  for (const auto& [name, text] : texts) {
    std::cout << "\n== " << name << " ==\n" << text;
    if (!text.empty() && text.back() != '\n') std::cout << "\n";
  }
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
