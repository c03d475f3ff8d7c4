// Private to the evaluator. Reduces one expression to a Value in a Scope:
// literals, interpolation, variables, references, member access, operators
// and calls of built-in functions.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "lang/ast.h"
#include "lang/diagnostic.h"
#include "lang/internal/eval_budget.h"
#include "lang/internal/scope.h"
#include "lang/source_reader.h"
#include "lang/value.h"

namespace twin::lang::internal {

/// std::nullopt means "failed, already reported": callers pass it up
/// without reporting again, so one mistake gives one error.
class ExprEvaluator {
 public:
  /// `reader` (may be null) serves file() and template(). `budget` is not
  /// owned and must outlive this; every value built is charged to it.
  ExprEvaluator(SourceReader* reader, EvalBudget& budget, DiagnosticSink& sink)
      : reader_(reader), budget_(&budget), sink_(&sink) {}

  std::optional<Value> eval(const ast::Expr& expr, const Scope& scope);
  EvalBudget& budget() { return *budget_; }
  DiagnosticSink& sink() { return *sink_; }
  /// Reports to `sink` from now on; returns the previous sink.
  DiagnosticSink* redirect(DiagnosticSink* sink) { return std::exchange(sink_, sink); }

 private:
  std::optional<Value> eval_node(const ast::StringExpr& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::IntExpr& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::BoolExpr& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::ListExpr& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::MapExpr& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::VarRef& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::ErrorExpr& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::ReferenceExpr& node, const Span& span,
                                 const Scope& scope);
  std::optional<Value> eval_node(const ast::MemberExpr& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::CallExpr& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::UnaryExpr& node, const Span& span, const Scope& scope);
  std::optional<Value> eval_node(const ast::BinaryExpr& node, const Span& span, const Scope& scope);

  std::optional<std::string> interpolate(const ast::Expr& expr, const Scope& scope);
  /// A bool operand of `op`, or nullopt after reporting E0111.
  std::optional<bool> bool_operand(const ast::Expr& expr, std::string_view op, const Scope& scope);

  /// `value`, built at `span`, once charged to the budget; nullopt when over.
  std::optional<Value> charged(Value value, const Span& span);

  SourceReader* reader_;
  EvalBudget* budget_;
  DiagnosticSink* sink_;
};

}  // namespace twin::lang::internal
