#include "lang/source.h"

#include <algorithm>

namespace twin::lang {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

SourceFile::LineCol SourceFile::line_col(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t line_index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  return {static_cast<unsigned>(line_index + 1),
          static_cast<unsigned>(offset - line_starts_[line_index] + 1)};
}

std::string_view SourceFile::line_text(unsigned line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::size_t begin = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  std::string_view view(text_);
  view = view.substr(begin, end - begin);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

std::string Span::where() const {
  if (!file) return {};
  auto lc = file->line_col(begin);
  return file->path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

}  // namespace twin::lang
