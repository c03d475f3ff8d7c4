#include "lang/internal/recovery.h"

#include <algorithm>

namespace twin::lang::internal {
namespace {

// True when only spaces and tabs lie between the line's start and `offset`.
bool starts_line(std::string_view text, std::size_t offset) {
  while (offset > 0 && (text[offset - 1] == ' ' || text[offset - 1] == '\t')) --offset;
  return offset == 0 || text[offset - 1] == '\n';
}

}  // namespace

Resync Recovery::resume(std::string_view text, std::size_t start, std::size_t recoveries_at_start,
                        Skip skip) {
  const bool inner_recovered = recoveries_ != recoveries_at_start;
  ++recoveries_;
  const std::size_t failure = std::max(failure_, start);
  if (!inner_recovered) {
    const Resync from_start = skip(text, start);
    if (from_start.offset >= failure) return from_start;
    // The skip stopped inside what the rule read (an unclosed block read the
    // statements after it): re-read that once, to find them.
    if (from_start.offset >= replayed_until_) {
      replayed_until_ = failure;
      return from_start;
    }
  }
  if (failure >= text.size()) return {text.size(), false};
  if (starts_line(text, failure)) return {failure, true};
  return skip(text, failure);
}

}  // namespace twin::lang::internal
