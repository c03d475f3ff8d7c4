#include "lang/internal/eval_budget.h"

#include <fmt/format.h>

#include <utility>
#include <variant>

namespace twin::lang::internal {
namespace {

// What a value costs: a fixed amount per value (the Value itself) plus its
// text. Measuring stops once past `cap`, so a huge value costs no more to
// refuse than the budget left.
std::size_t measure(const Value& value, std::size_t cap) {
  std::size_t size = sizeof(Value);
  if (const auto* text = std::get_if<std::string>(&value.data)) {
    size += text->size();
  } else if (const auto* list = std::get_if<List>(&value.data)) {
    for (const Value& element : *list) {
      if (size > cap) break;
      size += measure(element, cap - size);
    }
  } else if (const auto* map = std::get_if<Map>(&value.data)) {
    for (const auto& [key, element] : *map) {
      if (size > cap) break;
      size += key.size() + measure(element, cap - size);
    }
  } else if (const auto* reference = std::get_if<Reference>(&value.data)) {
    size += reference->type.size() + reference->title.size();
  }
  return size;
}

// "64 MiB", "1 GiB", "100 bytes": the limit as SPEC.md states it.
std::string size_text(std::size_t bytes) {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  constexpr std::size_t kGiB = std::size_t{1} << 30;
  if (bytes >= kGiB && bytes % kGiB == 0) return fmt::format("{} GiB", bytes / kGiB);
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  return fmt::format("{} bytes", bytes);
}

}  // namespace

bool EvalBudget::exhaust(const char* code, std::string message, const Span& where,
                         std::string hint, DiagnosticSink& sink) {
  exhausted_ = true;
  sink.error(code, std::move(message), where, std::move(hint));
  return false;
}

bool EvalBudget::step(const Span& where, DiagnosticSink& sink) {
  if (exhausted_) return false;
  if (++steps_ <= limits_.max_steps) return true;
  return exhaust("E0131", fmt::format("evaluation takes more than {} steps", limits_.max_steps),
                 where, "a loop or a chain of lets does far more work than a manifest needs",
                 sink);
}

bool EvalBudget::string_fits(std::size_t length, const Span& where, DiagnosticSink& sink) {
  if (exhausted_) return false;
  if (length <= limits_.max_string_bytes) return true;
  sink.error("E0128",
             fmt::format("string is longer than {}", size_text(limits_.max_string_bytes)), where,
             "a string built by interpolating a string into itself doubles at each step");
  return false;
}

bool EvalBudget::elements_fit(std::size_t count, const Span& where, DiagnosticSink& sink) {
  if (exhausted_) return false;
  if (count <= limits_.max_elements) return true;
  sink.error("E0129",
             fmt::format("{} elements in one value; the limit is {}", count,
                         limits_.max_elements),
             where, "split the data, or generate fewer elements");
  return false;
}

bool EvalBudget::charge_bytes(std::size_t bytes, const Span& where, DiagnosticSink& sink) {
  if (exhausted_) return false;
  const std::size_t left = limits_.max_total_bytes - total_bytes_;
  if (bytes <= left) {
    total_bytes_ += bytes;
    return true;
  }
  return exhaust("E0130",
                 fmt::format("evaluation builds more than {} of values",
                             size_text(limits_.max_total_bytes)),
                 where, "a value copied into itself (`[s, s]`, \"${s}${s}\") doubles at each step",
                 sink);
}

bool EvalBudget::charge(const Value& value, const Span& where, DiagnosticSink& sink) {
  if (exhausted_) return false;
  const std::size_t left = limits_.max_total_bytes - total_bytes_;
  return charge_bytes(measure(value, left), where, sink);
}

}  // namespace twin::lang::internal
