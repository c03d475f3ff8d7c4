// What the unit files under a target root say about enablement, observed
// the way `systemctl --root` sees it, plus a byte-exact snapshot of the
// links `systemctl enable` makes so that undo can put back exactly what
// was there (including links a person added by hand, which a plain
// `systemctl enable` would not recreate).
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host.h"
#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

/// Debian ships systemctl in /bin (also reachable as /usr/bin on merged /usr).
inline constexpr char kSystemctl[] = "/bin/systemctl";

/// A systemctl command for `root`: "--root=ROOT" first unless root is "/",
/// then `args`; environment LC_ALL=C, SYSTEMD_PAGER=, SYSTEMD_COLORS=0 and a
/// fixed PATH. The caller has validated every unit name in `args`.
engine::Command systemctl_command(const std::filesystem::path& root, std::vector<std::string> args);

/// The word `systemctl is-enabled` prints for each unit ("enabled",
/// "disabled", "static", "masked", ...) or "not-found" for a unit with no
/// unit file. Keyed by full unit name.
using UnitFileStates = std::map<std::string, std::string>;

/// The part of `units` one is-enabled run answered: systemctl prints one
/// word per unit in order but stops at the first unit it cannot find.
struct IsEnabledAnswer {
  std::vector<std::string> states;  // for units[0 .. states.size())
  bool stopped_at_missing = false;  // units[states.size()] has no unit file
};

/// Interprets one `is-enabled` run over `units`. Errors: E3402 when the
/// output does not match (more words than units, an unknown failure on
/// stderr, a stop that is not "No such file or directory").
engine::Result<IsEnabledAnswer> parse_is_enabled(const std::vector<std::string>& units,
                                                 const engine::CommandOutput& output);

/// Runs `systemctl [--root=ROOT] is-enabled UNIT...` once for all units (once
/// more after each missing unit, because systemctl stops there).
/// Errors: E3401 when systemctl cannot run, E3402 as parse_is_enabled.
engine::Result<UnitFileStates> observe_unit_file_states(const engine::Host& host,
                                                        const std::vector<std::string>& units);

/// How a unit-file state answers "does it start at boot by its own links".
enum class Enablement {
  kEnabled,   // enabled, enabled-runtime
  kDisabled,  // disabled, linked, linked-runtime: `systemctl enable` works
  kFixed,     // static, indirect, generated, transient, alias: not ours to change
  kMasked,    // masked, masked-runtime
  kMissing,   // not-found
};
/// nullopt for a word systemctl 252 does not print (e.g. "bad").
std::optional<Enablement> classify_unit_file_state(std::string_view state);

/// One symlink under /etc/systemd/system that belongs to a unit: a
/// dependency link (X.wants/UNIT, X.requires/UNIT, X.upholds/UNIT), an
/// alias whose target's file name is UNIT, or a link named UNIT itself (the
/// mask `systemctl mask` makes, -> /dev/null, or a `systemctl link`). A
/// regular unit file named UNIT is not a link and never part of it.
struct UnitLink {
  std::string
      path;  // inside the root, e.g. "/etc/systemd/system/multi-user.target.wants/a.service"
  std::string target;  // as stored in the link
  bool operator==(const UnitLink&) const = default;
};

/// The links of a unit and the directories that held them, before a change.
struct LinkSnapshot {
  std::vector<UnitLink> links;    // sorted by path
  std::vector<std::string> dirs;  // existing /etc, /etc/systemd, /etc/systemd/system, *.wants...
};

/// Reads the links of `unit` under ROOT/etc/systemd/system (never following
/// a symlink out of the root). A missing directory means no links.
/// Errors: E3407 when a directory cannot be read, and those of RootedFs.
engine::Result<LinkSnapshot> snapshot_unit_links(const RootedFs& fs, std::string_view unit);

/// Makes the links of `unit` exactly `before`: removes links that were not
/// there, recreates missing or changed ones, then removes now-empty link
/// directories (and /etc/systemd/system's parents) that did not exist before.
engine::Status restore_unit_links(const RootedFs& fs, std::string_view unit,
                                  const LinkSnapshot& before);

/// JSON form of a snapshot for an undo record, and back (nullopt when malformed).
nlohmann::json link_snapshot_to_json(const LinkSnapshot& snapshot);
std::optional<LinkSnapshot> link_snapshot_from_json(const nlohmann::json& json);

}  // namespace twin::resources
