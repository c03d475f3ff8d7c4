#include "engine/repo/twin_config.h"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

#include "engine/core/durable_io.h"
#include "engine/repo/module_names.h"

namespace twin::engine {
namespace {

/// yaml-cpp throws; everything below turns a problem into this, caught once
/// at parse_twin_config's edge.
struct ConfigProblem {
  YAML::Mark mark;
  std::string message;
};

std::string where(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string scalar(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) throw ConfigProblem{node.Mark(), "`" + key + "` must be a string"};
  return node.Scalar();
}

std::uint64_t number(const YAML::Node& node, const std::string& key, std::uint64_t max) {
  std::string text = node.IsScalar() ? node.Scalar() : "";
  bool digits = !text.empty() && text.size() < 20 &&
                std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
  if (!digits || std::stoull(text) == 0 || std::stoull(text) > max)
    throw ConfigProblem{node.Mark(), "`" + key + "` must be a whole number from 1 to " +
                                         std::to_string(max)};
  return std::stoull(text);
}

std::vector<std::string> strings(const YAML::Node& node, const std::string& key) {
  if (node.IsNull()) return {};
  if (!node.IsSequence()) throw ConfigProblem{node.Mark(), "`" + key + "` must be a list"};
  std::vector<std::string> out;
  for (const auto& item : node) out.push_back(scalar(item, key + "[]"));
  return out;
}

/// Calls `on_key` for each key of a mapping; an unknown key is a problem.
void each_key(const YAML::Node& node, const std::string& section,
              const std::map<std::string, std::function<void(const YAML::Node&)>>& handlers) {
  if (node.IsNull()) return;
  if (!node.IsMap())
    throw ConfigProblem{node.Mark(), section.empty() ? std::string("config.yaml must be a mapping")
                                                     : "`" + section + "` must be a mapping"};
  for (const auto& entry : node) {
    std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    auto handler = handlers.find(key);
    if (handler == handlers.end()) {
      std::string known;
      for (const auto& [name, unused] : handlers) known += (known.empty() ? "" : ", ") + name;
      std::string full = section.empty() ? key : section + "." + key;
      throw ConfigProblem{entry.first.Mark(), "unknown key `" + full + "` (known: " + known + ")"};
    }
    handler->second(entry.second);
  }
}

void check_roots(const YAML::Node& node, const std::vector<std::string>& roots) {
  for (const auto& root : roots) {
    bool home = root == "~" || root.rfind("~/", 0) == 0;
    if ((root.empty() || root[0] != '/') && !home)
      throw ConfigProblem{node.Mark(), "a root must be an absolute path or start with ~/: " + root};
  }
}

/// `modules:` — a list of {name, url, ref} maps, names unique.
std::vector<ModuleSpec> module_specs(const YAML::Node& node) {
  if (node.IsNull()) return {};
  if (!node.IsSequence())
    throw ConfigProblem{node.Mark(), "`modules` must be a list of {name: NAME, url: URL, ref: REF}"};
  std::vector<ModuleSpec> out;
  for (const auto& item : node) {
    ModuleSpec spec;
    std::optional<YAML::Mark> name_at, url_at, ref_at;
    each_key(item, "modules[]",
             {{"name", [&](const YAML::Node& v) { name_at = v.Mark(); spec.name = scalar(v, "name"); }},
              {"url", [&](const YAML::Node& v) { url_at = v.Mark(); spec.url = scalar(v, "url"); }},
              {"ref", [&](const YAML::Node& v) { ref_at = v.Mark(); spec.ref = scalar(v, "ref"); }}});
    if (!name_at || !url_at) throw ConfigProblem{item.Mark(), "a module needs a `name` and a `url`"};
    if (auto ok = check_module_name(spec.name); !ok)
      throw ConfigProblem{*name_at, ok.error().message};
    for (const auto& earlier : out)
      if (earlier.name == spec.name)
        throw ConfigProblem{*name_at, "two modules are named `" + spec.name + "`"};
    // Never echo a refused URL: it may hold a token.
    if (auto ok = check_module_url(spec.url); !ok)
      throw ConfigProblem{*url_at, "module `" + spec.name + "`: " + ok.error().message};
    if (auto ok = check_module_ref(spec.ref); !ok)
      throw ConfigProblem{ref_at.value_or(item.Mark()), "module `" + spec.name + "`: " + ok.error().message};
    out.push_back(std::move(spec));
  }
  return out;
}

std::string quoted(const std::string& text) {
  YAML::Emitter out;
  out << YAML::DoubleQuoted << text;
  return out.c_str();
}

std::string list(const std::vector<std::string>& items) {
  std::string text = "[";
  for (std::size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + quoted(items[i]);
  return text + "]";
}

bool under(std::string_view path, std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  return path == dir || (path.size() > dir.size() && path.substr(0, dir.size()) == dir &&
                         (dir == "/" || path[dir.size()] == '/'));
}

}  // namespace

bool TwinConfig::secret_opted_in(std::string_view path) const {
  return std::any_of(include_secrets.begin(), include_secrets.end(),
                     [&](const std::string& dir) { return under(path, dir); });
}

bool TwinConfig::excluded(std::string_view path) const {
  std::string p(path);
  for (const auto& pattern : excludes) {
    // The path itself or any directory above it matches the pattern; a
    // pattern without '/' is matched against names, as in .gitignore.
    bool by_name = pattern.find('/') == std::string::npos;
    for (std::string prefix = p; !prefix.empty() && prefix != "/";
         prefix = prefix.substr(0, std::max<std::size_t>(prefix.rfind('/'), 1))) {
      std::string subject = by_name ? prefix.substr(prefix.rfind('/') + 1) : prefix;
      if (::fnmatch(pattern.c_str(), subject.c_str(), FNM_PATHNAME) == 0) return true;
    }
  }
  return false;
}

Result<TwinConfig> parse_twin_config(std::string_view text, const std::string& file_name) {
  TwinConfig config;
  try {
    YAML::Node root = YAML::Load(std::string(text));
    each_key(root, "",
             {{"device", [&](const YAML::Node& n) { config.device = scalar(n, "device"); }},
              {"files",
               [&](const YAML::Node& n) {
                 each_key(n, "files",
                          {{"roots",
                            [&](const YAML::Node& v) {
                              config.roots = strings(v, "files.roots");
                              check_roots(v, config.roots);
                            }},
                           {"exclude",
                            [&](const YAML::Node& v) { config.excludes = strings(v, "files.exclude"); }},
                           {"max_size",
                            [&](const YAML::Node& v) {
                              config.max_file_bytes = number(v, "files.max_size", 64u << 20);
                            }},
                           {"include_secrets", [&](const YAML::Node& v) {
                              config.include_secrets = strings(v, "files.include_secrets");
                            }}});
               }},
              {"logs",
               [&](const YAML::Node& n) {
                 each_key(n, "logs",
                          {{"lines", [&](const YAML::Node& v) { config.log_lines = number(v, "logs.lines", 100000); }},
                           {"keep", [&](const YAML::Node& v) { config.log_keep = number(v, "logs.keep", 1000); }}});
               }},
              {"git",
               [&](const YAML::Node& n) {
                 each_key(n, "git",
                          {{"name", [&](const YAML::Node& v) { config.git_name = scalar(v, "git.name"); }},
                           {"email", [&](const YAML::Node& v) { config.git_email = scalar(v, "git.email"); }}});
               }},
              // Read by engine/core/retention.h, which checks it.
              {"checkpoints", [](const YAML::Node&) {}},
              {"modules", [&](const YAML::Node& n) { config.modules = module_specs(n); }},
              {"remote", [&](const YAML::Node& n) {
                 each_key(n, "remote",
                          {{"url", [&](const YAML::Node& v) { config.remote_url = scalar(v, "remote.url"); }},
                           {"branch", [&](const YAML::Node& v) {
                              config.remote_branch = scalar(v, "remote.branch");
                            }}});
               }}});
  } catch (const ConfigProblem& problem) {
    return make_error("E1401", where(file_name, problem.mark) + ": " + problem.message);
  } catch (const YAML::Exception& e) {
    return make_error("E1401", where(file_name, e.mark) + ": " + e.msg);
  }
  return config;
}

Result<TwinConfig> load_twin_config(const std::filesystem::path& twin_dir) {
  std::error_code ec;
  std::filesystem::path path = twin_dir / kTwinConfigFile;
  if (!std::filesystem::exists(path, ec)) return TwinConfig{};
  auto text = read_whole_file(path);
  if (!text) return text.error();
  return parse_twin_config(*text, path.string());
}

std::string render_twin_config(const TwinConfig& c) {
  std::string text =
      "# TwinSync++ twin configuration; every key is optional (see SPEC.md, section 1).\n"
      "# The device name used in snapshot commit messages (empty: the hostname).\n"
      "device: " + quoted(c.device) + "\n"
      "\n"
      "# What `twin snapshot` mirrors into filesystem/: text files under these roots\n"
      "# (~ is the invoking user's home; under sudo, SUDO_USER's), up to max_size bytes.\n"
      "# Files matching an exclude pattern (fnmatch, on absolute paths) are skipped, and\n"
      "# so are secrets (shadow files, private keys, ...) unless listed in include_secrets.\n"
      "files:\n"
      "  roots: " + list(c.roots) + "\n"
      "  exclude: " + list(c.excludes) + "\n"
      "  max_size: " + std::to_string(c.max_file_bytes) + "\n"
      "  include_secrets: " + list(c.include_secrets) + "\n"
      "\n"
      "# Logs captured into logs/current/: lines per log, older captures kept.\n"
      "logs:\n"
      "  lines: " + std::to_string(c.log_lines) + "\n"
      "  keep: " + std::to_string(c.log_keep) + "\n"
      "\n"
      "# Who commits (empty: twin <twin@HOSTNAME>).\n"
      "git:\n"
      "  name: " + quoted(c.git_name) + "\n"
      "  email: " + quoted(c.git_email) + "\n"
      "\n"
      "\n"
      "# Apply checkpoints kept in .twin/ (see SPEC.md section 5); the defaults:\n"
      "# checkpoints: {keep: 20, max_mb: 500}\n"
      "\n"
      "# The remote is Git's `origin`: see `twin remote`, `twin push`, `twin setup-github`.\n";
  text +=
      "\n"
      "# Fleet modules: Git repositories checked out into modules/NAME by `twin modules\n"
      "# update`, pinned in modules.lock, imported as `import \"modules/NAME/FILE.twin\"`.\n"
      "# ref: a branch, tag or full commit id (empty: the remote's default branch).\n";
  if (c.modules.empty()) {
    text += "# modules:\n#   - {name: web, url: \"https://git.example.org/fleet/web.git\", ref: main}\n";
  } else {
    text += "modules:\n";
    for (const auto& m : c.modules)
      text += "  - {name: " + quoted(m.name) + ", url: " + quoted(m.url) + ", ref: " +
              quoted(m.ref) + "}\n";
  }
  return text;
}

}  // namespace twin::engine
