// What a fleet module in config.yaml may be called, where it may come from,
// and which ref it may follow. A module's name becomes a directory name
// (TWIN/modules/NAME, .twin/modules/NAME.git), so it is checked before it
// reaches the file system; a module URL is a Git remote URL (the checks of
// `twin remote`) minus the transports that neither authenticate nor encrypt.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/twin_layout.h"
#include "engine/core/result.h"

namespace twin::engine {

/// The directory holding the modules' files, at the top of a twin.
inline constexpr const char* kModulesDir = layout::kModules;

/// Accepts [a-z0-9][a-z0-9_-]*, at most 64 characters. Error E2040 naming
/// the rule otherwise.
Status check_module_name(std::string_view name);

/// Accepts https://, ssh://, scp-like user@host:path, file:// and absolute
/// paths (plain http only to 127.0.0.1 or ::1). Refuses git:// and http://
/// elsewhere (E2021: the module's code would travel unauthenticated), and a
/// URL holding credentials (E2022, without echoing it).
Status check_module_url(std::string_view url);

/// Accepts a branch or tag name ("main", "release/2.1", "v1.0"), a full
/// ref ("refs/tags/v1"), or a full 40-digit commit id; empty means the
/// remote's default branch. Error E2040 otherwise.
Status check_module_ref(std::string_view ref);

/// True for 40 lower- or upper-case hex digits.
bool is_full_commit_id(std::string_view text);

}  // namespace twin::engine
