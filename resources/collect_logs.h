// The logs collector: the end of the systemd journal (when journalctl can
// read the target's journal) with its count of error-priority messages,
// and the tails of the classic text logs (/var/log/syslog, auth.log, ...),
// each with a count of the lines that look like errors. Read-only; huge
// logs are read from their end only.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host.h"

namespace twin::resources {

/// The text logs whose tails are captured, absolute inside the root.
inline constexpr const char* kCapturedLogs[] = {
    "/var/log/syslog",   "/var/log/auth.log", "/var/log/kern.log",         "/var/log/messages",
    "/var/log/daemon.log", "/var/log/dpkg.log", "/var/log/apt/history.log"};

struct CollectedLog {
  std::string name;    // file name under logs/current/, e.g. "syslog.log", "journal.log"
  std::string source;  // "/var/log/syslog" or "journal"
  std::string text;    // the tail
  std::size_t lines = 0;
  std::size_t errors = 0;  // error lines in the tail; for the journal, -p err messages
};

struct LogsCollection {
  std::vector<CollectedLog> logs;  // journal first, then kCapturedLogs order
  std::vector<std::string> notes;  // e.g. "journal: journalctl cannot read it"
};

/// True when a log line reports a problem: a word in it starts
/// (case-insensitively) with error, fail, fatal, crit, emerg, alert, panic,
/// denied or segfault ("Failed", "ERROR:"; not "liberror-perl").
bool is_error_line(std::string_view line);

/// The lines of `text` for which is_error_line holds, in order.
std::vector<std::string> error_lines(std::string_view text);

/// Collects the last `max_lines` lines of each log. Never fails: what
/// cannot be read becomes a note.
LogsCollection collect_logs(const engine::Host& host, std::size_t max_lines);

}  // namespace twin::resources
