#include "lang/formatter.h"

#include <vector>

#include "lang/internal/fmt_tokens.h"
#include "lang/parser.h"

namespace twin::lang {
namespace {

using internal::Token;
using internal::TokenKind;

constexpr std::string_view kIndent = "  ";

bool is_keyword(std::string_view name) {
  return name == "let" || name == "true" || name == "false" || name == "if" || name == "else" ||
         name == "for" || name == "in" || name == "define" || name == "import";
}

bool is(const Token& token, std::string_view punct) {
  return token.kind == TokenKind::kPunct && token.text == punct;
}

bool opens(const Token& t) { return is(t, "{") || is(t, "[") || is(t, "("); }
bool closes(const Token& t) { return is(t, "}") || is(t, "]") || is(t, ")"); }
bool is_binary_op(const Token& t) {
  return is(t, "==") || is(t, "!=") || is(t, "&&") || is(t, "||");
}

// Whether one space separates `a` and `b` on a line.
bool space_between(const Token& a, const Token& b) {
  if (b.kind == TokenKind::kComment) return true;
  if (is(b, ",") || is(b, ".") || is(b, ":") || is(b, ")") || is(b, "]")) return false;
  if (is(a, "(") || is(a, "[") || is(a, ".") || is(a, "!")) return false;
  if (is(a, "{")) return !is(b, "}");
  if (is(b, "(") || is(b, "[")) {
    // A call, a reference or a define's parameters hug their name.
    return !(a.kind == TokenKind::kName && !is_keyword(a.text));
  }
  return true;
}

struct Line {
  std::vector<Token> tokens;  // empty: a blank line
};

std::vector<Line> split_lines(const std::vector<Token>& tokens) {
  std::vector<Line> lines(1);
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::kNewline) {
      lines.emplace_back();
    } else {
      lines.back().tokens.push_back(token);
    }
  }
  return lines;
}

}  // namespace

std::optional<std::string> format_source(const SourcePtr& file, DiagnosticSink& sink) {
  DiagnosticSink syntax;
  (void)parse(file, syntax);
  if (syntax.has_errors()) {
    for (const Diagnostic& d : syntax.all()) sink.add(d);
    return std::nullopt;
  }
  std::vector<Line> lines = split_lines(internal::tokenize_for_format(file->text()));

  std::string out;
  int depth = 0;
  bool continuation = false;
  bool pending_blank = false;
  bool after_open = true;  // start of file counts as "just opened"
  for (const Line& line : lines) {
    if (line.tokens.empty()) {
      pending_blank = !after_open;
      continue;
    }
    const Token& first = line.tokens.front();
    if (pending_blank && !closes(first)) out += '\n';
    pending_blank = false;

    int indent = depth - (closes(first) ? 1 : 0) + (continuation ? 1 : 0);
    for (int i = 0; i < indent; ++i) out += kIndent;
    for (std::size_t i = 0; i < line.tokens.size(); ++i) {
      const Token& token = line.tokens[i];
      if (i > 0 && space_between(line.tokens[i - 1], token)) out += ' ';
      out += token.text;
      if (opens(token)) ++depth;
      if (closes(token) && depth > 0) --depth;
    }
    out += '\n';

    const Token* last_code = nullptr;
    for (const Token& token : line.tokens)
      if (token.kind != TokenKind::kComment) last_code = &token;
    continuation = last_code && is_binary_op(*last_code);
    after_open = last_code && opens(*last_code);
  }
  return out;
}

}  // namespace twin::lang
