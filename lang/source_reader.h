// How the language reads files other than the manifests it was handed:
// imported .twin files, file() and template(). The caller provides the
// reader, so lang/ never touches the file system itself, and tests use an
// in-memory one.
//
// Paths given to a reader are relative to the twin root, '/'-separated and
// normalised ("state/common.twin", "files/motd"): never absolute, never
// with "." or ".." segments.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace twin::lang {

/// Reads twin files by root-relative path. Implementations must be
/// deterministic for the duration of one load.
class SourceReader {
 public:
  virtual ~SourceReader() = default;
  /// The whole content of `path`, or nullopt when it does not exist or
  /// cannot be read.
  virtual std::optional<std::string> read(const std::string& path) = 0;
  /// Why read(path) gave nothing, for the diagnostic at the reading
  /// expression ("a symbolic link or '..' leads out of the twin"); "" when
  /// the reader cannot say.
  virtual std::string why_unreadable(const std::string& path) const {
    (void)path;
    return {};
  }
};

/// A reader over a fixed set of files, for tests and for tools that already
/// hold the sources in memory.
class MemoryReader : public SourceReader {
 public:
  void add(std::string path, std::string text) { files_[std::move(path)] = std::move(text); }
  std::optional<std::string> read(const std::string& path) override;

 private:
  std::map<std::string, std::string> files_;
};

/// `path` with "." segments and empty segments removed and ".." applied.
/// nullopt when `path` is absolute, empty, or climbs above the root.
std::optional<std::string> normalize_path(std::string_view path);

/// `relative` resolved against the directory of `from_file` (both
/// root-relative), normalised; nullopt when `relative` is absolute or the
/// result climbs above the root.
std::optional<std::string> resolve_relative(std::string_view from_file, std::string_view relative);

}  // namespace twin::lang
