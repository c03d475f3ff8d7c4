// Private to the parser. The typed state the grammar's actions fill: stacks
// of half-built nodes (names, expressions, strings, lists, maps, calls,
// bodies of blocks / ifs / fors / defines) that each action pushes to or
// folds. Knows nothing of PEGTL, so it is plain C++ that a reader can follow
// without the grammar open.
//
// Recovery: before an attribute or statement the parser takes a Checkpoint;
// when that piece fails, restore() drops whatever it half-built, so the tree
// only ever holds complete nodes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <variant>
#include <vector>

#include "lang/ast.h"
#include "lang/diagnostic.h"
#include "lang/internal/recovery.h"
#include "lang/internal/text_scan.h"

namespace twin::lang::internal {

class AstBuilder {
 public:
  AstBuilder(SourcePtr file, DiagnosticSink& sink);

  const std::string& text() const { return file_->text(); }
  Span span(std::size_t begin, std::size_t end) const { return Span{file_, begin, end}; }

  // --- Errors and recovery -------------------------------------------------

  /// Records a syntax error found at byte `offset`, unless an error was
  /// found there before or a skip stopped there uncleanly (a likely
  /// cascade). The diagnostic's span may differ from `offset`.
  void syntax_error(Diagnostic diagnostic, std::size_t offset);
  void syntax_error(Diagnostic diagnostic) {
    std::size_t offset = diagnostic.span.begin;
    syntax_error(std::move(diagnostic), offset);
  }
  std::size_t error_count() const { return error_count_; }

  struct Checkpoint {
    std::size_t names, exprs, ops, strings, containers, bodies, statements, groups;
    std::size_t attributes, items;  // of the innermost open body
  };
  Checkpoint checkpoint() const;
  /// Drops everything built since `checkpoint`. A `let` that got as far as
  /// its name is kept with an ErrorExpr value, so its uses stay quiet.
  void restore(const Checkpoint& checkpoint);
  /// Called when an attribute or statement completed: nothing to undo.
  void piece_done() { pending_let_.reset(); }
  /// Remembers where a recovery skip stopped.
  void resynced(Resync resync);
  /// Where recoveries resume (grammar.h's recover<> asks it).
  Recovery& recovery() { return recovery_; }

  /// Open lists, maps, calls, strings, parentheses, `!` and bodies around
  /// the current position.
  std::size_t depth() const {
    return strings_.size() + containers_.size() + bodies_.size() + groups_;
  }

  // --- Leaves --------------------------------------------------------------

  void push_name(std::string_view name, std::size_t begin);
  /// The name of a `let`; remembered until the statement completes.
  void push_let_name(std::string_view name, std::size_t begin);
  /// Decimal text with optional '-'; reports out of range and leading zeros.
  void push_int(std::string_view digits, std::size_t begin);
  void push_bool(bool value, std::size_t begin, std::size_t end);
  /// Turns the name just pushed into a variable reference.
  void variable_from_name();

  // --- Strings and heredocs --------------------------------------------------

  void open_string(std::size_t quote);
  void add_literal(std::string_view text);
  /// `escaped` is the character after the backslash (already validated).
  void add_escape(char escaped);
  /// Moves the expression just parsed inside `${ }` into the open string.
  void add_interpolation();
  void close_string(std::size_t end);
  /// Where the innermost open string starts (its opening quote).
  std::size_t open_string_begin() const { return strings_.back().begin; }

  /// `<<TAG` or `<<-TAG` at `begin`; `head` is the matched opener text.
  void open_heredoc(std::size_t begin, std::string_view head);
  /// Indentation to strip from each body line of the innermost heredoc.
  std::size_t heredoc_strip() const { return strings_.back().strip; }
  const std::string& heredoc_tag() const { return strings_.back().tag; }
  void close_heredoc(std::size_t end) { close_string(end); }

  // --- Operators, references, calls ------------------------------------------

  /// Remembers an operator token; the matching fold pops it.
  void push_binary_op(ast::BinaryOp op, std::size_t begin, std::size_t end);
  void push_not(std::size_t begin);
  void fold_binary();
  void fold_not();
  /// `.name` after the expression on top of the stack.
  void fold_member(std::string_view name, std::size_t begin);
  /// The pending name and title string become TYPE["title"].
  void make_reference(std::size_t end);
  void open_group() { ++groups_; }
  /// Closes `( expr )`: the expression's span grows to the parentheses.
  void close_group(std::size_t begin, std::size_t end);
  void open_call(std::size_t paren);
  void close_call(std::size_t end);

