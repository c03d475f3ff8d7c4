// The time machine: `twin history` lists the twin's commits (snapshots,
// resets, edits), and `twin reset ID` (alias `time-machine`) brings the
// twin's files back to a commit as a NEW commit, after confirmation, so
// that history is never rewritten and `twin reset --undo` can take a reset
// back. The machine changes only when the twin is applied afterwards.
#pragma once

#include <cstddef>
#include <string>

namespace twin::cli {

struct HistoryOptions {
  std::string twin_dir;
  std::size_t limit = 30;  // 0: all
  bool json = false;
};

/// One line per commit, newest first: short id, UTC date, subject.
int run_history(const HistoryOptions& options);

struct ResetOptions {
  std::string twin_dir;
  std::string id;      // a commit id (4+ hex digits), HEAD~N
  bool undo = false;   // take back the latest reset
  bool yes = false;    // no confirmation (required when not on a terminal)
  bool force = false;  // commit uncommitted edits first instead of refusing
};

/// Exit 0 after the new commit, 1 on an error or a refusal.
int run_reset(const ResetOptions& options);

/// The subject line of a reset commit: "reset to ID8 (SUBJECT)".
std::string reset_subject(const std::string& id, const std::string& summary);

}  // namespace twin::cli
