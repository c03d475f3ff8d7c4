#include "cli/ops/workspace.h"

#include <cstdlib>

#include "cli/ops/precedence.h"
#include "cli/ops/schema_check.h"
#include "engine/core/durable_io.h"
#include "engine/core/facts.h"
#include "engine/repo/twin_location.h"
#include "resources/digest_key.h"
#include "resources/register.h"
#include "resources/risk_rules.h"

namespace twin::ops {
namespace fs = std::filesystem;
namespace {

fs::path normal_dir(const fs::path& given) {
  std::error_code ec;
  fs::path dir = fs::absolute(given, ec).lexically_normal();
  if (!dir.has_filename() && dir != dir.root_path()) dir = dir.parent_path();  // "dir/" -> "dir"
  return dir;
}

/// The current directory or its nearest parent that is a twin.
std::optional<fs::path> twin_here() {
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return std::nullopt;
  for (;;) {
    if (engine::TwinLayout(dir).is_twin()) return dir;
    if (dir == dir.root_path() || !dir.has_parent_path()) return std::nullopt;
    dir = dir.parent_path();
  }
}

engine::Result<TwinChoice> choose(const std::string& flag) {
  if (!flag.empty()) return TwinChoice{normal_dir(flag), TwinSource::kFlag};
  const char* env = std::getenv("TWIN_DIR");
  if (env && *env) return TwinChoice{normal_dir(env), TwinSource::kEnvironment};
  if (auto here = twin_here()) return TwinChoice{*here, TwinSource::kHere};
  auto remembered = engine::remembered_twin_dir();
  if (!remembered) return remembered.error();
  if (*remembered) return TwinChoice{normal_dir(**remembered), TwinSource::kRemembered};
  std::error_code ec;
  return engine::make_error("E1201",
                            "no twin here and none remembered: run `twin init`, cd into a twin, "
                            "or pass --twin DIR",
                            fs::current_path(ec).string());
}

}  // namespace

engine::Result<TwinChoice> choose_twin_dir(const std::string& flag) { return choose(flag); }

engine::Result<TwinChoice> choose_twin(const std::string& flag) {
  auto chosen = choose(flag);
  if (!chosen) return chosen;
  if (!engine::TwinLayout(chosen->dir).is_twin())
    return engine::make_error("E1201", "not a twin: no state/ directory", chosen->dir.string());
  return chosen;
}

namespace {

std::string first_line(const fs::path& file) {
  auto text = engine::read_whole_file(file);
  if (!text) return "";
  std::string line = text->substr(0, text->find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

/// `text` with control bytes shown as '?': a root's hostname is its
/// content, and it reaches the terminal in messages.
std::string printable(std::string text) {
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return text;
}

/// "web1 (machine-id 1a2b3c4d)", or what of it is known.
std::string describe(const RecordedMachine& m) {
  std::string text = m.hostname.empty() ? "a machine" : printable(m.hostname);
  if (!m.machine_id.empty()) text += " (machine-id " + printable(m.machine_id.substr(0, 8)) + ")";
  return text;
}

}  // namespace

RecordedMachine machine_at(const fs::path& root) {
  return {root, first_line(root / "etc/machine-id"), first_line(root / "etc/hostname")};
}

std::optional<RecordedMachine> recorded_machine(const engine::TwinLayout& twin) {
  auto text = engine::read_whole_file(twin.recorded_root());
  if (!text) return std::nullopt;
  RecordedMachine machine;
  std::size_t at = 0;
  for (int n = 0; at < text->size(); ++n) {
    std::size_t end = text->find('\n', at);
    if (end == std::string::npos) end = text->size();
    std::string line = text->substr(at, end - at);
    at = end + 1;
    if (n == 0) {
      if (line.empty() || line.front() != '/') return std::nullopt;
      machine.root = fs::path(line).lexically_normal();
    } else if (line.starts_with("machine-id: ")) {
      machine.machine_id = line.substr(12);
    } else if (line.starts_with("hostname: ")) {
      machine.hostname = line.substr(10);
    }
  }
  if (machine.root.empty()) return std::nullopt;
  return machine;
}

engine::Status record_root(const engine::TwinLayout& twin, const fs::path& root) {
  if (auto made = engine::make_untracked_dirs(twin.local()); !made) return made;
  RecordedMachine machine = machine_at(root);
  std::string text = root.string() + "\n";
  // Only what looks like an id or a name: the record is read back line by line.
  auto plain = [](const std::string& s) {
    return !s.empty() && s.find_first_of("\n\r") == std::string::npos && s.size() < 256;
  };
  if (plain(machine.machine_id)) text += "machine-id: " + machine.machine_id + "\n";
  if (plain(machine.hostname)) text += "hostname: " + machine.hostname + "\n";
  return engine::write_file_durably(twin.recorded_root(), text, 0644);
}

namespace {

/// The machine at `root` is the one recorded, as far as both know their
/// machine-id; E1210 otherwise.
engine::Status same_machine(const engine::TwinLayout& twin, const RecordedMachine& recorded,
                            const fs::path& root) {
  RecordedMachine here = machine_at(root);
  if (recorded.machine_id.empty() || here.machine_id.empty() ||
      recorded.machine_id == here.machine_id)
    return {};
  return engine::make_error(
      "E1210",
      "this twin describes " + describe(recorded) + ", but " + root.string() + " is " +
          describe(here) + "; applying it here would make this machine a copy of the other. "
          "Use this machine's own twin, or pass --other-machine to use this one anyway",
      twin.recorded_root().string());
}

}  // namespace

engine::Result<fs::path> root_from_flag(const std::string& flag) {
  std::error_code ec;
  fs::path root(flag);
  if (!root.is_absolute() || !fs::is_directory(root, ec))
    return engine::make_error("E1203", "--root must be an absolute path to a directory", flag);
  root = fs::canonical(root, ec);
  if (ec) return engine::make_error("E1203", "cannot resolve --root: " + ec.message(), flag);
  return root;
}

engine::Result<fs::path> choose_root(const engine::TwinLayout& twin, const std::string& flag,
                                     bool other_machine) {
  auto machine = recorded_machine(twin);
  std::optional<fs::path> recorded;
  if (machine) recorded = machine->root;
  auto checked = [&](const fs::path& root) -> engine::Result<fs::path> {
    if (machine && !other_machine)
      if (auto same = same_machine(twin, *machine, root); !same) return same.error();
    return root;
  };
  if (flag.empty()) {
    // A recorded root that is gone (a deleted sandbox) is an error, not "/".
    fs::path root = recorded ? *recorded : fs::path("/");
    std::error_code ec;
    fs::path canonical = fs::canonical(root, ec);
    if (ec || !fs::is_directory(canonical, ec))
      return engine::make_error("E1203",
                                "the root this twin records is not a directory: pass --root",
                                root.string());
    return checked(canonical);
  }
  auto given = root_from_flag(flag);
  if (!given) return given.error();
  const fs::path& root = *given;
  std::error_code ec;
  if (recorded && !other_machine) {
    fs::path want = fs::canonical(*recorded, ec);
    if (ec) want = *recorded;
    if (want != root)
      return engine::make_error(
          "E1209",
          "this twin describes " + recorded->string() + ", not " + root.string() +
              "; planning it against another machine would undo that machine's state. Use a "
              "twin of " + root.string() + " (`twin init DIR --root " + root.string() +
              "`), drop --root, or pass --other-machine",
          twin.recorded_root().string());
  }
  return checked(root);
}

engine::Result<Target> locate(const TargetOptions& options, Reporter& reporter) {
  auto twin = choose_twin(options.twin_dir);
  if (!twin) return twin.error();
  auto root = choose_root(engine::TwinLayout(twin->dir), options.root, options.other_machine);
  if (!root) return root.error();
  Target target{*twin, *root};
  reporter.target(target.twin, target.root);
  return target;
}

void save_local_cache(const engine::ObservationCache& cache, const engine::TwinLayout& twin,
                      const fs::path& path) {
  if (!engine::make_untracked_dirs(twin.local())) return;
  (void)cache.save(path);
}

Workspace::Workspace(Target target)
    : target_(std::move(target)),
      host_(target_.root, runner_),
      context_{host_, target_.twin.dir} {
  resources::register_builtin_providers(registry_);
}

engine::Result<std::unique_ptr<Workspace>> Workspace::open(const TargetOptions& options,
                                                           Reporter& reporter) {
  auto target = locate(options, reporter);
  if (!target) return target.error();
  return open(*target, reporter);
}

engine::Result<std::unique_ptr<Workspace>> Workspace::open(const Target& target,
                                                           Reporter& reporter) {
  std::unique_ptr<Workspace> ws(new Workspace(target));
  // The machine's own risk rules join the shipped ones; a site file that
  // cannot be read stops here rather than leaving its rules out.
  if (auto used = resources::use_machine_risk_rules(ws->registry_, target.root); !used)
    return used.error();
  const fs::path& dir = target.twin.dir;
  // Best effort: a twin this user cannot write keeps digests per process.
  (void)resources::use_machine_digest_key(dir);
  lang::DiagnosticSink sink;
  auto loaded = engine::load_twin(dir, sink, engine::read_facts(target.root));
  if (!loaded) return loaded.error();
  ws->twin_ = std::move(loaded).value();
  (void)apply_precedence(ws->twin_, ws->registry_);
  if (!sink.has_errors()) {
    auto probe = std::make_shared<resources::TwinFileProbe>(dir);
    (void)check_twin(ws->twin_.resources, *probe, sink);
    resources::share_twin_file_probe(ws->registry_, std::move(probe));
  }
  if (!sink.has_errors())
    ws->prepared_ = engine::prepare(ws->twin_.resources, ws->registry_, ws->context_, sink);
  // Used by validation or not (a twin whose sources are all crontabs'),
  // the probe's entries and directory handles are not kept past it.
  resources::share_twin_file_probe(ws->registry_, nullptr);
  if (!sink.empty()) reporter.diagnostics(sink);
  if (sink.has_errors())
    return reported("the manifests have " + std::to_string(sink.error_count()) + " error(s)");
  return ws;
}

void Workspace::use_stat_cache() {
  stat_cache_ = std::make_unique<engine::ObservationCache>(host_.root().string());
  (void)stat_cache_->load(layout().stat_cache());
  // The last snapshot asked systemctl about every unit: a plan right after
  // it need not ask again (the entry's own fingerprint still decides).
  (void)stat_cache_->load(layout().snapshot_cache());
  context_.observations = stat_cache_.get();
}

engine::Result<engine::Plan> Workspace::plan() const {
  auto plan = engine::compute_plan(*prepared_, registry_, context_);
  if (!plan) return plan.error();
  if (stat_cache_ && stat_cache_->changed())
    save_local_cache(*stat_cache_, layout(), layout().stat_cache());
  return plan;
}

}  // namespace twin::ops
