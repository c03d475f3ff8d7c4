// How much one evaluation may build and how long it may run. Hostile
// manifests are cheap to write: `let sN = [sN-1, sN-1]` on 25 lines asked for
// 24 GB, a 1 KB string doubled by `"${t}${t}"` for 3 GB. Each limit below is
// far above what a real twin needs (the largest example twin stays under a
// thousandth of each) and turns such input into an error instead.
#pragma once

#include <cstddef>
#include <cstdint>

namespace twin::lang {

/// The budgets of one evaluation (one lang::load or lang::evaluate call).
/// Each exceeded budget is an error at the expression that crossed it.
struct EvalLimits {
  /// Longest string, in bytes, an expression may produce (E0128).
  std::size_t max_string_bytes = std::size_t{64} << 20;
  /// Most elements of one list, or entries of one map (E0129).
  std::size_t max_elements = 1'000'000;
  /// Total bytes of all values built during the evaluation, copies included
  /// (E0130). Counted as the values' strings plus a fixed cost per value, so
  /// it tracks the memory the evaluation holds to within a small factor.
  std::size_t max_total_bytes = std::size_t{1} << 30;
  /// Most evaluation steps: one per expression evaluated and per loop
  /// iteration (E0131). Bounds time where the other limits bound memory.
  std::uint64_t max_steps = 50'000'000;
};

}  // namespace twin::lang
