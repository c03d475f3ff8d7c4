// Private to the parser. Where error recovery resumes, chosen so that parsing
// stays linear in the input. Rewinding to the start of the broken rule and
// skipping from there re-parses what the rule had read; when rules nest and
// each does so, the work doubles per level: 22 lines of `a "b" {` took 22 s.
// So only the innermost broken rule skips from its start (the skip knows the
// brackets opened there), a region is re-read at most once, and every other
// recovery resumes at or after the point of failure.
#pragma once

#include <cstddef>
#include <string_view>

#include "lang/internal/text_scan.h"

namespace twin::lang::internal {

class Recovery {
 public:
  using Skip = Resync (*)(std::string_view text, std::size_t begin);

  /// Called where a syntax error is raised, just before it unwinds.
  void failed_at(std::size_t offset) { failure_ = offset; }
  /// Recoveries so far; a recovering rule notes it when it starts.
  std::size_t recoveries() const { return recoveries_; }

  /// Where to resume after the rule that started at `start` (when
  /// recoveries() was `recoveries_at_start`) failed at the last failed_at()
  /// offset. Skips from `start` with `skip` when nothing inside the rule
  /// recovered and the skip re-reads no region a second time; otherwise
  /// resumes at the failure: there when it starts a line (or is the end),
  /// else where `skip` from it stops.
  Resync resume(std::string_view text, std::size_t start, std::size_t recoveries_at_start,
                Skip skip);

 private:
  std::size_t failure_ = 0;
  std::size_t recoveries_ = 0;
  std::size_t replayed_until_ = 0;  // the end of the last region re-read
};

}  // namespace twin::lang::internal
