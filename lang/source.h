// Source text and locations. Locations are byte offsets into a SourceFile;
// line and column are computed only when a diagnostic is rendered.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace twin::lang {

/// One loaded manifest (or an embedded stdlib file). Immutable once built.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  struct LineCol {
    unsigned line = 1;    // 1-based
    unsigned column = 1;  // 1-based, in bytes
  };
  /// Line and column of a byte offset (offsets past the end clamp to the end).
  LineCol line_col(std::size_t offset) const;
  /// The text of a 1-based line, without its newline.
  std::string_view line_text(unsigned line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

using SourcePtr = std::shared_ptr<const SourceFile>;

inline SourcePtr make_source(std::string path, std::string text) {
  return std::make_shared<const SourceFile>(std::move(path), std::move(text));
}

/// A half-open byte range [begin, end) in one file. A Span without a file
/// locates nothing (errors about the machine rather than the manifest).
struct Span {
  SourcePtr file;
  std::size_t begin = 0;
  std::size_t end = 0;

  bool valid() const { return file != nullptr; }
  /// "path:line:col", or "" when the span locates nothing.
  std::string where() const;
};

}  // namespace twin::lang
