#include "man/markdown_to_roff.h"

#include <cctype>
#include <sstream>

#include "man/roff.h"

namespace twin::man {
namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

/// Cells of a `| a | b |` row; `\|` and a `|` inside `code` stay in the cell.
std::vector<std::string> table_cells(std::string_view row) {
  std::string body = trim(row);
  if (!body.empty() && body.front() == '|') body.erase(0, 1);
  if (!body.empty() && body.back() == '|' && (body.size() < 2 || body[body.size() - 2] != '\\'))
    body.pop_back();
  std::vector<std::string> cells;
  std::string cell;
  bool in_code = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '`') in_code = !in_code;
    if (c == '\\' && i + 1 < body.size() && body[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (c == '|' && !in_code) {
      cells.push_back(trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.push_back(trim(cell));
  return cells;
}

bool is_separator_row(const std::vector<std::string>& cells) {
  for (const auto& c : cells)
    if (c.find_first_not_of("-: ") != std::string::npos) return false;
  return true;
}

std::string heading_title(std::string_view line, size_t level) {
  std::string title = trim(line.substr(level));
  if (level == 2) {
    // "2. The `.twin` language" -> "THE .TWIN LANGUAGE"
    size_t dot = title.find(". ");
    if (dot != std::string::npos && dot > 0 && title.find_first_not_of("0123456789") == dot)
      title = title.substr(dot + 2);
    std::string plain;
    for (char c : title)
      if (c != '`') plain += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return plain;
  }
  return title;
}

}  // namespace

std::optional<std::string> select_chapters(std::string_view markdown,
                                           const std::vector<std::string>& prefixes) {
  std::string out;
  for (const auto& prefix : prefixes) {
    std::string opening = "\n## " + prefix;
    size_t at = markdown.find(opening);
    if (at == std::string_view::npos) return std::nullopt;
    size_t end = markdown.find("\n## ", at + 1);
    out += markdown.substr(at + 1, end == std::string_view::npos ? end : end - at);
  }
  return out;
}

std::string inline_to_roff(std::string_view text) {
  std::string out, plain;
  auto flush = [&] {
    out += escape(plain);
    plain.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
      plain += text[++i];
    } else if (c == '`') {
      size_t close = text.find('`', i + 1);
      if (close == std::string_view::npos) {
        plain += c;
        continue;
      }
      flush();
      out += bold(text.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t close = text.find("**", i + 2);
      if (close == std::string_view::npos) {
        plain += "**";
        ++i;
        continue;
      }
      flush();
      out += "\\fB" + inline_to_roff(text.substr(i + 2, close - i - 2)) + "\\fR";
      i = close + 1;
    } else if (c == '*' && i + 1 < text.size() &&
               !std::isspace(static_cast<unsigned char>(text[i + 1]))) {
      size_t close = text.find('*', i + 1);
      if (close == std::string_view::npos) {
        plain += c;
        continue;
      }
      flush();
      out += "\\fI" + inline_to_roff(text.substr(i + 1, close - i - 1)) + "\\fR";
      i = close;
    } else if (c == '[') {
      size_t mid = text.find("](", i);
      size_t close = mid == std::string_view::npos ? mid : text.find(')', mid);
      if (close == std::string_view::npos) {
        plain += c;
        continue;
      }
      // The link's text only: its target is a web page or a SPEC.md anchor.
      flush();
      out += inline_to_roff(text.substr(i + 1, mid - i - 1));
      i = close;
    } else {
      plain += c;
    }
  }
  flush();
  return out;
}

std::string markdown_to_roff(std::string_view markdown) {
  std::istringstream in{std::string(markdown)};
  std::string out, line;
  // A paragraph or list item is gathered whole before its inline markup is
  // read: a `code span` may run across a line break.
  enum class Block { kNone, kParagraph, kItem, kTable } block = Block::kNone;
  std::string gathered;
  auto flush = [&] {
    if (block == Block::kParagraph) out += ".PP\n" + inline_to_roff(gathered) + "\n";
    if (block == Block::kItem) out += ".IP \\(bu 2\n" + inline_to_roff(gathered) + "\n";
    gathered.clear();
    block = Block::kNone;
  };
  std::vector<std::string> columns;
  bool in_code = false;
  while (std::getline(in, line)) {
    std::string text = trim(line);
    if (text.starts_with("```")) {
      flush();
      out += in_code ? ".fi\n.RE\n" : ".PP\n.RS 4\n.nf\n";
      in_code = !in_code;
      continue;
    }
    if (in_code) {
      out += escape(line) + "\n";
      continue;
    }
    if (text.empty()) {
      flush();
      continue;
    }
    size_t hashes = text.find_first_not_of('#');
    if (hashes > 0 && hashes != std::string::npos && hashes <= 4 && text[hashes] == ' ') {
      flush();
      std::string title = heading_title(text, hashes);
      out += (hashes <= 2 ? ".SH \"" : ".SS \"") + inline_to_roff(title) + "\"\n";
      continue;
    }
    if (text.front() == '|') {
      auto cells = table_cells(text);
      if (block != Block::kTable) {
        flush();
        columns = cells;  // the header row
        block = Block::kTable;
        continue;
      }
      if (is_separator_row(cells)) continue;
      out += ".TP\n" + inline_to_roff(cells.empty() ? "" : cells[0]) + "\n";
      bool first = true;
      for (size_t i = 1; i < cells.size(); ++i) {
        if (cells[i].empty()) continue;
        if (!first) out += ".br\n";
        first = false;
        if (i < columns.size() && !columns[i].empty())
          out += "\\fI" + inline_to_roff(columns[i]) + ":\\fR ";
        out += inline_to_roff(cells[i]) + "\n";
      }
      continue;
    }
    if (text.starts_with("- ") || text.starts_with("* ")) {
      flush();
      block = Block::kItem;
      gathered = trim(text.substr(2));
      continue;
    }
    if (block == Block::kTable) flush();
    if (block == Block::kNone) block = Block::kParagraph;
    // A paragraph's next line, or a list item's continuation.
    gathered += (gathered.empty() ? "" : " ") + text;
  }
  flush();
  if (in_code) out += ".fi\n.RE\n";
  return out;
}

}  // namespace twin::man
