#include "engine/repo/module_lock.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "engine/core/durable_io.h"
#include "engine/repo/module_names.h"

namespace twin::engine {
namespace {

constexpr int kLockVersion = 1;

bool is_hex(std::string_view text, std::size_t length) {
  return text.size() == length &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

/// A lock entry's problem, or "" when it is well-formed.
std::string entry_problem(const LockedModule& m) {
  if (auto ok = check_module_name(m.name); !ok) return ok.error().message;
  if (auto ok = check_module_url(m.url); !ok)
    return "module `" + m.name + "`: " + ok.error().message;
  if (auto ok = check_module_ref(m.ref); !ok)
    return "module `" + m.name + "`: " + ok.error().message;
  if (!is_hex(m.commit, 40)) return "module `" + m.name + "`: `commit` must be 40 hex digits";
  if (!is_hex(m.tree, 40)) return "module `" + m.name + "`: `tree` must be 40 hex digits";
  if (!is_hex(m.files_sha256, 64))
    return "module `" + m.name + "`: `files_sha256` must be 64 hex digits";
  return "";
}

std::string text_field(const nlohmann::json& entry, const char* key, bool required) {
  auto it = entry.find(key);
  if (it == entry.end()) {
    if (required) throw std::runtime_error(std::string("an entry lacks `") + key + "`");
    return "";
  }
  if (!it->is_string()) throw std::runtime_error(std::string("`") + key + "` must be a string");
  return it->get<std::string>();
}

}  // namespace

const LockedModule* ModuleLock::find(std::string_view name) const {
  for (const auto& m : modules)
    if (m.name == name) return &m;
  return nullptr;
}

Result<ModuleLock> parse_module_lock(std::string_view text, const std::string& file_name) {
  ModuleLock lock;
  try {
    auto json = nlohmann::json::parse(text);
    if (!json.is_object() || !json.contains("modules") || !json["modules"].is_array())
      return make_error("E2042", file_name + ": expected {\"version\": 1, \"modules\": [...]}");
    if (json.value("version", 0) != kLockVersion)
      return make_error("E2042", file_name + ": unsupported version (this twin reads version " +
                                     std::to_string(kLockVersion) + ")");
    for (const auto& entry : json["modules"]) {
      if (!entry.is_object()) return make_error("E2042", file_name + ": each module is an object");
      LockedModule m{text_field(entry, "name", true),       text_field(entry, "url", true),
                     text_field(entry, "ref", false),       text_field(entry, "commit", true),
                     text_field(entry, "tree", true),       text_field(entry, "files_sha256", true),
                     text_field(entry, "fetched_at", false)};
      if (std::string problem = entry_problem(m); !problem.empty())
        return make_error("E2042", file_name + ": " + problem);
      if (lock.find(m.name))
        return make_error("E2042", file_name + ": module `" + m.name + "` is locked twice");
      lock.modules.push_back(std::move(m));
    }
  } catch (const std::exception& e) {
    // nlohmann's messages name positions, never more than the offending token.
    return make_error("E2042", file_name + ": " + e.what());
  }
  std::sort(lock.modules.begin(), lock.modules.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return lock;
}

Result<ModuleLock> load_module_lock(const std::filesystem::path& twin_dir) {
  std::error_code ec;
  std::filesystem::path path = twin_dir / kModuleLockFile;
  if (!std::filesystem::exists(path, ec)) return ModuleLock{};
  auto text = read_whole_file(path);
  if (!text) return text.error();
  return parse_module_lock(*text, kModuleLockFile);
}

std::string render_module_lock(const ModuleLock& lock) {
  std::vector<LockedModule> sorted = lock.modules;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  nlohmann::ordered_json modules = nlohmann::ordered_json::array();
  for (const auto& m : sorted)
    modules.push_back({{"name", m.name},
                       {"url", m.url},
                       {"ref", m.ref},
                       {"commit", m.commit},
                       {"tree", m.tree},
                       {"files_sha256", m.files_sha256},
                       {"fetched_at", m.fetched_at}});
  nlohmann::ordered_json json = {{"version", kLockVersion}, {"modules", modules}};
  return json.dump(2) + "\n";
}

Status save_module_lock(const std::filesystem::path& twin_dir, const ModuleLock& lock) {
  std::filesystem::path path = twin_dir / kModuleLockFile;
  if (lock.modules.empty()) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (ec)
      return make_error("E1001", "cannot remove the module lock: " + ec.message(), path.string());
    return {};
  }
  return write_file_durably(path, render_module_lock(lock), 0644);
}

}  // namespace twin::engine
