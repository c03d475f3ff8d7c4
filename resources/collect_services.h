// The services collector: the unit files under the target root
// (etc/systemd/system, lib/systemd/system, usr/lib/systemd/system) of the
// types a `service` resource manages, their enablement as
// `systemctl [--root=ROOT] is-enabled` reports it (one call for all), and
// their active state when a systemd manager runs for the root. Enabled,
// disabled, masked and static units become `service` resources
// (collect_manifests.h); indirect, generated, transient, alias and linked
// units and runtime masks are only recorded in live/. Templates are not
// collected (the directories are read one level deep, so the instances that
// .wants/ links enable are not seen either).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/host.h"
#include "engine/core/observation_cache.h"
#include "engine/core/result.h"

namespace twin::resources {

struct CollectedService {
  std::string unit;             // full name, e.g. "cron.service"
  std::string unit_file_state;  // "enabled", "disabled", "static", "masked", ...
  std::optional<std::string> active_state;  // with a manager only
};

struct ServicesCollection {
  std::vector<CollectedService> services;  // sorted by unit
  bool manager_runs = false;
  std::optional<std::string> note;  // why nothing was collected, when so
};

/// Unit names a `service` resource can manage among directory entry names
/// (templates such as "getty@.service", other types and junk are dropped),
/// sorted and without duplicates.
std::vector<std::string> managed_unit_names(const std::vector<std::string>& file_names);

/// The title a `service` resource uses for `unit`: "cron" for
/// "cron.service", the full name for other types.
std::string service_title(const std::string& unit);

/// Collects the units; enablement comes from `cache` where it still holds
/// (resources/unit_state_cache.h), else from systemctl. Errors: those of
/// observe_unit_file_states (E3401, E3402) and of `systemctl show`.
engine::Result<ServicesCollection> collect_services(const engine::Host& host,
                                                    engine::ObservationCache* cache = nullptr);

}  // namespace twin::resources
