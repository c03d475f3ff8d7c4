#include "cli/twin_location.h"

#include "cli/session.h"
#include "engine/twin_location.h"

namespace twin::cli {
namespace fs = std::filesystem;

std::optional<fs::path> locate_twin(const std::string& flag) {
  std::error_code ec;
  // --twin, $TWIN_DIR, the current directory, then the remembered twin.
  auto located = engine::locate_twin(flag);
  if (!located) {
    print_error(located.error());
    return std::nullopt;
  }
  fs::path dir = *located;
  if (dir.has_filename() == false && dir != dir.root_path()) dir = dir.parent_path();
  if (!fs::is_directory(dir / "state", ec)) {
    print_error(engine::make_error("E1201", "not a twin: no state/ directory", dir.string()));
    return std::nullopt;
  }
  return dir;
}

std::optional<fs::path> locate_root(const std::string& flag) {
  std::error_code ec;
  fs::path root(flag);
  if (!root.is_absolute() || !fs::is_directory(root, ec)) {
    print_error(
        engine::make_error("E1203", "--root must be an absolute path to a directory", flag));
    return std::nullopt;
  }
  root = fs::canonical(root, ec);
  if (ec) {
    print_error(engine::make_error("E1203", "cannot resolve --root: " + ec.message(), flag));
    return std::nullopt;
  }
  return root;
}

}  // namespace twin::cli
