#include "cli/ops/workspace.h"

#include <cstdlib>

#include "cli/ops/schema_check.h"
#include "engine/core/durable_io.h"
#include "engine/core/facts.h"
#include "engine/repo/twin_location.h"
#include "resources/register.h"

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

std::optional<fs::path> recorded_root(const engine::TwinLayout& twin) {
  auto text = engine::read_whole_file(twin.recorded_root());
  if (!text) return std::nullopt;
  std::string line = text->substr(0, text->find('\n'));
  if (line.empty() || line.front() != '/') return std::nullopt;
  return fs::path(line).lexically_normal();
}

engine::Status record_root(const engine::TwinLayout& twin, const fs::path& root) {
  if (auto made = engine::make_dirs(twin.local()); !made) return made;
  std::error_code ec;
  // .twin/ is local state; twins not made by `twin init` may not ignore it.
  if (!fs::exists(twin.local() / ".gitignore", ec))
    if (auto st = engine::write_file_durably(twin.local() / ".gitignore", "*\n", 0644); !st) return st;
  return engine::write_file_durably(twin.recorded_root(), root.string() + "\n", 0644);
}

engine::Result<fs::path> choose_root(const engine::TwinLayout& twin, const std::string& flag) {
  auto recorded = recorded_root(twin);
  if (flag.empty()) {
    // A recorded root that is gone (a deleted sandbox) is an error, not "/".
    fs::path root = recorded ? *recorded : fs::path("/");
    std::error_code ec;
    fs::path canonical = fs::canonical(root, ec);
    if (ec || !fs::is_directory(canonical, ec))
      return engine::make_error("E1203",
                                "the root this twin records is not a directory: pass --root",
                                root.string());
    return canonical;
  }
  std::error_code ec;
  fs::path root(flag);
  if (!root.is_absolute() || !fs::is_directory(root, ec))
    return engine::make_error("E1203", "--root must be an absolute path to a directory", flag);
  root = fs::canonical(root, ec);
  if (ec) return engine::make_error("E1203", "cannot resolve --root: " + ec.message(), flag);
  if (recorded) {
    fs::path want = fs::canonical(*recorded, ec);
    if (ec) want = *recorded;
    if (want != root)
      return engine::make_error(
          "E1209",
          "this twin describes " + recorded->string() + ", not " + root.string() +
              "; planning it against another machine would undo that machine's state. Use a "
              "twin of " + root.string() + " (`twin init DIR --root " + root.string() +
              "`), or drop --root",
          twin.recorded_root().string());
  }
  return root;
}

engine::Result<Target> locate(const TargetOptions& options, Reporter& reporter) {
  auto twin = choose_twin(options.twin_dir);
  if (!twin) return twin.error();
  auto root = choose_root(engine::TwinLayout(twin->dir), options.root);
  if (!root) return root.error();
  Target target{*twin, *root};
  reporter.target(target.twin, target.root);
  return target;
}

void save_local_cache(const engine::ObservationCache& cache, const engine::TwinLayout& twin,
                      const fs::path& path) {
  if (!engine::make_dirs(twin.local())) return;
  std::error_code ec;
  if (!fs::exists(twin.local() / ".gitignore", ec))
    (void)engine::write_file_durably(twin.local() / ".gitignore", "*\n", 0644);
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
  const fs::path& dir = target.twin.dir;
  lang::DiagnosticSink sink;
  auto loaded = engine::load_twin(dir, sink, engine::read_facts(target.root));
  if (!loaded) return loaded.error();
  ws->twin_ = std::move(loaded).value();
  if (!sink.has_errors()) (void)check_twin(ws->twin_.resources, dir, sink);
  if (!sink.has_errors())
    ws->prepared_ = engine::prepare(ws->twin_.resources, ws->registry_, ws->context_, sink);
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
