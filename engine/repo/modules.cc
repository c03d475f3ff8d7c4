#include "engine/repo/modules.h"

#include <algorithm>
#include <ctime>
#include <map>

#include "engine/repo/module_files.h"
#include "engine/repo/module_names.h"
#include "engine/repo/module_store.h"
#include "engine/repo/snapshot_commit.h"

namespace twin::engine {
namespace fs = std::filesystem;
namespace {

/// What update_modules decided for one configured module, before writing.
struct Decision {
  ModuleUpdate update;
  LockedModule entry;                // its new lock entry
  std::optional<ModuleFiles> write;  // set when modules/NAME must be rewritten
};

/// The files under modules/NAME, or nullopt when absent or unreadable.
std::optional<ModuleFiles> files_on_disk(const fs::path& twin_dir, const std::string& name) {
  std::error_code ec;
  fs::path dir = twin_dir / kModulesDir / name;
  if (!fs::is_directory(fs::symlink_status(dir, ec))) return std::nullopt;
  auto files = read_module_dir(dir);
  if (!files) return std::nullopt;
  return std::move(files).value();
}

std::optional<std::string> digest_on_disk(const fs::path& twin_dir, const std::string& name) {
  auto files = files_on_disk(twin_dir, name);
  if (!files) return std::nullopt;
  return module_files_digest(*files);
}

/// A module's files end up committed to the twin: the same secret scan as
/// a snapshot's commit.
Status refuse_secrets(const std::string& name, const ModuleFiles& files) {
  for (const auto& [path, file] : files) {
    if (file.kind == ModuleFile::Kind::kSymlink) continue;
    if (auto reason = committed_secret_reason(file.bytes))
      return make_error("E2048", "module " + name + ": " + path + " looks like it holds a " +
                                     *reason + "; refusing to bring it into the twin");
  }
  return {};
}

Result<Decision> decide(const fs::path& twin_dir, const ModuleSpec& spec,
                        const LockedModule* locked, bool move, const GitAuth& auth,
                        const std::string& now) {
  Decision d;
  d.update.name = spec.name;
  if (locked) d.update.old_commit = locked->commit;
  bool config_changed = locked && (locked->url != spec.url || locked->ref != spec.ref);
  std::optional<std::string> on_disk = digest_on_disk(twin_dir, spec.name);

  if (locked && !move && !config_changed) {
    // Honour the lock; touch the network only when the files must be restored.
    d.entry = *locked;
    d.update.new_commit = locked->commit;
    if (on_disk == locked->files_sha256) return d;
    auto store = ModuleStore::open(twin_dir, spec.name, spec.url);
    if (!store) return store.error();
    if (!store->has_commit(locked->commit)) {
      if (auto fetched = store->fetch(auth); !fetched) return fetched.error();
      if (!store->has_commit(locked->commit))
        return make_error("E2044",
                          "module " + spec.name + ": the locked commit " + locked->commit +
                              " is no longer on the remote; `twin modules update " + spec.name +
                              "` locks a commit it has",
                          spec.url);
    }
    auto tree = store->read(locked->commit);
    if (!tree) return tree.error();
    d.entry.tree = tree->tree;
    d.entry.files_sha256 = module_files_digest(tree->files);
    d.update.change = ModuleChange::kRestored;
    d.write = std::move(tree->files);
    return d;
  }

  auto store = ModuleStore::open(twin_dir, spec.name, spec.url);
  if (!store) return store.error();
  if (auto fetched = store->fetch(auth); !fetched) return fetched.error();
  auto commit = store->resolve(spec.ref);
  if (!commit) return commit.error();
  auto tree = store->read(*commit);
  if (!tree) return tree.error();
  d.entry = {spec.name, spec.url, spec.ref, *commit, tree->tree, module_files_digest(tree->files),
             now};
  d.update.new_commit = *commit;
  bool same_commit = locked && locked->commit == *commit && !config_changed;
  if (same_commit) d.entry.fetched_at = locked->fetched_at;  // no churn in the lock
  bool files_ok = on_disk == d.entry.files_sha256;
  d.update.change = !locked        ? ModuleChange::kAdded
                    : !same_commit ? ModuleChange::kMoved
                    : files_ok     ? ModuleChange::kUnchanged
                                   : ModuleChange::kRestored;
  if (!files_ok) d.write = std::move(tree->files);
  return d;
}

std::string utc_now(std::int64_t now) { return utc_time(now ? now : std::time(nullptr)); }

}  // namespace

Result<std::vector<ModuleUpdate>> update_modules(const fs::path& twin_dir, const TwinConfig& config,
                                                 const GitAuth& auth,
                                                 const ModuleUpdateOptions& options) {
  for (const auto& name : options.names) {
    bool known = std::any_of(config.modules.begin(), config.modules.end(),
                             [&](const ModuleSpec& m) { return m.name == name; });
    if (!known) {
      std::string names;
      for (const auto& m : config.modules) names += (names.empty() ? "" : ", ") + m.name;
      return make_error("E2041", "no module `" + name.substr(0, 80) + "` in config.yaml (" +
                                     (names.empty() ? "it lists none" : "it lists: " + names) +
                                     ")");
    }
  }
  auto lock = load_module_lock(twin_dir);
  if (!lock) return lock.error();
  if (auto root = modules_root(twin_dir, false); !root) return root.error();
  const std::string now = utc_now(options.now);

  // Decide (fetch and read) everything before writing anything.
  std::vector<Decision> decisions;
  for (const auto& spec : config.modules) {
    bool move = options.all || std::find(options.names.begin(), options.names.end(), spec.name) !=
                                   options.names.end();
    auto decision = decide(twin_dir, spec, lock->find(spec.name), move, auth, now);
    if (!decision) return decision.error();
    if (decision->write)
      if (auto clean = refuse_secrets(spec.name, *decision->write); !clean) return clean.error();
    decisions.push_back(std::move(decision).value());
  }

  std::map<std::string, ModuleUpdate> updates;
  ModuleLock next;
  for (auto& d : decisions) {
    if (d.write)
      if (auto written = write_module_dir(twin_dir, d.update.name, *d.write); !written)
        return written.error();
    next.modules.push_back(d.entry);
    updates[d.update.name] = d.update;
  }
  for (const auto& old : lock->modules) {
    if (updates.count(old.name)) continue;
    if (auto removed = remove_module_dir(twin_dir, old.name); !removed) return removed.error();
    std::error_code ec;
    fs::remove_all(ModuleStore::dir_for(twin_dir, old.name), ec);
    updates[old.name] = {old.name, ModuleChange::kRemoved, old.commit, ""};
  }
  if (auto saved = save_module_lock(twin_dir, next); !saved) return saved.error();
  std::vector<ModuleUpdate> out;
  for (auto& [name, update] : updates) out.push_back(std::move(update));
  return out;
}

namespace {

/// Compares modules/NAME with what `locked` pins; fills `status`.
void check_files(const fs::path& twin_dir, const LockedModule& locked, ModuleStatus& status) {
  auto disk = read_module_dir(twin_dir / kModulesDir / locked.name);
  if (!disk) {
    status.state = ModuleStatus::State::kDrifted;
    status.drift.push_back(disk.error().text());
    return;
  }
  auto store = ModuleStore::open_existing(twin_dir, locked.name, locked.url);
  if (store && *store && (*store)->has_commit(locked.commit)) {
    auto tree = (*store)->read(locked.commit);
    if (tree) {
      status.drift = module_files_drift(tree->files, *disk);
      if (module_files_digest(tree->files) != locked.files_sha256)
        status.drift.push_back("modules.lock: files_sha256 does not match commit " +
                               locked.commit.substr(0, 12));
      if (!status.drift.empty()) status.state = ModuleStatus::State::kDrifted;
      return;
    }
  }
  if (module_files_digest(*disk) != locked.files_sha256)
    status.state = ModuleStatus::State::kDrifted;
}

}  // namespace

Result<std::vector<ModuleStatus>> verify_modules(const fs::path& twin_dir,
                                                 const TwinConfig& config) {
  auto lock = load_module_lock(twin_dir);
  if (!lock) return lock.error();
  auto root = modules_root(twin_dir, false);
  if (!root) return root.error();
  std::map<std::string, ModuleStatus> found;
  for (const auto& spec : config.modules) {
    ModuleStatus status;
    status.name = spec.name;
    const LockedModule* locked = lock->find(spec.name);
    std::error_code ec;
    if (locked) status.locked = *locked;
    if (!locked)
      status.state = ModuleStatus::State::kNotLocked;
    else if (locked->url != spec.url || locked->ref != spec.ref)
      status.state = ModuleStatus::State::kConfigChanged;
    else if (!fs::is_directory(fs::symlink_status(*root / spec.name, ec)))
      status.state = ModuleStatus::State::kMissing;
    else
      check_files(twin_dir, *locked, status);
    found[spec.name] = std::move(status);
  }
  for (const auto& locked : lock->modules)
    if (!found.count(locked.name))
      found[locked.name] = {locked.name, ModuleStatus::State::kNotConfigured, locked, {}};
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(*root, ec)) {
    std::string name = entry.path().filename().string();
    if (!found.count(name))
      found[name] = {name, ModuleStatus::State::kNotConfigured, std::nullopt, {}};
  }
  std::vector<ModuleStatus> out;
  for (auto& [name, status] : found) out.push_back(std::move(status));
  return out;
}

std::string state_name(ModuleStatus::State state) {
  switch (state) {
    case ModuleStatus::State::kOk:
      return "ok";
    case ModuleStatus::State::kNotLocked:
      return "not fetched";
    case ModuleStatus::State::kConfigChanged:
      return "config changed";
    case ModuleStatus::State::kMissing:
      return "missing";
    case ModuleStatus::State::kDrifted:
      return "drifted";
    case ModuleStatus::State::kNotConfigured:
      return "not in config.yaml";
  }
  return "?";
}

}  // namespace twin::engine