  // --- Lists and maps ------------------------------------------------------

  void open_list(std::size_t bracket);
  void close_list(std::size_t end);
  void open_map(std::size_t brace);
  void close_map(std::size_t end);
  /// Turns the string just parsed into a map key (interpolation not allowed).
  void key_from_string();
  /// Where the innermost open list, map or call starts.
  std::size_t open_container_begin() const { return containers_.back().begin; }

  // --- Blocks and statements -----------------------------------------------

  /// Opens a block from the pending type name and title at `{`.
  void open_block(std::size_t brace);
  void add_attribute();
  void close_block(std::size_t end);
  void add_let(std::size_t begin, std::size_t end);
  /// `import "path"`: pops the path string.
  void add_import(std::size_t begin, std::size_t end);

  /// `if COND {`: pops the condition and the `if` keyword's position.
  void open_if(std::size_t brace);
  /// `else`: later items go to the else branch of the innermost if.
  void begin_else();
  /// `for NAME in LIST {`.
  void open_for(std::size_t brace);
  /// `define NAME(`: parameters follow.
  void open_define(std::size_t paren);
  /// Called at each parameter's name, so add_param() can tell whether a
  /// default value followed.
  void mark_param_start() { param_exprs_ = exprs_.size(); }
  /// `NAME: TYPE [= DEFAULT]` completed.
  void add_param();
  /// The '}' of an if / else / for / define body.
  void end_body(std::size_t end);
  /// The if chain, for loop or define is complete: hand it to its parent.
  void finish_body();

  bool has_open_block() const;
  /// `file "/etc/motd"`, for "expected '}' to close the block of ...".
  std::string open_block_description() const;
  std::size_t open_block_brace() const { return bodies_.back().brace; }
  /// "if", "else", "for" or "define NAME": for a missing '}'.
  std::string open_body_description() const;
  /// The most recent name (attribute, key, type), for hints; may be empty.
  std::string_view last_name() const;

  ast::Module take_module();

 private:
  struct Name {
    std::string text;
    Span span;
  };
  struct OpenString {
    ast::StringExpr expr;
    std::size_t begin;
    std::string tag;        // heredocs only
    std::size_t strip = 0;  // heredocs only: indentation removed per line
  };
  struct OpenContainer {
    std::size_t names, exprs;  // stack heights when it opened
    std::size_t begin;
  };
  struct Op {
    std::optional<ast::BinaryOp> binary;  // nullopt: `!`
    Span span;
  };
  struct OpenBody {
    std::variant<ast::Block, ast::If, ast::For, ast::Define> node;
    std::size_t brace = 0;
    bool in_else = false;
    std::vector<ast::Statement>& items();
    const std::vector<ast::Statement>& items() const;
  };

  Name pop_name();
  ast::Expr pop_expr();
  std::vector<ast::Expr> pop_exprs_from(std::size_t height);
  std::vector<ast::Statement>& current_items();
  void add_statement(ast::Statement statement);
  /// Reports E0020 and returns true when folding onto `left` would make an
  /// operator or member chain longer than kChainLimit.
  bool chain_too_deep(const ast::Expr& left, const Span& where);
  static constexpr std::size_t kChainLimit = 64;

  SourcePtr file_;
  DiagnosticSink& sink_;
  std::size_t error_count_ = 0;
  // Offsets already reported: a region re-read after a recovery (or an error
  // raised again by each enclosing rule) is reported once.
  std::unordered_set<std::size_t> error_offsets_;
  Recovery recovery_;
  std::optional<std::size_t> unclean_resync_offset_;

  std::vector<Name> names_;
  std::vector<ast::Expr> exprs_;
  std::vector<Op> ops_;
  std::vector<OpenString> strings_;
  std::vector<OpenContainer> containers_;
  std::vector<OpenBody> bodies_;
  std::vector<ast::Statement> statements_;
  std::size_t groups_ = 0;
  std::size_t param_exprs_ = 0;
  std::optional<Name> pending_let_;
};

}  // namespace twin::lang::internal
