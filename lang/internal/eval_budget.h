// Private to the evaluator. Counts what one evaluation spends against its
// EvalLimits (lang/limits.h) and reports the first budget it exceeds.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lang/diagnostic.h"
#include "lang/limits.h"
#include "lang/value.h"

namespace twin::lang::internal {

/// Shared by every module of one evaluation. Per-value limits (string
/// length, element count) fail only the expression at fault; the global
/// ones (total size, steps) exhaust the budget: from then on every check
/// fails quietly, so the evaluation winds down with one error.
class EvalBudget {
 public:
  explicit EvalBudget(const EvalLimits& limits) : limits_(limits) {}

  const EvalLimits& limits() const { return limits_; }
  /// True once the total size or the steps ran out.
  bool exhausted() const { return exhausted_; }

  /// One step at `where`. False when exhausted (E0131 reported the first time).
  bool step(const Span& where, DiagnosticSink& sink);
  /// A string about to grow to `length` bytes at `where`. False after E0128,
  /// or when exhausted.
  bool string_fits(std::size_t length, const Span& where, DiagnosticSink& sink);
  /// A list or map literal of `count` elements at `where`. False after
  /// E0129, or when exhausted.
  bool elements_fit(std::size_t count, const Span& where, DiagnosticSink& sink);
  /// Charges `value`, just built or copied at `where`, to the total. False
  /// when exhausted (E0130 reported the first time). Costs at most the
  /// value's size to measure, and stops measuring once over the total.
  bool charge(const Value& value, const Span& where, DiagnosticSink& sink);
  /// Charges `bytes` built at `where` (a string's growth) to the total.
  bool charge_bytes(std::size_t bytes, const Span& where, DiagnosticSink& sink);

 private:
  bool exhaust(const char* code, std::string message, const Span& where, std::string hint,
               DiagnosticSink& sink);

  EvalLimits limits_;
  std::uint64_t steps_ = 0;
  std::size_t total_bytes_ = 0;
  bool exhausted_ = false;
};

}  // namespace twin::lang::internal
