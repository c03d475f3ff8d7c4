// The `service` resource: whether a systemd unit starts at boot (`enabled`),
// whether it runs now (`running`) and whether it is masked, so that nothing
// can start it (`masked`). All are optional; an absent attribute is not
// managed. `masked = true` with `enabled = true` or `running = true` is
// E0330.
//
//   service "nginx" {
//     enabled = true
//     masked = false
//   }
//
// Observing: the enabled state comes from the unit files under the target
// root, through one `systemctl [--root=ROOT] is-enabled UNIT...` for all
// units; the running state from one `systemctl show` only when a systemd
// manager runs for the root (root "/" and /run/systemd/system exists). In a
// sandbox root, chroot or container without systemd, `running` cannot be
// managed: notes() says so once and `enabled` is still managed.
//
// Applying runs `systemctl [--root=ROOT] enable|disable UNIT` (without
// --no-reload: with a manager the implicit daemon-reload makes it see the
// new links at once; with --root no manager is contacted, so the flag would
// do nothing), `systemctl [--root=ROOT] mask|unmask UNIT` and
// `systemctl start|stop UNIT` with a manager. A masked unit declared
// `masked = false` is unmasked first, in the same step, then enabled or
// disabled: systemctl refuses to enable a masked unit and silently ignores
// a disable. Undo records:
//   {"op":"enablement","unit","was","snapshot":{links,dirs}}  undo re-runs
//       enable/disable as "was" says, then makes the unit's links under
//       /etc/systemd/system byte-exactly the snapshot (hand-made links too)
//   {"op":"mask","unit","was","snapshot":{links,dirs}}  undo only makes the
//       links the snapshot (a mask is one link, ETC/UNIT -> /dev/null; a
//       re-run mask/unmask could not bring back a hand-made one exactly, and
//       enable fails on a masked unit)
//   {"op":"active","unit","was_active"}  undo starts or stops the unit
//
// Restart (notify/subscribe): the engine builds a step with
// the change refresh(resource) returns to the resource's step and hands
// it to apply(), like any other change. With a manager it runs `systemctl restart UNIT` when the
// resource declares `running = true` and `systemctl try-restart UNIT`
// otherwise (a stopped service is not started by a notification). Without a
// manager the change is skipped. A restart writes no undo record: there is
// no earlier state to return to.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/provider.h"

namespace twin::resources {

/// The desired state of one `service`, read from its declaration.
struct ServiceSpec {
  std::string unit;             // full unit name, e.g. "nginx.service"
  std::optional<bool> enabled;  // unset: not managed
  std::optional<bool> running;  // unset: not managed
  std::optional<bool> masked;   // unset: not managed
};

/// Reads and checks a `service` declaration, appending diagnostics E0331 and
/// E0334 (title span for a bad unit name, with a hint) and E0330 (the span
/// of `enabled` or `running` when it is true next to `masked = true`).
/// nullopt when it appended an error.
std::optional<ServiceSpec> read_service_spec(const engine::Resource& resource,
                                             lang::DiagnosticSink& sink);

/// True when a systemd manager runs for the host's root: the root is "/" and
/// /run/systemd/system exists (what sd_booted() checks).
bool systemd_manager_runs(const engine::Host& host);

/// The runtime properties `systemctl show -p Id,LoadState,ActiveState,UnitFileState`
/// prints for one unit.
struct UnitRuntime {
  std::string id;
  std::string load_state;    // "loaded", "not-found", "masked", ...
  std::string active_state;  // "active", "inactive", "failed", "activating", ...
  std::string unit_file_state;
};

/// Splits `systemctl show` output (KEY=VALUE lines, one blank line between
/// units, in the order the units were named) into one entry per unit. Keys
/// are matched by name, not position: systemctl does not promise the -p order.
/// Errors: E3402 when the number of blocks is not `expected_units`.
engine::Result<std::vector<UnitRuntime>> parse_show_output(std::string_view output,
                                                           std::size_t expected_units);

class ServiceProvider : public engine::Provider {
 public:
  /// Says whether a systemd manager runs for a host; tests replace it.
  using ManagerProbe = std::function<bool(const engine::Host&)>;

  /// `probe` defaults to systemd_manager_runs.
  explicit ServiceProvider(ManagerProbe probe = {});

  std::string_view type() const override { return "service"; }
  /// The full unit name: `service "cron"` and `service "cron.service"` are
  /// one resource.
  std::string identity(const engine::Resource& resource) const override;
  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;
  /// One step per resource that differs: UNMASK, then ENABLE/DISABLE, then
  /// MASK, then START/STOP. Errors: E3406 for an invalid declaration, E3403
  /// when `enabled = true` or `running = true` names a missing unit, E3404
  /// when a static/generated unit, or a masked one without `masked = false`,
  /// is asked to be enabled, or when `masked = false` meets a mask that
  /// `systemctl unmask` cannot lift (a runtime or vendor mask), and those of
  /// observe_unit_file_states and `systemctl show`.
  engine::Result<std::vector<engine::Step>> plan(std::span<const engine::Resource* const> resources,
                                                 const engine::Context& ctx) override;
  /// "no systemd manager runs for ROOT: `running` is not managed (N services
  /// declare it)" after a plan() in which N > 0 resources declare `running`.
  std::vector<std::string> notes(const engine::Context& ctx) const override;
  /// Re-observes the unit, records undo data, then runs systemctl for each
  /// change (kEnable, kDisable, kMask, kUnmask, kStart, kStop, kRestart). Errors: E3401 when
  /// systemctl fails (its stderr in the message), E3406, E3403.
  engine::Status apply(const engine::Step& step, const engine::Context& ctx,
                       engine::Checkpoint& checkpoint) override;
  /// Errors: E3405 for a malformed record (or an invalid unit name in it),
  /// E3401 when systemctl fails, and those of restore_unit_links.
  engine::Status undo(const engine::UndoRecord& record, const engine::Context& ctx,
                      const engine::Checkpoint& checkpoint) override;

  /// What notify/subscribe add to this service's step: one kRestart change.
  std::optional<engine::Change> refresh(const engine::Resource& resource) const override;

  /// A service requires the `file` resource of its unit file under
  /// /etc/systemd/system, when one is declared.
  std::vector<std::string> implicit_dependencies(const engine::Resource& resource) const override;

 private:
  bool manager_runs(const engine::Host& host) const;

  ManagerProbe probe_;
  std::size_t running_declared_ = 0;  // in the last plan(), for notes()
};

}  // namespace twin::resources
