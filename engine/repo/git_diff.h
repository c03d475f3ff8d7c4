// What changed in the twin's Git repository, as `git diff` computes it
// (libgit2's diff, the same algorithm and patch format): between a commit
// and the working tree (uncommitted edits included, untracked files as
// additions, ignored files left out), or between two commits. The result
// is structured (per file: path, change, hunks, counts) so that the CLI can
// colour it, print only the counts, or test it line by line.
//
// Content that looks like a secret (engine/core/secrets.h, the same test plans use)
// is never returned: such a file's hunks are replaced by the one-line
// summary plans print, and only its counts remain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

enum class FileChange { kAdded, kModified, kDeleted };

/// One line of a hunk. `origin` is ' ' (context), '+' (added), '-' (removed)
/// or '\\' (the "\ No newline at end of file" marker, whose text is
/// " No newline at end of file"). `text` has no trailing newline.
struct DiffLine {
  char origin = ' ';
  std::string text;
};

struct DiffHunk {
  std::string header;  // "@@ -1,3 +1,4 @@ optional function context", no newline
  std::vector<DiffLine> lines;
};

struct FileDiff {
  std::string path;  // relative to the twin; for a deleted file, its old path
  FileChange change = FileChange::kModified;
  /// The lines before the first hunk, each ending in '\n': "diff --git a/P
  /// b/P", mode lines, "index …", and "--- a/P" / "+++ b/P" (or, for binary
  /// content, "Binary files a/P and b/P differ").
  std::string header;
  std::vector<DiffHunk> hunks;  // empty for binary and sensitive content
  bool binary = false;
  std::uint64_t old_size = 0, new_size = 0;  // bytes
  /// Set when either side looks like it holds a secret: `hunks` is empty
  /// and this is what to show instead ("(sensitive: 2 lines changed, …)").
  std::optional<std::string> sensitive_summary;
  std::size_t additions = 0, deletions = 0;

  /// The whole patch as `git diff` prints it (the summary line for
  /// sensitive content, in place of the hunks).
  std::string patch() const;
};

struct DiffRequest {
  std::string from;               // a full commit id (see GitRepo::resolve)
  std::optional<std::string> to;  // a full commit id; nullopt: the working tree
  /// Limits the diff to these paths of the twin ("filesystem/etc", a file,
  /// or a Git pathspec glob); empty: everything.
  std::vector<std::string> paths;
  std::uint32_t context_lines = 3;
};

/// The files that differ, sorted by path. Errors: E2002 when `twin_dir`
/// is not a Git repository, E2003 when a commit is missing, E2001 when
/// libgit2 fails.
Result<std::vector<FileDiff>> diff_twin(const std::filesystem::path& twin_dir,
                                        const DiffRequest& request);

struct DiffTotals {
  std::size_t files = 0, additions = 0, deletions = 0;
};

DiffTotals diff_totals(const std::vector<FileDiff>& files);

/// git's summary: "3 files changed, 10 insertions(+), 2 deletions(-)" (zero
/// counts left out, singulars where they belong).
std::string diff_summary(const DiffTotals& totals);

}  // namespace twin::engine
