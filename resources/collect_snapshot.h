// One snapshot of a target root: runs every collector and turns what they
// observed into the files the twin gets (live/*.yaml, filesystem/...,
// state/*.twin, logs/current/...), plus a report of what was collected and
// what was skipped and why. Writing, the unapplied-edits guard and the
// commit are engine/snapshot*.h's job; this names the concrete collectors.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/host.h"
#include "engine/observation_cache.h"
#include "engine/result.h"
#include "engine/snapshot.h"
#include "engine/twin_config.h"
#include "resources/collect_files.h"

namespace twin::resources {

struct SnapshotReport {
  std::string hostname;
  std::size_t files = 0, links = 0, binary_skipped = 0;
  std::size_t packages = 0, manual_packages = 0;
  std::size_t services = 0, managed_services = 0;
  std::size_t crontabs = 0;
  std::size_t logs = 0, log_errors = 0;
  std::vector<SkippedPath> skipped;  // files, roots and crontabs left out, with the reason
  std::vector<std::string> notes;    // collectors that could not run fully
};

struct CollectedSnapshot {
  engine::SnapshotContent content;
  SnapshotReport report;
};

/// Collects everything under the host's root. `captured_at` is the UTC
/// time written into live/system.yaml and logs/current/index.yaml.
/// Collectors that fail become notes; only an unreadable target root or
/// file root is an error (E3101, E3102, E3104), or a generated manifest
/// that does not parse (E1501, a bug). `cache` (optional) remembers
/// observations between snapshots (resources/unit_state_cache.h).
engine::Result<CollectedSnapshot> collect_snapshot(const engine::Host& host,
                                                   const engine::TwinConfig& config,
                                                   const std::filesystem::path& twin_dir,
                                                   const std::string& captured_at,
                                                   engine::ObservationCache* cache = nullptr);

}  // namespace twin::resources
