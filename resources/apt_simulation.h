// What `apt-get -s` says a call would do: the Inst/Remv/Purg lines, which
// are the blast radius a plan shows and the packages an undo record covers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace twin::resources {

struct SimulatedChange {
  enum class Kind { kInstall, kRemove, kPurge };
  Kind kind = Kind::kInstall;
  std::string name;         // as apt prints it; "libc6:i386" for a foreign architecture
  std::string old_version;  // installed version ("" for a new package or an "rc" purge)
  std::string new_version;  // kInstall only

  bool operator==(const SimulatedChange&) const = default;
};

/// Parses the simulation lines of `apt-get -s` output, in order:
///   Inst NAME [OLD] (NEW ORIGIN [ARCH]) [optional trailer]
///   Remv NAME [OLD]        Purg NAME [OLD]        Purg NAME
/// Other lines (Conf, messages, summaries) are skipped. Errors: E3310 when
/// an Inst/Remv/Purg line does not have that shape.
engine::Result<std::vector<SimulatedChange>> parse_apt_simulation(std::string_view output);

}  // namespace twin::resources
