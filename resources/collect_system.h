// The system collector: who the target is. os-release, hostname and
// architecture come from the target root (engine/core/facts.h reads the same
// files for the language's `facts`); the kernel (uname) only describes the
// target when the root is "/", so a sandbox's snapshot leaves it out.
#pragma once

#include <optional>
#include <string>

#include "engine/core/host.h"
#include "lang/value.h"

namespace twin::resources {

struct SystemInfo {
  std::string hostname;
  std::string os_id;
  std::string os_version_id;
  std::string os_pretty_name;
  std::string arch;                          // Debian's name, e.g. "amd64"
  std::optional<std::string> kernel;         // "Linux 6.1.0-18-amd64 #1 SMP ..." for "/" only
  lang::Value facts;                         // exactly what manifests see as `facts`
};

/// Reads the target's identity. Never fails: missing pieces are empty.
SystemInfo collect_system(const engine::Host& host);

}  // namespace twin::resources
