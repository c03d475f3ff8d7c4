// Remembering what `systemctl is-enabled` said, so that a snapshot or a plan
// of an unchanged machine does not ask again. systemctl 252 answers each
// unit by scanning every unit directory, which for 300 units and 150
// enablement links costs 0.3 s; the answer depends only on what lies in
// those directories, so a stat fingerprint of them vouches for it (the way
// the stat cache vouches for a file's content, engine/core/observation_cache.h).
//
// The fingerprint covers, under the target root, every entry (recursively)
// of systemd's system unit search path with --root (the control, transient,
// generator, /etc, /run, /usr/local/lib, /usr/lib and /lib directories),
// each as path, type, inode, size, mtime and ctime, symlink targets with
// what they lead to inside the root, plus the systemctl binary itself. Any
// write moves a ctime, so any edit, link or unlink there sends us back to
// systemctl. It is taken BEFORE systemctl runs: a change racing the run
// then leaves a fingerprint that no longer matches, never a stale answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/host.h"
#include "engine/core/observation_cache.h"
#include "engine/core/result.h"
#include "resources/unit_files.h"

namespace twin::resources {

/// What the unit directories looked like.
struct UnitDirsFingerprint {
  std::string digest;          // 16 hex digits
  std::int64_t changed_ns = 0;  // newest mtime or ctime seen
};

/// The fingerprint of the unit directories under host.root(); nullopt when
/// some part cannot be read (a directory unreadable or leading out of the
/// root), in which case nothing can be vouched for.
std::optional<UnitDirsFingerprint> fingerprint_unit_dirs(const engine::Host& host);

/// observe_unit_file_states(), answered from `cache` for the units it
/// remembers under the current fingerprint and from systemctl for the rest
/// (whose answers are then remembered). With a null cache or no fingerprint,
/// systemctl answers everything. Errors: those of observe_unit_file_states.
engine::Result<UnitFileStates> observe_unit_file_states(const engine::Host& host,
                                                        const std::vector<std::string>& units,
                                                        engine::ObservationCache* cache);

}  // namespace twin::resources
