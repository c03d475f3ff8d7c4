// Private to the formatter. A lexer that keeps what the parser throws away:
// comments, line breaks and heredoc bodies, each token as its exact source
// text. Only run on files that parsed cleanly, so it never reports errors.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace twin::lang::internal {

enum class TokenKind {
  kName,     // names and keywords
  kString,   // "..." with escapes and interpolations, verbatim
  kHeredoc,  // from << to the end of the terminator tag, verbatim (spans lines)
  kInt,
  kPunct,    // = == != && || ! { } [ ] ( ) , . :
  kComment,  // from # to the end of the line, trailing whitespace removed
  kNewline,
};

struct Token {
  TokenKind kind;
  std::string_view text;
};

/// The tokens of `text`; whitespace other than line breaks is dropped, and a
/// UTF-8 byte order mark is skipped.
std::vector<Token> tokenize_for_format(std::string_view text);

}  // namespace twin::lang::internal
