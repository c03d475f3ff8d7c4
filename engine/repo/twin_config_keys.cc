#include "engine/repo/twin_config_keys.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>

#include "lang/suggest.h"

namespace twin::engine {
namespace {

using Items = std::vector<std::string>;

/// How one key is read from a config and carried over from a parsed
/// one-key document into another config.
struct KeyAccess {
  ConfigKey key;
  bool checkpoints = false;  // parsed by parse_retention, not parse_twin_config
  std::function<Items(const EffectiveConfig&)> get;
  std::function<void(const EffectiveConfig& from, EffectiveConfig& to)> copy;
};

template <class Field>
KeyAccess text_key(std::string name, Field field) {
  return {{std::move(name), false},
          false,
          [field](const EffectiveConfig& c) { return Items{c.twin.*field}; },
          [field](const EffectiveConfig& from, EffectiveConfig& to) {
            to.twin.*field = from.twin.*field;
          }};
}

template <class Field>
KeyAccess list_key(std::string name, Field field) {
  return {{std::move(name), true},
          false,
          [field](const EffectiveConfig& c) { return c.twin.*field; },
          [field](const EffectiveConfig& from, EffectiveConfig& to) {
            to.twin.*field = from.twin.*field;
          }};
}

template <class Field>
KeyAccess number_key(std::string name, Field field) {
  return {{std::move(name), false},
          false,
          [field](const EffectiveConfig& c) { return Items{std::to_string(c.twin.*field)}; },
          [field](const EffectiveConfig& from, EffectiveConfig& to) {
            to.twin.*field = from.twin.*field;
          }};
}

template <class Field>
KeyAccess checkpoints_key(std::string name, Field field) {
  return {{std::move(name), false},
          true,
          [field](const EffectiveConfig& c) { return Items{std::to_string(c.checkpoints.*field)}; },
          [field](const EffectiveConfig& from, EffectiveConfig& to) {
            to.checkpoints.*field = from.checkpoints.*field;
            to.checkpoints.from_config = true;
          }};
}

const std::vector<KeyAccess>& table() {
  static const std::vector<KeyAccess> kTable = {
      text_key("device", &TwinConfig::device),
      list_key("files.roots", &TwinConfig::roots),
      list_key("files.exclude", &TwinConfig::excludes),
      number_key("files.max_size", &TwinConfig::max_file_bytes),
      list_key("files.include_secrets", &TwinConfig::include_secrets),
      number_key("logs.lines", &TwinConfig::log_lines),
      number_key("logs.keep", &TwinConfig::log_keep),
      text_key("git.name", &TwinConfig::git_name),
      text_key("git.email", &TwinConfig::git_email),
      checkpoints_key("checkpoints.keep", &RetentionPolicy::keep),
      checkpoints_key("checkpoints.max_mb", &RetentionPolicy::max_mb),
  };
  return kTable;
}

std::string key_list() {
  std::string text;
  for (const auto& k : config_keys()) text += (text.empty() ? "" : ", ") + k.name;
  return text;
}

/// The key's entry, or an E1401 that says what to do instead.
Result<const KeyAccess*> find_key(std::string_view key) {
  for (const auto& access : table())
    if (access.key.name == key) return &access;
  std::string name(key);
  std::string section = name.substr(0, name.find('.'));
  if (section == "remote")
    return make_error("E1401", "`" + name +
                                   "` is not used: the twin's remote is Git's origin; "
                                   "set it with `twin remote set URL`");
  if (section == "modules")
    return make_error("E1401", "`" + name +
                                   "` is not set with `twin config set`: edit the "
                                   "modules: section of config.yaml");
  std::vector<std::string> names;
  std::string in_section;
  for (const auto& k : config_keys()) {
    names.push_back(k.name);
    if (k.name.rfind(name + ".", 0) == 0) in_section += (in_section.empty() ? "" : ", ") + k.name;
  }
  if (!in_section.empty())
    return make_error("E1401", "`" + name + "` is a section, not a key; its keys: " + in_section);
  if (auto close = lang::closest_name(name, names))
    return make_error("E1401", "unknown config key `" + name + "`; did you mean `" + *close + "`?");
  return make_error("E1401", "unknown config key `" + name + "` (known: " + key_list() + ")");
}

std::string quoted(const std::string& text) {
  YAML::Emitter out;
  out << YAML::DoubleQuoted << text;
  return out.c_str();
}

/// "files:\n  max_size: \"2048\"\n": the one-key document the parser checks.
std::string one_key_document(const std::string& key, const std::string& yaml_value) {
  auto dot = key.find('.');
  if (dot == std::string::npos) return key + ": " + yaml_value + "\n";
  return key.substr(0, dot) + ":\n  " + key.substr(dot + 1) + ": " + yaml_value + "\n";
}

/// The parser's message without its "FILE:LINE:COL: " prefix (the one-key
/// document is no file a person has), naming the key when it does not.
Error value_error(const std::string& key, const std::string& value, const Error& parsed) {
  std::string message = parsed.message;
  if (auto colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
  if (message.find(key) == std::string::npos) message = key + ": " + message;
  return make_error("E1401", message, value);
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

}  // namespace

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> kKeys = [] {
    std::vector<ConfigKey> keys;
    for (const auto& access : table()) keys.push_back(access.key);
    return keys;
  }();
  return kKeys;
}

Result<std::vector<std::string>> get_config_value(const EffectiveConfig& config,
                                                  std::string_view key) {
  auto access = find_key(key);
  if (!access) return access.error();
  return (*access)->get(config);
}

std::vector<std::string> split_list_value(std::string_view value) {
  std::vector<std::string> items;
  while (true) {
    std::size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) return items;
    value.remove_prefix(comma + 1);
  }
}

Status set_config_value(EffectiveConfig& config, std::string_view key, std::string_view value) {
  auto access = find_key(key);
  if (!access) return access.error();
  const KeyAccess& k = **access;
  if (has_control_character(value))
    return make_error("E1401",
                      k.key.name + ": a value cannot hold control characters (newlines, tabs)");
  std::string yaml_value;
  if (k.key.list) {
    yaml_value = "[";
    for (const auto& item : split_list_value(value))
      yaml_value += (yaml_value.size() > 1 ? ", " : "") + quoted(item);
    yaml_value += "]";
  } else {
    yaml_value = quoted(std::string(value));
  }
  std::string document = one_key_document(k.key.name, yaml_value);
  EffectiveConfig parsed;
  if (k.checkpoints) {
    auto policy = parse_retention(document, k.key.name);
    if (!policy) return value_error(k.key.name, std::string(value), policy.error());
    parsed.checkpoints = *policy;
  } else {
    auto twin = parse_twin_config(document, k.key.name);
    if (!twin) return value_error(k.key.name, std::string(value), twin.error());
    parsed.twin = std::move(*twin);
  }
  k.copy(parsed, config);
  return {};
}

bool path_is_under(std::string_view path, std::string_view dir) {
  if (dir == "/") return !path.empty() && path[0] == '/';
  return path == dir ||
         (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/');
}

Result<std::string> normalize_root(std::string_view root) {
  std::string text(root);
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  bool home = text == "~" || text.rfind("~/", 0) == 0;
  if (text.empty() || (text[0] != '/' && !home))
    return make_error("E1411", "a root must be an absolute path or start with ~/", text);
  if (text == "/")
    return make_error("E1411", "`/` cannot be a mirrored root; name directories such as /etc");
  if (has_control_character(text))
    return make_error("E1411", "a root cannot hold control characters", text);
  for (std::size_t start = home ? 1 : 0; start < text.size();) {
    std::size_t end = text.find('/', start + 1);
    std::string_view part = std::string_view(text).substr(
        start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
    if (part.empty() || part == "." || part == "..")
      return make_error("E1411", "a root must be a plain path, without `//`, `.` or `..`", text);
    start = end == std::string::npos ? text.size() : end;
  }
  return text;
}

Status add_root(EffectiveConfig& config, std::string_view root) {
  auto normal = normalize_root(root);
  if (!normal) return normal.error();
  auto& roots = config.twin.roots;
  for (const auto& existing : roots) {
    if (existing == *normal)
      return make_error("E1411", "`" + *normal + "` is already a mirrored root");
    if (path_is_under(*normal, existing))
      return make_error("E1411", "`" + *normal + "` lies inside the root `" + existing +
                                     "`, which already mirrors it");
    if (path_is_under(existing, *normal))
      return make_error("E1411", "`" + *normal + "` contains the root `" + existing +
                                     "`; remove that first (`twin config-fs remove " + existing +
                                     "`), then add `" + *normal + "`");
  }
  roots.push_back(*normal);
  return {};
}

Status remove_root(EffectiveConfig& config, std::string_view root) {
  std::string text(root);
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  auto& roots = config.twin.roots;
  auto found = std::find(roots.begin(), roots.end(), text);
  if (found != roots.end()) {
    roots.erase(found);
    return {};
  }
  std::string known;
  for (const auto& r : roots) known += (known.empty() ? "" : ", ") + r;
  std::string message = "`" + text + "` is not a mirrored root";
  if (auto close = lang::closest_name(text, roots))
    message += "; did you mean `" + *close + "`?";
  else
    message += known.empty() ? " (there are none)" : " (the roots: " + known + ")";
  return make_error("E1411", message);
}

}  // namespace twin::engine
