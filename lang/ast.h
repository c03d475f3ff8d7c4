// The syntax tree of one .twin file, as the parser builds it and the
// evaluator reads it. Every node keeps the span it was parsed from, so later
// phases can point at the exact text. Expressions are real nodes (not
// pre-evaluated values): operators, references, member access and calls are
// evaluated with the scope they appear in (a `for` variable, a define's
// parameters). Comments are not kept here; the formatter works on tokens.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lang/source.h"

namespace twin::lang::ast {

struct Expr;
/// Owned sub-expression; never null once the parser hands the tree out.
using ExprPtr = std::unique_ptr<Expr>;

/// "text ${expr} more" (and heredocs): literal runs and interpolated
/// expressions in order.
struct StringPart {
  std::string literal;   // escapes already decoded; empty when `interpolated` is set
  ExprPtr interpolated;  // the expression inside ${ }, or null for a literal run
};
struct StringExpr {
  std::vector<StringPart> parts;
};

struct IntExpr {
  std::int64_t value = 0;
};

struct BoolExpr {
  bool value = false;
};

struct ListExpr {
  std::vector<Expr> elements;
};

struct MapEntry {
  std::string key;
  Span key_span;
  ExprPtr value;
};
/// `{ key = value, ... }`; entries in source order (duplicates are left for
/// the evaluator to report, with both places).
struct MapExpr {
  std::vector<MapEntry> entries;
};

/// A bare name: a `let`, a `for` variable, a define parameter, `title` inside
/// a define, or `facts`.
struct VarRef {
  std::string name;
};

/// `TYPE["title"]`: names another resource. The title may interpolate.
struct ReferenceExpr {
  std::string type;
  Span type_span;
  ExprPtr title;  // a StringExpr
};

/// `object.member`: a key of a map (`facts.os.id`).
struct MemberExpr {
  ExprPtr object;
  std::string member;
  Span member_span;
};

/// `name(arg, ...)`: a built-in function.
struct CallExpr {
  std::string function;
  Span function_span;
  std::vector<Expr> arguments;
};

enum class UnaryOp { kNot };
struct UnaryExpr {
  UnaryOp op = UnaryOp::kNot;
  ExprPtr operand;
};

enum class BinaryOp { kEqual, kNotEqual, kAnd, kOr };
struct BinaryExpr {
  BinaryOp op = BinaryOp::kEqual;
  Span op_span;
  ExprPtr left;
  ExprPtr right;
};

/// Stands in for an expression that failed to parse, so a half-parsed `let`
/// still declares its name and uses of it do not report a second error.
struct ErrorExpr {};

struct Expr {
  using Node = std::variant<StringExpr, IntExpr, BoolExpr, ListExpr, MapExpr, VarRef, ErrorExpr,
                            ReferenceExpr, MemberExpr, CallExpr, UnaryExpr, BinaryExpr>;
  Node node;
  Span span;
};

/// `name = value` inside a block.
struct Attribute {
  std::string name;
  Span name_span;
  Expr value;
};

struct Let;
struct Block;
struct Import;
struct Define;
struct If;
struct For;
/// Top level holds every kind; bodies of blocks, ifs, fors and defines hold
/// only Block, If and For (the grammar ensures it).
using Statement = std::variant<Let, Block, Import, Define, If, For>;

/// `type "title" { ... }`, at top level (a resource, or an instance of a
/// define) or nested in another block (e.g. a crontab `entry`).
struct Block {
  std::string type;
  Span type_span;
  Expr title;  // always a StringExpr, possibly interpolated
  std::vector<Attribute> attributes;
  std::vector<Statement> children;  // nested Blocks, and Ifs / Fors around them
  Span span;                        // from the type to the closing brace
};

/// `let name = value`: a file-scoped constant.
struct Let {
  std::string name;
  Span name_span;
  Expr value;
  Span span;  // the whole statement
};

/// `import "path"`: path relative to the importing file.
struct Import {
  std::string path;
  Span path_span;
  Span span;
};

/// `NAME: TYPE = DEFAULT` in a define's parameter list.
struct Param {
  std::string name;
  Span name_span;
  std::string type;  // "string", "int", "bool", "list", "map", "reference", "any"
  Span type_span;
  std::optional<Expr> default_value;  // absent: the parameter is required
};

/// `define NAME(PARAMS) { BODY }`: a user resource type.
struct Define {
  std::string name;
  Span name_span;
  std::vector<Param> params;
  std::vector<Statement> body;
  Span span;
};

/// `if COND { ... } else { ... }`; `else if` is an If alone in else_body.
struct If {
  Expr condition;
  std::vector<Statement> then_body;
  std::vector<Statement> else_body;
  Span span;
};

/// `for NAME in LIST { ... }`.
struct For {
  std::string variable;
  Span variable_span;
  Expr list;
  std::vector<Statement> body;
  Span span;
};

/// One parsed file; statements in source order.
struct Module {
  SourcePtr file;
  std::vector<Statement> statements;
};

}  // namespace twin::lang::ast
