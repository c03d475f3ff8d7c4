#include "lang/source_reader.h"

#include <vector>

namespace twin::lang {

std::optional<std::string> MemoryReader::read(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> normalize_path(std::string_view path) {
  if (path.empty() || path.front() == '/') return std::nullopt;
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    std::size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (segments.empty()) return std::nullopt;
      segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  if (segments.empty()) return std::nullopt;
  std::string out;
  for (std::string_view segment : segments) {
    if (!out.empty()) out += '/';
    out += segment;
  }
  return out;
}

std::optional<std::string> resolve_relative(std::string_view from_file, std::string_view relative) {
  if (relative.empty() || relative.front() == '/') return std::nullopt;
  std::size_t slash = from_file.rfind('/');
  if (slash == std::string_view::npos) return normalize_path(relative);
  std::string joined(from_file.substr(0, slash + 1));
  joined += relative;
  return normalize_path(joined);
}

}  // namespace twin::lang
