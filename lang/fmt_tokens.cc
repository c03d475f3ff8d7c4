#include "lang/internal/fmt_tokens.h"

#include <algorithm>

namespace twin::lang::internal {
namespace {

bool is_name_first(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_first(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t skip_string(std::string_view text, std::size_t i);

// From just after "${" to just after its matching '}'.
std::size_t skip_interpolation(std::string_view text, std::size_t i) {
  int depth = 1;
  while (i < text.size() && text[i] != '\n') {
    char c = text[i];
    if (c == '"') {
      i = skip_string(text, i);
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) return i + 1;
    ++i;
  }
  return i;
}

// From the opening quote to just after the closing one.
std::size_t skip_string(std::string_view text, std::size_t i) {
  for (++i; i < text.size() && text[i] != '\n';) {
    if (text[i] == '\\') {
      i += 2;
    } else if (text[i] == '"') {
      return i + 1;
    } else if (text.compare(i, 2, "${") == 0) {
      i = skip_interpolation(text, i + 2);
    } else {
      ++i;
    }
  }
  return std::min(i, text.size());
}

// From "<<" to the end of the terminator's tag (or EOF).
std::size_t skip_heredoc(std::string_view text, std::size_t i) {
  std::size_t tag_begin = i + 2 + (i + 2 < text.size() && text[i + 2] == '-');
  std::size_t tag_end = tag_begin;
  while (tag_end < text.size() && is_name_char(text[tag_end])) ++tag_end;
  std::string_view tag = text.substr(tag_begin, tag_end - tag_begin);
  std::size_t line = text.find('\n', tag_end);
  while (line != std::string_view::npos && line + 1 <= text.size()) {
    std::size_t begin = line + 1;
    std::size_t end = std::min(text.find('\n', begin), text.size());
    std::string_view content = text.substr(begin, end - begin);
    std::size_t indent = content.find_first_not_of(" \t");
    if (indent != std::string_view::npos && content.substr(indent, tag.size()) == tag &&
        (indent + tag.size() == content.size() || !is_name_char(content[indent + tag.size()])))
      return begin + indent + tag.size();
    if (end >= text.size()) break;
    line = end;
  }
  return text.size();
}

}  // namespace

std::vector<Token> tokenize_for_format(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  auto add = [&](TokenKind kind, std::size_t begin, std::size_t end) {
    tokens.push_back({kind, text.substr(begin, end - begin)});
    i = end;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '\n') {
      add(TokenKind::kNewline, i, i + 1);
    } else if (c == '#') {
      std::size_t end = std::min(text.find('\n', i), text.size());
      std::size_t last = text.substr(i, end - i).find_last_not_of(" \t\r");
      tokens.push_back({TokenKind::kComment, text.substr(i, last + 1)});
      i = end;
    } else if (c == '"') {
      add(TokenKind::kString, i, skip_string(text, i));
    } else if (text.compare(i, 2, "<<") == 0) {
      add(TokenKind::kHeredoc, i, skip_heredoc(text, i));
    } else if (is_digit(c) || (c == '-' && i + 1 < text.size() && is_digit(text[i + 1]))) {
      std::size_t end = i + 1;
      while (end < text.size() && is_name_char(text[end])) ++end;
      add(TokenKind::kInt, i, end);
    } else if (is_name_first(c)) {
      std::size_t end = i + 1;
      while (end < text.size() && is_name_char(text[end])) ++end;
      add(TokenKind::kName, i, end);
    } else {
      std::string_view two = text.substr(i, 2);
      bool pair = two == "==" || two == "!=" || two == "&&" || two == "||";
      add(TokenKind::kPunct, i, i + (pair ? 2 : 1));
    }
  }
  return tokens;
}

}  // namespace twin::lang::internal
