#include "cli/config_command.h"

#include <unistd.h>

#include <iostream>

#include "cli/exit_code.h"
#include "cli/json_output.h"
#include "cli/console_reporter.h"
#include "cli/twin_location.h"
#include "engine/repo/snapshot_commit.h"
#include "engine/repo/twin_config_keys.h"
#include "engine/repo/twin_config_save.h"

namespace twin::cli {
namespace {

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

int usage(const std::string& text) {
  std::cerr << "twin: error: " << text << "\nRun `twin help config` for usage.\n";
  return to_int(ExitCode::kError);
}

/// "2048", or a list's items joined: "/etc, ~/.config" ("(none)" when empty).
std::string shown(const std::vector<std::string>& items, bool list) {
  if (!list) return items.empty() ? "" : items.front();
  if (items.empty()) return "(none)";
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

bool is_list_key(const std::string& key) {
  for (const auto& k : engine::config_keys())
    if (k.name == key) return k.list;
  return false;
}

int set_key(const std::filesystem::path& twin, engine::EffectiveConfig config,
            const std::string& key, const std::string& value) {
  auto before = engine::get_config_value(config, key);
  if (!before) return fail(before.error());
  if (auto set = engine::set_config_value(config, key, value); !set) {
    print_error(set.error());
    std::cerr << "config.yaml was not changed.\n";
    return to_int(ExitCode::kError);
  }
  auto after = engine::get_config_value(config, key);
  if (!after) return fail(after.error());
  std::string text = shown(*after, is_list_key(key));
  if (*after == *before) {
    std::cout << key << " is already " << text << "; nothing changed.\n";
    return to_int(ExitCode::kOk);
  }
  return save_config_change(twin, config, "config: set " + key + " = " + text, key);
}

}  // namespace

int save_config_change(const std::filesystem::path& twin_dir, const engine::EffectiveConfig& config,
                       const std::string& subject, const std::string& changed_key) {
  char host[256] = {};
  (void)::gethostname(host, sizeof host - 1);
  engine::GitIdentity who =
      engine::twin_identity(config.twin, config.twin.device.empty() ? host : config.twin.device);
  auto committed = engine::save_twin_config(twin_dir, config, subject, who, changed_key);
  if (!committed) return fail(committed.error());
  std::cout << "Updated " << (twin_dir / engine::kTwinConfigFile).string() << ": "
            << subject.substr(subject.find(": ") + 2) << ".\n";
  if (*committed)
    std::cout << "Committed " << (*committed)->substr(0, 8) << " \"" << subject << "\".\n";
  else
    std::cout << "config.yaml already held this; nothing to commit.\n";
  return to_int(ExitCode::kOk);
}

int run_config(const ConfigOptions& options) {
  const auto& args = options.args;
  if (options.action == "show" && !args.empty()) return usage("`twin config show` takes no KEY");
  if (options.action == "get" && args.size() != 1) return usage("`twin config get` takes one KEY");
  if (options.action == "set" && args.size() != 2)
    return usage("`twin config set` takes KEY and VALUE (a list: comma-separated, \"\" for none)");
  if (options.json && options.action != "show" && !options.action.empty())
    return usage("--json goes with `twin config show`");
  auto twin = locate_twin(options.twin_dir, options.json ? std::cerr : std::cout);
  if (!twin) return to_int(ExitCode::kError);
  auto config = engine::load_effective_config(*twin);
  if (!config) {
    print_error(config.error());
    std::cerr << "Fix config.yaml first (every key is described in SPEC.md, section 1).\n";
    return to_int(ExitCode::kError);
  }
  if (options.action == "get") {
    auto value = engine::get_config_value(*config, args[0]);
    if (!value) return fail(value.error());
    for (const auto& item : *value) std::cout << item << "\n";
    return to_int(ExitCode::kOk);
  }
  if (options.action == "set") return set_key(*twin, std::move(*config), args[0], args[1]);
  if (options.json) {
    // Every key, defaults filled in: lists as arrays, the others as strings.
    nlohmann::json report = json_report("config", 1);
    report["file"] = (*twin / engine::kTwinConfigFile).string();
    report["config"] = nlohmann::json::object();
    for (const auto& key : engine::config_keys()) {
      auto value = engine::get_config_value(*config, key.name);
      if (!value) return fail(value.error());
      report["config"][key.name] =
          key.list ? nlohmann::json(*value)
                   : (value->empty() ? nlohmann::json("") : nlohmann::json(value->front()));
    }
    print_json(report);
    return to_int(ExitCode::kOk);
  }
  std::cout << "# " << (*twin / engine::kTwinConfigFile).string()
            << ", with the defaults filled in.\n"
            << engine::render_effective_config(*config, true);
  return to_int(ExitCode::kOk);
}

}  // namespace twin::cli
