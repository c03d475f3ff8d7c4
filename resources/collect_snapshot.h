// One snapshot of a target root: runs every collector and turns what they
// observed into the files the twin gets (live/*.yaml, filesystem/...,
// state/*.twin, logs/current/...), plus a report of what was collected and
// what was skipped and why. Writing, the unapplied-edits guard and the
// commit are engine/snapshot*.h's job; this names the concrete collectors.
#pragma once

#include <cstddef>
#include <filesystem>
#include <future>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host.h"
#include "engine/core/observation_cache.h"
#include "engine/core/result.h"
#include "engine/repo/snapshot.h"
#include "engine/repo/twin_config.h"
#include "resources/collect_files.h"
#include "resources/collect_manifests.h"
#include "resources/collect_services.h"

namespace twin::resources {

struct SnapshotReport {
  std::string hostname;
  std::size_t files = 0, links = 0, binary_skipped = 0, package_defaults = 0;
  std::size_t packages = 0, manual_packages = 0;
  std::size_t services = 0;          // unit files collected
  std::size_t managed_services = 0;  // those whose enablement services.twin records
  std::size_t crontabs = 0;
  std::size_t users = 0, groups = 0;
  std::size_t logs = 0, log_errors = 0;
  std::vector<SkippedPath> skipped;  // files, roots and crontabs left out, with the reason
  std::vector<std::string> notes;    // collectors that could not run fully
};

struct CollectedSnapshot;

/// The services part of a snapshot while systemctl still answers. It is
/// the slowest collector (0.3 s for 300 units on a first snapshot), so a
/// snapshot writes everything else meanwhile and finishes this last.
class PendingServices {
 public:
  PendingServices(std::future<engine::Result<ServicesCollection>> running,
                  DeclaredAddresses declared);

  /// The twin-relative files finish() adds (already among content.owned).
  static const std::vector<std::string>& paths();

  /// Waits for the collector, then adds its files to `snapshot.content`
  /// and its counts and note to `snapshot.report`. Call once.
  /// Errors: E1501 when the generated manifest does not parse (a bug).
  engine::Status finish(CollectedSnapshot& snapshot);

 private:
  std::future<engine::Result<ServicesCollection>> running_;
  DeclaredAddresses declared_;
};

struct CollectedSnapshot {
  engine::SnapshotContent content;
  SnapshotReport report;
  /// Set by start_snapshot() until the services are finished.
  std::unique_ptr<PendingServices> services;
};

/// collect_snapshot() without waiting for systemctl: `services` is set and
/// `content` lacks PendingServices::paths() until services->finish().
/// `host` and `cache` must outlive the result. `progress` (optional) hears
/// what is being read as it goes (the files, then the other collectors).
engine::Result<CollectedSnapshot> start_snapshot(
    const engine::Host& host, const engine::TwinConfig& config,
    const std::filesystem::path& twin_dir, const std::string& captured_at,
    engine::ObservationCache* cache = nullptr,
    const std::function<void(std::string_view line)>& progress = {});

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
