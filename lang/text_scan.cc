#include "lang/internal/text_scan.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace twin::lang::internal {
namespace {

bool is_name_first(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

bool is_name_char(char c) { return is_name_first(c) || (c >= '0' && c <= '9'); }

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// True when the line starting at `offset` begins with a name in column 1:
// top-level statements start there, attributes are indented by convention.
bool starts_statement_line(std::string_view text, std::size_t offset) {
  return offset < text.size() && is_name_first(text[offset]);
}

// Skips a quoted string starting at the quote at `i`; returns the offset just
// past its closing quote, or of the newline / EOF that cut it short.
std::size_t skip_string(std::string_view text, std::size_t i) {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    } else if (text[i] == '\n') {
      return i;
    }
  }
  return i;
}

// At "<<TAG" or "<<-TAG" at `i`: the offset just past the heredoc's
// terminator line (EOF when unterminated), so a skip never stops inside a
// heredoc's body. Otherwise `i` + 1.
std::size_t skip_heredoc(std::string_view text, std::size_t i) {
  std::size_t tag_begin = i + 2;
  if (tag_begin < text.size() && text[tag_begin] == '-') ++tag_begin;
  std::size_t tag_end = tag_begin;
  if (tag_end < text.size() && is_name_first(text[tag_end]))
    while (tag_end < text.size() && is_name_char(text[tag_end])) ++tag_end;
  if (tag_end == tag_begin) return i + 1;
  std::string_view tag = text.substr(tag_begin, tag_end - tag_begin);
  std::size_t line = text.find('\n', tag_end);
  while (line != std::string_view::npos) {
    std::size_t begin = line + 1;
    std::size_t end = std::min(text.find('\n', begin), text.size());
    std::string_view content = text.substr(begin, end - begin);
    std::size_t indent = content.find_first_not_of(" \t");
    if (indent != std::string_view::npos && content.substr(indent, tag.size()) == tag &&
        (indent + tag.size() == content.size() || !is_name_char(content[indent + tag.size()])))
      return end;  // at the terminator line's newline (or EOF)
    line = end < text.size() ? end : std::string_view::npos;
  }
  return text.size();
}

bool heredoc_at(std::string_view text, std::size_t i) {
  return i + 1 < text.size() && text[i] == '<' && text[i + 1] == '<';
}

}  // namespace

std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

std::optional<EncodingError> find_encoding_error(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead == 0) return EncodingError{i, 1, true};
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = utf8_length(lead);
    if (length == 1 || i + length > text.size()) return EncodingError{i, 1, false};
    std::uint32_t code_point = lead & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      auto c = static_cast<unsigned char>(text[i + k]);
      if (!is_continuation(c)) return EncodingError{i, k, false};
      code_point = (code_point << 6) | (c & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    bool overlong = code_point < kMinForLength[length];
    bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (overlong || surrogate || code_point > 0x10FFFF) return EncodingError{i, length, false};
    i += length;
  }
  return std::nullopt;
}

std::size_t token_end(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return text.size();
  char c = text[offset];
  if (c == '\n' || c == '\r') return offset;
  if (c == '"') return skip_string(text, offset);
  if (is_name_char(c) || c == '-') {
    std::size_t end = offset + 1;
    while (end < text.size() && is_name_char(text[end])) ++end;
    return end;
  }
  std::size_t end = offset + utf8_length(static_cast<unsigned char>(c));
  return end < text.size() ? end : text.size();
}

Resync skip_item(std::string_view text, std::size_t begin) {
  // Brackets opened inside the item; a '}' that closes none of its '{' closes
  // the enclosing block (a `[` left open by the error must not swallow it).
  std::string open;
  std::size_t i = begin;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      i = skip_string(text, i);
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (heredoc_at(text, i)) {
      i = skip_heredoc(text, i);
      continue;
    }
    if (c == '[' || c == '{') {
      open.push_back(c);
    } else if (c == ']') {
      if (!open.empty() && open.back() == '[') open.pop_back();
    } else if (c == '}') {
      std::size_t brace = open.rfind('{');
      if (brace == std::string::npos) return {i, true};
      open.resize(brace);
    } else if (c == '\n') {
      if (open.empty()) return {i + 1, true};
      if (starts_statement_line(text, i + 1)) return {i + 1, false};
    }
    ++i;
  }
  return {text.size(), false};
}

Resync skip_statement(std::string_view text, std::size_t begin) {
  for (std::size_t i = begin; i < text.size();) {
    if (text[i] == '"') {
      i = skip_string(text, i);
    } else if (text[i] == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (heredoc_at(text, i)) {
      i = skip_heredoc(text, i);
    } else if (text[i] == '\n' && starts_statement_line(text, i + 1)) {
      return {i + 1, true};
    } else {
      ++i;
    }
  }
  return {text.size(), false};
}

}  // namespace twin::lang::internal
