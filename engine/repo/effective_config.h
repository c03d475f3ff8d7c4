// Everything a twin's config.yaml says, defaults included, in one value:
// the sections TwinConfig reads (engine/repo/twin_config.h) and the `checkpoints`
// section retention reads (engine/core/retention.h). `twin config` shows it, and
// `twin config set` and `twin config-fs` write it back.
//
// Writing back renders the file in the canonical layout of `twin init`
// (render_twin_config) plus the sections that layout leaves as comments
// (`checkpoints` when set, `remote` when set), so no setting is lost; a
// change to one value written on one line is made in place instead
// (engine/repo/twin_config_save.h), keeping the person's comments.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/core/result.h"
#include "engine/core/retention.h"
#include "engine/repo/twin_config.h"

namespace twin::engine {

struct EffectiveConfig {
  TwinConfig twin;
  RetentionPolicy checkpoints;  // from_config: config.yaml has the section
};

/// Parses config.yaml text with both readers; `file` names it in errors.
/// Errors: E1401 (twin_config), E1601 (checkpoints).
Result<EffectiveConfig> parse_effective_config(std::string_view text, const std::string& file);

/// TWIN/config.yaml, or the defaults when the twin has none. Errors: E1001
/// unreadable, and those of parse_effective_config.
Result<EffectiveConfig> load_effective_config(const std::filesystem::path& twin_dir);

/// config.yaml text for `config`. The `checkpoints` section is written when
/// config.yaml had it (or `all_keys`, for `twin config show`), else left as
/// the commented defaults; `remote` (unused) only when it is not the default.
/// parse_effective_config(render_effective_config(c)) gives back `c`.
std::string render_effective_config(const EffectiveConfig& config, bool all_keys = false);

}  // namespace twin::engine
