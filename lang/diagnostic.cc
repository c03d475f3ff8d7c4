#include "lang/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace twin::lang {

void DiagnosticSink::error(std::string code, std::string message, Span span, std::string hint) {
  add(Diagnostic{Severity::kError, std::move(code), std::move(message), std::move(span),
                 std::move(hint)});
}

void DiagnosticSink::warning(std::string code, std::string message, Span span, std::string hint) {
  add(Diagnostic{Severity::kWarning, std::move(code), std::move(message), std::move(span),
                 std::move(hint)});
}

bool DiagnosticSink::has_errors() const { return error_count() > 0; }

std::size_t DiagnosticSink::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(diagnostics_.begin(), diagnostics_.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::size_t DiagnosticSink::warning_count() const {
  return static_cast<std::size_t>(
      std::count_if(diagnostics_.begin(), diagnostics_.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::kWarning; }));
}

namespace {

constexpr std::size_t kTabWidth = 4;
// Line numbers are right-aligned in at least this many columns.
constexpr std::size_t kMinGutterWidth = 5;

struct Style {
  bool color;
  std::string paint(std::string_view text, std::string_view ansi) const {
    if (!color) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", ansi, text);
  }
};

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

std::string_view severity_colour(Severity s) {
  switch (s) {
    case Severity::kError:
      return "1;31";
    case Severity::kWarning:
      return "1;35";
    case Severity::kNote:
      return "1;36";
  }
  return "1";
}

// Appends `raw` to `out` as it should appear on a terminal, advancing
// `column`: tabs become spaces up to the next tab stop, control characters
// their visible "control picture" (U+2400 + c) and invalid UTF-8 U+FFFD, so
// that every character is one column wide (wide characters are not measured)
// and the caret lines up.
void append_printable(std::string& out, std::string_view raw, std::size_t& column) {
  for (std::size_t i = 0; i < raw.size();) {
    auto c = static_cast<unsigned char>(raw[i]);
    if (c == '\t') {
      std::size_t spaces = kTabWidth - column % kTabWidth;
      out.append(spaces, ' ');
      column += spaces;
      ++i;
      continue;
    }
    ++column;
    if (c < 0x20 || c == 0x7F) {
      unsigned picture = c == 0x7F ? 0x2421 : 0x2400 + c;  // three bytes in UTF-8
      out += static_cast<char>(0xE0 | (picture >> 12));
      out += static_cast<char>(0x80 | ((picture >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (picture & 0x3F));
      ++i;
      continue;
    }
    std::size_t length = c < 0x80             ? 1
                         : (c & 0xE0) == 0xC0 ? 2
                         : (c & 0xF0) == 0xE0 ? 3
                         : (c & 0xF8) == 0xF0 ? 4
                                              : 0;
    bool valid = length > 0 && i + length <= raw.size();
    for (std::size_t k = 1; valid && k < length; ++k)
      valid = (static_cast<unsigned char>(raw[i + k]) & 0xC0) == 0x80;
    if (!valid) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(raw.substr(i, length));
    i += length;
  }
}

// The source line of `span` with `^~~~` under it: '^' at the start, '~'
// under the rest of the span on that line.
void render_snippet(std::string& out, const Span& span, const Style& style) {
  const SourceFile& file = *span.file;
  SourceFile::LineCol where = file.line_col(span.begin);
  std::string_view line = file.line_text(where.line);
  std::size_t column = std::min<std::size_t>(where.column - 1, line.size());
  std::size_t span_end = std::max(span.begin, span.end);
  std::size_t length = std::min(span_end - span.begin, line.size() - column);

  std::string number = std::to_string(where.line);
  std::size_t gutter = std::max(kMinGutterWidth, number.size());
  std::string shown;
  std::size_t indent = 0;
  append_printable(shown, line.substr(0, column), indent);
  std::size_t span_columns = indent;
  append_printable(shown, line.substr(column, length), span_columns);
  std::size_t rest = span_columns;
  append_printable(shown, line.substr(column + length), rest);
  out += fmt::format("{:>{}} |{}{}\n", number, gutter, shown.empty() ? "" : " ", shown);

  std::size_t width = span_columns - indent;
  std::string marker = "^" + std::string(width > 1 ? width - 1 : 0, '~');
  out += fmt::format("{} | {}{}\n", std::string(gutter, ' '), std::string(indent, ' '),
                     style.paint(marker, "1;32"));
}

void render_located(std::string& out, const Span& span, Severity severity, std::string_view code,
                    std::string_view message, const Style& style) {
  std::string head(severity_name(severity));
  if (!code.empty()) head += fmt::format("[{}]", code);
  if (span.valid()) out += style.paint(span.where() + ":", "1") + " ";
  out +=
      style.paint(head, severity_colour(severity)) + style.paint(fmt::format(": {}", message), "1");
  out += "\n";
  if (span.valid()) render_snippet(out, span, style);
}

}  // namespace

std::string render_text(const Diagnostic& d, bool color) {
  Style style{color};
  std::string out;
  render_located(out, d.span, d.severity, d.code, d.message, style);
  for (const Label& label : d.related)
    render_located(out, label.span, Severity::kNote, "", label.message, style);
  for (const std::string& note : d.notes)
    out += style.paint("note:", severity_colour(Severity::kNote)) + " " + note + "\n";
  if (!d.hint.empty()) out += style.paint("help:", "1;36") + " " + d.hint + "\n";
  return out;
}

}  // namespace twin::lang
