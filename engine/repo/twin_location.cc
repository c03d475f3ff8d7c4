#include "engine/repo/twin_location.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "engine/core/durable_io.h"

namespace twin::engine {
namespace fs = std::filesystem;
namespace {

fs::path home_dir() {
  const char* home = std::getenv("HOME");
  return home && *home ? fs::path(home) : fs::path("/root");
}

Result<YAML::Node> read_global() {
  fs::path path = global_config_path();
  std::error_code ec;
  if (!fs::exists(path, ec)) return YAML::Node(YAML::NodeType::Map);
  auto text = read_whole_file(path);
  if (!text) return text.error();
  try {
    YAML::Node node = YAML::Load(*text);
    if (node.IsNull()) return YAML::Node(YAML::NodeType::Map);
    if (!node.IsMap()) return make_error("E1401", path.string() + ": must be a mapping");
    return node;
  } catch (const YAML::Exception& e) {
    return make_error("E1401", path.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

}  // namespace

fs::path global_config_path() { return home_dir() / ".config" / "twinsync" / "config.yaml"; }

fs::path default_twin_dir() {
  const char* env = std::getenv("TWIN_DIR");
  if (env && *env) return fs::absolute(env).lexically_normal();
  return home_dir() / "twinsync-device";
}

Result<std::optional<fs::path>> remembered_twin_dir() {
  auto node = read_global();
  if (!node) return node.error();
  YAML::Node dir = (*node)["twin_dir"];
  if (!dir || !dir.IsScalar() || dir.Scalar().empty()) return std::optional<fs::path>();
  return std::optional<fs::path>(fs::path(dir.Scalar()));
}

Status remember_twin_dir(const fs::path& twin_dir) {
  // A home that does not exist (HOME=/nonexistent for a service user) is
  // not made: the twin then simply is not remembered.
  std::error_code ec;
  if (!fs::is_directory(home_dir(), ec))
    return make_error("E1402", "cannot remember the twin: the home directory " +
                                   home_dir().string() + " does not exist");
  auto node = read_global();
  if (!node) return node.error();
  (*node)["twin_dir"] = twin_dir.string();
  YAML::Emitter out;
  out << *node;
  if (auto made = make_dirs(global_config_path().parent_path(), 0700); !made) return made;
  return write_file_durably(global_config_path(),
                            "# Written by `twin init`: where this user's twin is.\n" +
                                std::string(out.c_str()) + "\n",
                            0600);
}

}  // namespace twin::engine
