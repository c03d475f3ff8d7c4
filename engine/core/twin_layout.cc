#include "engine/core/twin_layout.h"

namespace twin::engine {
namespace layout {
namespace {

std::string joined(std::string_view top, std::string_view name) {
  std::string path(top);
  path += '/';
  path += name;
  return path;
}

}  // namespace

std::string in_state(std::string_view name) { return joined(kState, name); }
std::string in_live(std::string_view name) { return joined(kLive, name); }
std::string in_current_logs(std::string_view name) {
  return joined(kCurrentLogsPath, name);
}
std::string in_filesystem(std::string_view absolute_path) {
  return std::string(kFilesystem) + std::string(absolute_path);
}
bool is_in(std::string_view top, std::string_view relative_path) {
  return relative_path == top ||
         (relative_path.size() > top.size() && relative_path.starts_with(top) &&
          relative_path[top.size()] == '/');
}

}  // namespace layout

bool TwinLayout::is_twin() const {
  std::error_code ec;
  return std::filesystem::is_directory(state(), ec);
}

}  // namespace twin::engine
