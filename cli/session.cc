#include "cli/session.h"

#include <unistd.h>

#include <iostream>

#include "cli/lint_command.h"
#include "cli/terminal.h"
#include "cli/twin_location.h"
#include "engine/apply_lock.h"
#include "engine/durable_io.h"
#include "engine/facts.h"
#include "resources/register.h"

namespace twin::cli {
namespace fs = std::filesystem;

void print_diagnostics(const lang::DiagnosticSink& sink) {
  bool color = use_color(stderr);
  for (const auto& d : sink.all()) std::cerr << lang::render_text(d, color);
  if (sink.has_errors())
    std::cerr << sink.error_count() << (sink.error_count() == 1 ? " error" : " errors")
              << " generated.\n";
}

void print_error(const engine::Error& error) {
  std::cerr << "twin: " << paint("error", "red", use_color(stderr));
  if (!error.code.empty()) std::cerr << "[" << error.code << "]";
  std::cerr << ": " << error.text() << "\n";
}

Session::Session(fs::path root, fs::path twin_dir)
    : host_(std::move(root), runner_), context_{host_, std::move(twin_dir)} {
  resources::register_builtin_providers(registry_);
}

std::unique_ptr<Session> Session::open(const TargetOptions& options) {
  auto located_twin = locate_twin(options.twin_dir);
  if (!located_twin) return nullptr;
  auto located_root = locate_root(options.root);
  if (!located_root) return nullptr;
  const fs::path& twin_dir = *located_twin;
  const fs::path& root = *located_root;

  std::unique_ptr<Session> session(new Session(root, twin_dir));
  lang::DiagnosticSink sink;
  auto loaded = engine::load_twin(twin_dir, sink, engine::read_facts(root));
  if (!loaded) {
    print_error(loaded.error());
    return nullptr;
  }
  session->twin_ = std::move(loaded).value();
  if (!sink.has_errors()) (void)check_twin(session->twin_.resources, twin_dir, sink);
  if (!sink.has_errors())
    session->prepared_ =
        engine::prepare(session->twin_.resources, session->registry_, session->context_, sink);
  if (!sink.empty()) print_diagnostics(sink);
  if (sink.has_errors()) return nullptr;
  return session;
}

fs::path local_cache_path(const fs::path& twin_dir, const std::string& name) {
  return engine::state_dir(twin_dir) / name;
}

void save_local_cache(const engine::ObservationCache& cache, const fs::path& twin_dir,
                      const std::string& name) {
  fs::path dir = engine::state_dir(twin_dir);
  if (!engine::make_dirs(dir)) return;
  // .twin/ is local state; twins not made by `twin init` may not ignore it.
  std::error_code ec;
  if (!fs::exists(dir / ".gitignore", ec))
    (void)engine::write_file_durably(dir / ".gitignore", "*\n", 0644);
  (void)cache.save(local_cache_path(twin_dir, name));
}

void Session::use_stat_cache() {
  stat_cache_ = std::make_unique<engine::ObservationCache>(host_.root().string());
  (void)stat_cache_->load(local_cache_path(context_.twin_dir, kStatCacheName));
  // The last snapshot asked systemctl about every unit: a plan right after
  // it need not ask again (the entry's own fingerprint still decides).
  (void)stat_cache_->load(local_cache_path(context_.twin_dir, kSnapshotCacheName));
  context_.observations = stat_cache_.get();
}

std::optional<engine::Plan> Session::plan() const {
  auto plan = engine::compute_plan(*prepared_, registry_, context_);
  if (!plan) {
    print_error(plan.error());
    return std::nullopt;
  }
  if (stat_cache_ && stat_cache_->changed()) save_local_cache(*stat_cache_, context_.twin_dir, kStatCacheName);
  return std::move(plan).value();
}

}  // namespace twin::cli
