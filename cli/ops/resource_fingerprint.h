// What a declaration makes, as one comparable string: its type, title,
// attributes (in name order, as .twin source) and nested blocks, and for a
// `source` file of the twin the SHA-256 of its bytes. Two twins whose
// resource has the same fingerprint make the same thing of it; spans,
// attribute order and the file a declaration sits in do not count.
#pragma once

#include <filesystem>
#include <string>

#include "engine/core/plan.h"

namespace twin::ops {

/// Reads `source` (when the resource has one) beneath `twin_dir`; an
/// unreadable source counts as its reason, so it still compares.
std::string resource_fingerprint(const engine::Resource& resource,
                                 const std::filesystem::path& twin_dir);

}  // namespace twin::ops
