// The dotted keys of config.yaml ("files.max_size") for `twin config get`
// and `set`, and the mirrored roots for `twin config-fs add` and `remove`.
// A value is checked by the very parser that reads config.yaml (a one-key
// document goes through parse_twin_config or parse_retention), so `set`
// accepts exactly what the file would.
//
// Errors: E1401 an unknown key (with "did you mean" when one is close) or a
// value the parser refuses, naming the key; E1411 a root config-fs refuses
// (already there, nested in or containing another root, not a root).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/repo/effective_config.h"
#include "engine/core/result.h"

namespace twin::engine {

struct ConfigKey {
  std::string name;   // "files.max_size"
  bool list = false;  // `set` takes comma-separated items; `get` prints one per line
};

/// Every key `get` and `set` know, in config.yaml order. (`remote` is Git's
/// origin, see `twin remote`; `modules` is not set through these.)
const std::vector<ConfigKey>& config_keys();

/// The value of `key`: one item for a scalar (numbers in decimal), the items
/// of a list. Errors: E1401 for an unknown key.
Result<std::vector<std::string>> get_config_value(const EffectiveConfig& config,
                                                  std::string_view key);

/// The items of a comma-separated value, each trimmed of blanks; empty
/// items are dropped, so "" is the empty list.
std::vector<std::string> split_list_value(std::string_view value);

/// Sets `key` to `value` (list keys: comma-separated items), checked as
/// config.yaml would be; `config` is unchanged on error.
/// Errors: E1401 unknown key, bad value, or a control character in it.
Status set_config_value(EffectiveConfig& config, std::string_view key, std::string_view value);

/// A root as config-fs stores it: absolute or ~/..., without a trailing
/// slash, `.` or `..` parts. Errors: E1411 naming what is wrong.
Result<std::string> normalize_root(std::string_view root);

/// Adds a mirrored root. Errors: E1411 when it is already a root, lies
/// inside one, or contains one (remove that first).
Status add_root(EffectiveConfig& config, std::string_view root);

/// Removes a mirrored root. Errors: E1411 when it is not one (with the
/// closest root as a hint).
Status remove_root(EffectiveConfig& config, std::string_view root);

/// True when `path` is `dir` or lies under it ("~/x" under "~" too).
bool path_is_under(std::string_view path, std::string_view dir);

}  // namespace twin::engine
