#include "resources/path_rules.h"

namespace twin::resources {

std::vector<std::string> parent_dirs(std::string_view path) {
  std::vector<std::string> parents;
  for (std::size_t slash = path.find('/', 1); slash != std::string_view::npos;
       slash = path.find('/', slash + 1))
    parents.emplace_back(path.substr(0, slash));
  return parents;
}

}  // namespace twin::resources
