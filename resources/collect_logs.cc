#include "resources/collect_logs.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "resources/collect_walk.h"

namespace twin::resources {
namespace {

constexpr char kJournalctl[] = "/bin/journalctl";

std::size_t count_lines(std::string_view text) {
  std::size_t n = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return n + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

engine::Command journalctl(const engine::Host& host, std::vector<std::string> args) {
  engine::Command cmd;
  cmd.program = kJournalctl;
  if (!host.is_system_root()) cmd.args.push_back("--root=" + host.root().string());
  cmd.args.insert(cmd.args.end(), {"--no-pager", "--quiet"});
  cmd.args.insert(cmd.args.end(), args.begin(), args.end());
  cmd.env = {{"LC_ALL", "C"}, {"SYSTEMD_PAGER", ""}, {"SYSTEMD_COLORS", "0"},
             {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}};
  cmd.timeout = std::chrono::seconds(60);
  return cmd;
}

/// The journal's tail and its error count, or a note saying why not.
void collect_journal(const engine::Host& host, std::size_t max_lines, LogsCollection& out) {
  auto tail = host.runner().run(
      journalctl(host, {"-n", std::to_string(max_lines), "-o", "short-iso"}));
  if (!tail || !tail->succeeded() || tail->out.empty()) {
    out.notes.push_back("journal: not captured (journalctl cannot read a journal for this root)");
    return;
  }
  CollectedLog log{"journal.log", "journal", last_lines(tail->out, max_lines), 0, 0};
  log.lines = count_lines(log.text);
  // Errors of the current boot; the count is capped so a noisy machine
  // cannot make the snapshot slow.
  auto errors = host.runner().run(journalctl(host, {"-p", "err", "-b", "-n", "10000", "-o", "cat"}));
  if (errors && errors->succeeded()) log.errors = count_lines(errors->out);
  out.logs.push_back(std::move(log));
}

}  // namespace

bool is_error_line(std::string_view line) {
  static constexpr std::array<std::string_view, 9> kWords = {
      "error", "fail", "fatal", "crit", "emerg", "alert", "panic", "denied", "segfault"};
  std::string low(line);
  std::transform(low.begin(), low.end(), low.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // A word's start, so "failed" and "Error:" count but package names such as
  // liberror-perl or libgpg-error0 in apt's history do not.
  auto starts_word = [&](std::size_t at) {
    if (at == 0) return true;
    unsigned char before = static_cast<unsigned char>(low[at - 1]);
    return !(std::isalnum(before) || before == '-' || before == '_' || before == '.' ||
             before == '+');
  };
  return std::any_of(kWords.begin(), kWords.end(), [&](std::string_view w) {
    for (std::size_t at = low.find(w); at != std::string::npos; at = low.find(w, at + 1))
      if (starts_word(at)) return true;
    return false;
  });
}

std::vector<std::string> error_lines(std::string_view text) {
  std::vector<std::string> found;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (is_error_line(line)) found.emplace_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return found;
}

LogsCollection collect_logs(const engine::Host& host, std::size_t max_lines) {
  LogsCollection out;
  collect_journal(host, max_lines, out);
  for (const char* path : kCapturedLogs) {
    auto tail = read_tail(host.root(), path, max_lines);
    if (!tail) {
      out.notes.push_back(std::string(path) + ": " + tail.error().message);
      continue;
    }
    if (!*tail) continue;
    std::string name = std::string(path).substr(std::string_view("/var/log/").size());
    std::replace(name.begin(), name.end(), '/', '-');
    if (!name.ends_with(".log")) name += ".log";
    CollectedLog log{name, path, std::move(**tail), 0, 0};
    log.lines = count_lines(log.text);
    log.errors = error_lines(log.text).size();
    out.logs.push_back(std::move(log));
  }
  return out;
}

}  // namespace twin::resources
