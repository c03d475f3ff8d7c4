#include "cli/modules_command.h"

#include <unistd.h>

#include <iostream>

#include "cli/exit_code.h"
#include "cli/json_output.h"
#include "cli/console_reporter.h"
#include "cli/ops/git_auth.h"
#include "cli/twin_location.h"
#include "engine/repo/git_repo.h"
#include "engine/repo/modules.h"
#include "engine/repo/modules_commit.h"
#include "engine/repo/snapshot_commit.h"
#include "engine/repo/twin_config.h"

namespace twin::cli {
namespace {

using State = engine::ModuleStatus::State;

int fail(const engine::Error& error) {
  print_error(error);
  return to_int(ExitCode::kError);
}

std::string short_id(const std::string& id) { return id.substr(0, 8); }

/// What to run about a module that is not as locked.
std::string advice(const engine::ModuleStatus& s) {
  switch (s.state) {
    case State::kNotLocked:
      return "run `twin modules update " + s.name + "` to fetch it";
    case State::kConfigChanged:
      return "config.yaml's url or ref differ from modules.lock; `twin modules update " + s.name +
             "` locks the new one";
    case State::kMissing:
      return "`twin modules sync` checks the locked commit out again";
    case State::kDrifted:
      return "files under modules/" + s.name +
             " were edited; `twin modules sync` restores the locked commit (change a module "
             "upstream, then `twin modules update " +
             s.name + "`)";
    case State::kNotConfigured:
      return s.locked ? "removed from config.yaml; `twin modules update` removes it"
                      : "not a module of config.yaml; remove modules/" + s.name +
                            " or list it under `modules:`";
    case State::kOk:
      return "";
  }
  return "";
}

int list(const std::vector<engine::ModuleStatus>& statuses) {
  if (statuses.empty()) {
    std::cout
        << "No modules. List Git repositories under `modules:` in config.yaml, e.g.\n"
           "  modules:\n    - {name: web, url: \"https://git.example.org/web.git\", ref: main}\n"
           "then run `twin modules update`.\n";
    return to_int(ExitCode::kOk);
  }
  std::cout << "NAME              COMMIT    REF           FETCHED (UTC)         STATE\n";
  for (const auto& s : statuses) {
    std::string ref = s.locked ? (s.locked->ref.empty() ? "(default)" : s.locked->ref) : "-";
    std::string name = s.name, commit = s.locked ? short_id(s.locked->commit) : "-";
    std::string fetched = s.locked ? s.locked->fetched_at : "-";
    name.resize(std::max<std::size_t>(name.size(), 16), ' ');
    commit.resize(8, ' ');
    ref.resize(std::max<std::size_t>(ref.size(), 12), ' ');
    fetched.resize(std::max<std::size_t>(fetched.size(), 20), ' ');
    std::cout << name << "  " << commit << "  " << ref << "  " << fetched << "  "
              << engine::state_name(s.state) << "\n";
  }
  return to_int(ExitCode::kOk);
}

int list_json(const std::vector<engine::ModuleStatus>& statuses) {
  nlohmann::json report = json_report("modules", 1);
  report["modules"] = nlohmann::json::array();
  for (const auto& s : statuses) {
    nlohmann::json m = {{"name", s.name},
                        {"state", engine::state_name(s.state)},
                        {"advice", advice(s)},
                        {"drift", s.drift}};
    if (s.locked)
      m["locked"] = {{"url", s.locked->url},
                     {"ref", s.locked->ref},
                     {"commit", s.locked->commit},
                     {"fetched_at", s.locked->fetched_at}};
    else
      m["locked"] = nullptr;
    report["modules"].push_back(std::move(m));
  }
  print_json(report);
  return to_int(ExitCode::kOk);
}

int verify(const std::vector<engine::ModuleStatus>& statuses) {
  int problems = 0;
  for (const auto& s : statuses) {
    if (s.state == State::kOk) {
      std::cout << "ok       " << s.name << " at " << short_id(s.locked->commit) << "\n";
      continue;
    }
    ++problems;
    std::cout << engine::state_name(s.state) << ": " << s.name << ": " << advice(s) << "\n";
    for (const auto& line : s.drift) std::cout << "    " << line << "\n";
    if (s.state == State::kDrifted && s.drift.empty())
      std::cout << "    (their sha256 differs from modules.lock; the module's Git objects are "
                   "not on this machine to list the files)\n";
  }
  if (problems == 0) {
    std::cout << (statuses.empty() ? "No modules to verify.\n"
                                   : "Every module matches modules.lock.\n");
    return to_int(ExitCode::kOk);
  }
  std::cout << problems << " module(s) differ from modules.lock.\n";
  return to_int(ExitCode::kError);
}

void print_update(const engine::ModuleUpdate& u) {
  using engine::ModuleChange;
  switch (u.change) {
    case ModuleChange::kUnchanged:
      std::cout << "  " << u.name << ": at " << short_id(u.new_commit) << " (locked)\n";
      break;
    case ModuleChange::kAdded:
      std::cout << "  " << u.name << ": added at " << short_id(u.new_commit) << "\n";
      break;
    case ModuleChange::kMoved:
      std::cout << "  " << u.name << ": " << short_id(u.old_commit) << " -> "
                << short_id(u.new_commit) << "\n";
      break;
    case ModuleChange::kRestored:
      std::cout << "  " << u.name << ": restored the files of " << short_id(u.new_commit) << "\n";
      break;
    case ModuleChange::kRemoved:
      std::cout << "  " << u.name << ": removed\n";
      break;
  }
}

int update(const std::filesystem::path& twin, const engine::TwinConfig& config,
           const ModulesOptions& options) {
  // Refuse before writing anything when the result could not be committed.
  if (auto repo = engine::GitRepo::open(twin); !repo) return fail(repo.error());
  engine::ModuleUpdateOptions update;
  update.all = options.action == "update" && options.names.empty();
  update.names = options.names;
  ConsoleReporter reporter;
  auto updates = engine::update_modules(twin, config, ops::stored_git_auth(reporter), update);
  if (!updates) return fail(updates.error());
  std::cout << "Modules:\n";
  for (const auto& u : *updates) print_update(u);
  std::string subject = engine::modules_commit_subject(*updates);
  // Nothing moved, but an earlier update may have been left uncommitted.
  if (subject.empty()) subject = "modules: record modules/ and modules.lock";
  char host[256] = {};
  (void)::gethostname(host, sizeof host - 1);
  auto who = engine::twin_identity(config, config.device.empty() ? host : config.device);
  auto committed = engine::commit_module_paths(twin, subject, who);
  if (!committed) {
    print_error(committed.error());
    std::cerr << "twin: modules/ and modules.lock are written but not committed; `twin modules "
                 "sync` commits them once the problem is fixed.\n";
    return to_int(ExitCode::kError);
  }
  if (!*committed) {
    std::cout << "Nothing changed: modules/ matches modules.lock, and both are committed.\n";
    return to_int(ExitCode::kOk);
  }
  std::cout << "Committed " << short_id(**committed) << " " << subject << "\n";
  std::cout
      << "Review with `twin plan`; manifests use them as `import \"modules/NAME/FILE.twin\"`.\n";
  return to_int(ExitCode::kOk);
}

}  // namespace

int run_modules(const ModulesOptions& options) {
  if (options.json && options.action != "list") {
    std::cerr << "twin: error: --json goes with `twin modules list`\n";
    return to_int(ExitCode::kError);
  }
  auto twin = locate_twin(options.twin_dir, options.json ? std::cerr : std::cout);
  if (!twin) return to_int(ExitCode::kError);
  if (!options.names.empty() && options.action != "update") {
    std::cerr << "twin: error: only `twin modules update` takes module names\n";
    return to_int(ExitCode::kError);
  }
  auto config = engine::load_twin_config(*twin);
  if (!config) return fail(config.error());
  if (options.action == "update" || options.action == "sync")
    return update(*twin, *config, options);
  auto statuses = engine::verify_modules(*twin, *config);
  if (!statuses) return fail(statuses.error());
  if (options.action == "verify") return verify(*statuses);
  return options.json ? list_json(*statuses) : list(*statuses);
}

}  // namespace twin::cli
