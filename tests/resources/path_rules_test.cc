#include "resources/path_rules.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

struct PathCase {
  std::string path;
  std::optional<std::string> problem;
};

TEST(PathRules, AbsolutePaths) {
  const std::vector<PathCase> cases = {
      {"/", std::nullopt},
      {"/etc/motd", std::nullopt},
      {"/etc/with space/ünïcode", std::nullopt},
      {"/etc/.hidden", std::nullopt},
      {"/etc/..hidden", std::nullopt},
      {"", "path is empty"},
      {"etc/motd", "path must be absolute"},
      {"./etc", "path must be absolute"},
      {"/etc/../passwd", "path contains a '..' component"},
      {"/..", "path contains a '..' component"},
      {"/etc/./motd", "path contains a '.' component"},
      {"/etc//motd", "path contains '//'"},
      {"//etc", "path contains '//'"},
      {"/etc/", "path must not end with '/'"},
      {std::string("/etc/mo\0td", 10), "path contains a NUL byte"},
      {"/etc/caf\xe9", "path is not valid UTF-8"},
  };
  for (const auto& c : cases) EXPECT_EQ(absolute_path_problem(c.path), c.problem) << c.path;
}

TEST(PathRules, RelativePaths) {
  const std::vector<PathCase> cases = {
      {"files/motd", std::nullopt},
      {"motd", std::nullopt},
      {"", "path is empty"},
      {"/etc/passwd", "path must be relative to the twin directory"},
      {"../secrets", "path contains a '..' component"},
      {"files/../../x", "path contains a '..' component"},
      {"./files", "path contains a '.' component"},
      {"files//motd", "path contains '//'"},
      {"files/", "path must not end with '/'"},
  };
  for (const auto& c : cases) EXPECT_EQ(relative_path_problem(c.path), c.problem) << c.path;
}

TEST(PathRules, ParentDirs) {
  EXPECT_EQ(parent_dirs("/a/b/c"), (std::vector<std::string>{"/a", "/a/b"}));
  EXPECT_EQ(parent_dirs("/a"), std::vector<std::string>{});
  EXPECT_EQ(parent_dirs("/"), std::vector<std::string>{});
}

}  // namespace
}  // namespace twin::resources
