// Opening the workspace: which twin, which root, and the loaded, checked and
// validated resources every plan, apply and review starts from. One rule
// chooses the twin for every command, the menu and the agent:
//
//   --twin DIR (or $TWIN_DIR), else the current directory or the nearest
//   parent that is a twin (has state/), else the twin remembered in
//   ~/.config/twinsync/config.yaml, which the reporter then announces
//   ("Twin: DIR (remembered), root: /") so nobody works on a twin unawares.
//
// The root is --root when given, else the root recorded at `twin init`
// (.twin/root), else "/". A twin recorded for one machine is never used
// against another unless the user says so (--other-machine): a --root that
// differs from the recorded one is refused (E1209), and so is a root whose
// machine-id is not the one recorded (E1210).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/ops/reporter.h"
#include "engine/core/observation_cache.h"
#include "engine/core/provider.h"
#include "engine/core/reconciler.h"
#include "engine/core/twin_layout.h"
#include "engine/repo/twin_loader.h"
#include "resources/process_runner.h"

namespace twin::ops {

/// The flags naming a twin and a root ("" when not given).
struct TargetOptions {
  std::string twin_dir;
  std::string root;
  bool other_machine = false;  // use the twin on a machine it does not record
};

/// The machine a twin describes, as `twin init` recorded it in .twin/root:
/// the root path on the first line, then `machine-id: ID` and
/// `hostname: NAME` when the root had them.
struct RecordedMachine {
  std::filesystem::path root;
  std::string machine_id;
  std::string hostname;
};

/// Where a use case works: the twin (and how it was chosen) and the root.
struct Target {
  TwinChoice twin;
  std::filesystem::path root;  // canonical
  engine::TwinLayout layout() const { return engine::TwinLayout(twin.dir); }
};

/// The twin by the rule above; `flag` is --twin's value. Errors: E1201 when
/// nothing names a twin or the named directory has no state/; E1401 for a
/// malformed global configuration.
engine::Result<TwinChoice> choose_twin(const std::string& flag);

/// The twin for a command that may create it (`twin init`, `twin snapshot`
/// of a twin made by init --no-snapshot): the same rule, without requiring
/// state/ of a directory named by --twin.
engine::Result<TwinChoice> choose_twin_dir(const std::string& flag);

/// `flag` (--root's value) as a canonical directory. Errors: E1203 when it
/// is not an absolute path to a directory or cannot be resolved.
engine::Result<std::filesystem::path> root_from_flag(const std::string& flag);

/// `flag` as a canonical directory, or the recorded root, or "/". Errors:
/// E1203 for a flag that is not an absolute path to a directory; unless
/// `other_machine`, E1209 for a root other than the one the twin records
/// and E1210 for a root whose machine-id differs from the recorded one.
engine::Result<std::filesystem::path> choose_root(const engine::TwinLayout& twin,
                                                  const std::string& flag,
                                                  bool other_machine = false);

/// Both, told to `reporter` (Reporter::target) once known.
engine::Result<Target> locate(const TargetOptions& options, Reporter& reporter);

/// The machine the twin records (.twin/root), if any.
std::optional<RecordedMachine> recorded_machine(const engine::TwinLayout& twin);

/// ROOT/etc/machine-id and ROOT/etc/hostname, first lines ("" when absent).
RecordedMachine machine_at(const std::filesystem::path& root);

/// Records `root` and its machine-id and hostname as the machine this twin
/// describes (for `twin init`).
engine::Status record_root(const engine::TwinLayout& twin, const std::filesystem::path& root);

/// Saves a cache of .twin/ (the plan's stat cache, the snapshot's unit
/// states). A cache only saves work: failing to write it (a read-only
/// twin) fails nothing, and the next run simply reads again.
void save_local_cache(const engine::ObservationCache& cache, const engine::TwinLayout& twin,
                      const std::filesystem::path& path);

/// The twin loaded for a target: manifests parsed, evaluated, type-checked
/// against the stdlib schemas and validated by the providers.
class Workspace {
 public:
  /// Locates, loads and validates. Diagnostics go to `reporter`; on errors
  /// the result is an error for which was_reported() holds.
  static engine::Result<std::unique_ptr<Workspace>> open(const TargetOptions& options,
                                                         Reporter& reporter);
  static engine::Result<std::unique_ptr<Workspace>> open(const Target& target,
                                                         Reporter& reporter);

  const Target& target() const { return target_; }
  engine::TwinLayout layout() const { return target_.layout(); }
  const engine::Context& context() const { return context_; }
  const engine::ProviderRegistry& registry() const { return registry_; }
  const engine::LoadedTwin& twin() const { return twin_; }
  /// The validated resources in execution order.
  const engine::PreparedTwin& prepared() const { return *prepared_; }

  /// Lets plan() skip reading the files an earlier plan found equal to their
  /// source and whose stat data has not changed since, and saves what it
  /// verified (.twin/stat-cache, engine/core/observation_cache.h); the unit-file
  /// states the last snapshot got from systemctl are read too. Only for
  /// looking (plan, status, reconcile --dry-run): apply reads every byte it
  /// acts on.
  void use_stat_cache();

  /// Observes the machine and computes the plan.
  engine::Result<engine::Plan> plan() const;

 private:
  explicit Workspace(Target target);

  Target target_;
  resources::ProcessRunner runner_;
  engine::Host host_;
  engine::ProviderRegistry registry_;
  engine::Context context_;
  std::unique_ptr<engine::ObservationCache> stat_cache_;
  engine::LoadedTwin twin_;
  std::optional<engine::PreparedTwin> prepared_;
};

}  // namespace twin::ops
