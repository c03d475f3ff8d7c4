#include "resources/path_rules.h"

#include "resources/utf8.h"

namespace twin::resources {
namespace {

// Checks the components of a path without its leading '/'.
std::optional<std::string> components_problem(std::string_view rest) {
  if (rest.find('\0') != std::string_view::npos) return "path contains a NUL byte";
  // Plans, journals and reports carry paths as JSON strings.
  if (!is_valid_utf8(rest)) return "path is not valid UTF-8";
  if (rest.find("//") != std::string_view::npos || (!rest.empty() && rest.front() == '/'))
    return "path contains '//'";
  if (!rest.empty() && rest.back() == '/') return "path must not end with '/'";
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    if (part == "..") return "path contains a '..' component";
    if (part == ".") return "path contains a '.' component";
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> absolute_path_problem(std::string_view path) {
  if (path.empty()) return "path is empty";
  if (path.front() != '/') return "path must be absolute";
  if (path == "/") return std::nullopt;
  return components_problem(path.substr(1));
}

std::optional<std::string> relative_path_problem(std::string_view path) {
  if (path.empty()) return "path is empty";
  if (path.front() == '/') return "path must be relative to the twin directory";
  return components_problem(path);
}

std::vector<std::string> parent_dirs(std::string_view path) {
  std::vector<std::string> parents;
  for (std::size_t slash = path.find('/', 1); slash != std::string_view::npos;
       slash = path.find('/', slash + 1))
    parents.emplace_back(path.substr(0, slash));
  return parents;
}

}  // namespace twin::resources
