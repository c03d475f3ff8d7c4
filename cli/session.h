// What every command that looks at a machine needs: the twin, the target
// root, the providers, and the loaded, validated resources.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "engine/provider.h"
#include "engine/reconciler.h"
#include "engine/twin_loader.h"
#include "resources/process_runner.h"

namespace twin::cli {

/// Flags shared by the commands that plan or apply.
struct TargetOptions {
  std::string twin_dir;  // default: the current directory
  std::string root = "/";
};

class Session {
 public:
  /// Resolves the twin and root, loads and validates the manifests. On
  /// failure prints the diagnostics or error to stderr and returns nullopt.
  static std::unique_ptr<Session> open(const TargetOptions& options);

  const engine::Context& context() const { return context_; }
  const engine::ProviderRegistry& registry() const { return registry_; }
  const engine::LoadedTwin& twin() const { return twin_; }
  /// The validated resources in execution order.
  const engine::PreparedTwin& prepared() const { return *prepared_; }

  /// Lets plan() skip reading the files an earlier plan found equal to their
  /// source and whose stat data has not changed since, and saves what it
  /// verified, in TWIN/.twin/stat-cache (engine/observation_cache.h); the
  /// unit-file states the last snapshot got from systemctl are read too. Only
  /// for commands that look (plan, status, reconcile --dry-run): apply reads
  /// every byte it acts on.
  void use_stat_cache();

  /// Observes the machine and computes the plan; on failure prints the
  /// error to stderr and returns nullopt.
  std::optional<engine::Plan> plan() const;

 private:
  Session(std::filesystem::path root, std::filesystem::path twin_dir);

  resources::ProcessRunner runner_;
  engine::Host host_;
  engine::ProviderRegistry registry_;
  engine::Context context_;
  std::unique_ptr<engine::ObservationCache> stat_cache_;
  engine::LoadedTwin twin_;
  std::optional<engine::PreparedTwin> prepared_;
};

/// The caches in TWIN/.twin/: the plan's (files found equal to their source,
/// unit-file states of declared services) and the snapshot's (the states of
/// every unit).
inline constexpr char kStatCacheName[] = "stat-cache";
inline constexpr char kSnapshotCacheName[] = "snapshot-cache";

/// TWIN/.twin/NAME: where a command keeps an engine::ObservationCache.
std::filesystem::path local_cache_path(const std::filesystem::path& twin_dir,
                                       const std::string& name);

/// Saves `cache` there. The cache only saves work: failing to write it (a
/// read-only twin) fails nothing, and the next run simply reads again.
void save_local_cache(const engine::ObservationCache& cache, const std::filesystem::path& twin_dir,
                      const std::string& name);

/// Prints every diagnostic of `sink` to stderr, clang style.
void print_diagnostics(const lang::DiagnosticSink& sink);

/// Prints "twin: error: MESSAGE" to stderr.
void print_error(const engine::Error& error);

}  // namespace twin::cli
