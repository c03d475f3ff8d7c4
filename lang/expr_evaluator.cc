#include "lang/internal/expr_evaluator.h"

#include <fmt/format.h>

#include <map>
#include <vector>

#include "lang/builtins.h"
#include "lang/suggest.h"

namespace twin::lang::internal {
namespace {

// "a string", "an int": for messages about operands.
std::string with_article(std::string_view type) {
  bool vowel = !type.empty() && std::string_view("aeiou").find(type.front()) != std::string_view::npos;
  return fmt::format("{} {}", vowel ? "an" : "a", type);
}

// `facts.os.id` as written, when `expr` is a chain of members on a name.
std::optional<std::string> dotted_path(const ast::Expr& expr) {
  if (const auto* var = std::get_if<ast::VarRef>(&expr.node)) return var->name;
  if (const auto* member = std::get_if<ast::MemberExpr>(&expr.node)) {
    auto base = dotted_path(*member->object);
    if (base) return *base + "." + member->member;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Value> ExprEvaluator::charged(Value value, const Span& span) {
  if (!budget_->charge(value, span, *sink_)) return std::nullopt;
  return value;
}

std::optional<Value> ExprEvaluator::eval(const ast::Expr& expr, const Scope& scope) {
  if (!budget_->step(expr.span, *sink_)) return std::nullopt;
  return std::visit([&](const auto& node) { return eval_node(node, expr.span, scope); }, expr.node);
}

std::optional<Value> ExprEvaluator::eval_node(const ast::StringExpr& node, const Span& span,
                                              const Scope& scope) {
  std::string text;
  bool ok = true;
  for (const ast::StringPart& part : node.parts) {
    if (!part.interpolated) {
      text += part.literal;
    } else if (auto piece = interpolate(*part.interpolated, scope)) {
      // Checked before growing: "${t}${t}" doubles, and the next doubling
      // must not be allocated only to be refused.
      if (!budget_->string_fits(text.size() + piece->size(), span, *sink_)) return std::nullopt;
      text += *piece;
    } else {
      ok = false;
    }
  }
  if (!ok || !budget_->string_fits(text.size(), span, *sink_)) return std::nullopt;
  return charged(Value{std::move(text), span}, span);
}

std::optional<std::string> ExprEvaluator::interpolate(const ast::Expr& expr, const Scope& scope) {
  std::optional<Value> value = eval(expr, scope);
  if (!value) return std::nullopt;
  if (value->is_string()) return value->as_string();
  if (value->is_int()) return std::to_string(value->as_int());
  if (value->is_bool()) return std::string(value->as_bool() ? "true" : "false");
  sink_->error("E0106", fmt::format("cannot interpolate a {} into a string", value->type_name()),
              expr.span, "only strings, integers and booleans can be interpolated");
  return std::nullopt;
}

std::optional<Value> ExprEvaluator::eval_node(const ast::IntExpr& node, const Span& span,
                                              const Scope&) {
  return charged(Value{node.value, span}, span);
}

std::optional<Value> ExprEvaluator::eval_node(const ast::BoolExpr& node, const Span& span,
                                              const Scope&) {
  return charged(Value{node.value, span}, span);
}

std::optional<Value> ExprEvaluator::eval_node(const ast::ListExpr& node, const Span& span,
                                              const Scope& scope) {
  if (!budget_->elements_fit(node.elements.size(), span, *sink_)) return std::nullopt;
  List list;
  list.reserve(node.elements.size());
  bool ok = true;
  for (const ast::Expr& element : node.elements) {
    if (auto value = eval(element, scope)) {
      list.push_back(std::move(*value));
    } else {
      ok = false;  // keep going: report the other elements' errors too
    }
  }
  if (!ok) return std::nullopt;
  // The elements are charged already: only the list itself is new.
  if (!budget_->charge_bytes(sizeof(Value), span, *sink_)) return std::nullopt;
  return Value{std::move(list), span};
}

std::optional<Value> ExprEvaluator::eval_node(const ast::MapExpr& node, const Span& span,
                                              const Scope& scope) {
  if (!budget_->elements_fit(node.entries.size(), span, *sink_)) return std::nullopt;
  Map map;
  std::map<std::string_view, const ast::MapEntry*> seen;
  bool ok = true;
  for (const ast::MapEntry& entry : node.entries) {
    auto [it, inserted] = seen.emplace(entry.key, &entry);
    if (!inserted) {
      Diagnostic d{Severity::kError, "E0105", fmt::format("duplicate map key '{}'", entry.key),
                   entry.key_span};
      d.related.push_back({it->second->key_span, "first set here"});
      sink_->add(std::move(d));
      ok = false;
      continue;
    }
    if (auto value = eval(*entry.value, scope)) {
      if (!budget_->charge_bytes(entry.key.size(), entry.key_span, *sink_)) return std::nullopt;
      map.emplace_back(entry.key, std::move(*value));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  if (!budget_->charge_bytes(sizeof(Value), span, *sink_)) return std::nullopt;
  return Value{std::move(map), span};
}

std::optional<Value> ExprEvaluator::eval_node(const ast::VarRef& node, const Span& span,
                                              const Scope& scope) {
  const Binding* binding = scope.find(node.name);
  if (binding && binding->pending) {
    Diagnostic d{Severity::kError, "E0104",
                 fmt::format("variable '{}' is used before its declaration", node.name), span,
                 fmt::format("move `let {}` above its first use", node.name)};
    d.related.push_back({binding->declared, "declared here"});
    sink_->add(std::move(d));
    return std::nullopt;
  }
  if (binding) {
    if (!binding->value) return std::nullopt;
    // A use copies the value: `[s, s]` doubles what `s` holds.
    if (!budget_->charge(*binding->value, span, *sink_)) return std::nullopt;
    Value value = *binding->value;
    value.span = span;
    return value;
  }
  std::string hint;
  if (auto close = closest_name(node.name, scope.visible_names()))
    hint = fmt::format("did you mean '{}'?", *close);
  sink_->error("E0102", fmt::format("undefined variable '{}'", node.name), span, std::move(hint));
  return std::nullopt;
}

std::optional<Value> ExprEvaluator::eval_node(const ast::ErrorExpr&, const Span&, const Scope&) {
  return std::nullopt;
}

std::optional<Value> ExprEvaluator::eval_node(const ast::ReferenceExpr& node, const Span& span,
                                              const Scope& scope) {
  std::optional<Value> title = eval(*node.title, scope);
  if (!title) return std::nullopt;
  return charged(Value{Reference{node.type, title->as_string()}, span}, span);
}

std::optional<Value> ExprEvaluator::eval_node(const ast::MemberExpr& node, const Span& span,
                                              const Scope& scope) {
  std::optional<Value> object = eval(*node.object, scope);
  if (!object) return std::nullopt;
  std::optional<std::string> path = dotted_path(*node.object);
  bool is_fact = path && (*path == "facts" || path->rfind("facts.", 0) == 0);
  if (!object->is_map()) {
    sink_->error("E0127",
                fmt::format("cannot take member '{}' of {}", node.member,
                            with_article(object->type_name())),
                node.object->span, "only maps have members");
    return std::nullopt;
  }
  std::vector<std::string> keys;
  for (const auto& [key, value] : object->as_map()) {
    if (key == node.member) {
      if (!budget_->charge(value, span, *sink_)) return std::nullopt;
      Value member = value;
      member.span = span;
      return member;
    }
    keys.push_back(key);
  }
  std::string hint;
  if (auto close = closest_name(node.member, keys)) {
    hint = path ? fmt::format("did you mean '{}.{}'?", *path, *close)
                : fmt::format("did you mean '{}'?", *close);
  } else if (!keys.empty()) {
    hint = fmt::format("the keys are {}", fmt::join(keys, ", "));
  }
  std::string what = path ? *path + "." + node.member : node.member;
  sink_->error("E0113",
              is_fact ? fmt::format("unknown fact '{}'", what)
                      : fmt::format("map has no key '{}'", node.member),
              node.member_span, std::move(hint));
  return std::nullopt;
}

std::optional<Value> ExprEvaluator::eval_node(const ast::CallExpr& node, const Span& span,
                                              const Scope& scope) {
  BuiltinCall call{node.function, node.function_span, span, {},
                   budget_->limits().max_string_bytes};
  bool ok = true;
  for (const ast::Expr& argument : node.arguments) {
    if (auto value = eval(argument, scope)) {
      call.arguments.push_back(std::move(*value));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  std::optional<Value> result = call_builtin(call, reader_, *sink_);
  if (!result) return std::nullopt;
  if (result->is_string() && !budget_->string_fits(result->as_string().size(), span, *sink_))
    return std::nullopt;
  return charged(std::move(*result), span);
}

std::optional<bool> ExprEvaluator::bool_operand(const ast::Expr& expr, std::string_view op,
                                                const Scope& scope) {
  std::optional<Value> value = eval(expr, scope);
  if (!value) return std::nullopt;
  if (value->is_bool()) return value->as_bool();
  sink_->error("E0111",
              fmt::format("'{}' needs a bool, not {}", op, with_article(value->type_name())),
              expr.span, "compare it first, e.g. `x == \"value\"`");
  return std::nullopt;
}

std::optional<Value> ExprEvaluator::eval_node(const ast::UnaryExpr& node, const Span& span,
                                              const Scope& scope) {
  std::optional<bool> operand = bool_operand(*node.operand, "!", scope);
  if (!operand) return std::nullopt;
  return charged(Value{!*operand, span}, span);
}

std::optional<Value> ExprEvaluator::eval_node(const ast::BinaryExpr& node, const Span& span,
                                              const Scope& scope) {
  using ast::BinaryOp;
  if (node.op == BinaryOp::kAnd || node.op == BinaryOp::kOr) {
    const bool is_and = node.op == BinaryOp::kAnd;
    std::optional<bool> left = bool_operand(*node.left, is_and ? "&&" : "||", scope);
    if (!left) return std::nullopt;
    // Short-circuit: `facts.os.id == "debian" && debian_only()` is safe.
    if (*left != is_and) return charged(Value{*left, span}, span);
    std::optional<bool> right = bool_operand(*node.right, is_and ? "&&" : "||", scope);
    if (!right) return std::nullopt;
    return charged(Value{*right, span}, span);
  }
  std::optional<Value> left = eval(*node.left, scope);
  std::optional<Value> right = eval(*node.right, scope);
  if (!left || !right) return std::nullopt;
  const char* op = node.op == BinaryOp::kEqual ? "==" : "!=";
  if (left->data.index() != right->data.index()) {
    Diagnostic d{Severity::kError, "E0111",
                 fmt::format("cannot compare {} with {}", with_article(left->type_name()),
                             with_article(right->type_name())),
                 node.op_span, fmt::format("'{}' compares values of the same type", op)};
    d.related.push_back({node.left->span, fmt::format("this is {}", with_article(left->type_name()))});
    d.related.push_back(
        {node.right->span, fmt::format("this is {}", with_article(right->type_name()))});
    sink_->add(std::move(d));
    return std::nullopt;
  }
  bool equal = equal_values(*left, *right);
  return charged(Value{node.op == BinaryOp::kEqual ? equal : !equal, span}, span);
}

}  // namespace twin::lang::internal
