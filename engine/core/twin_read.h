// Reading a file of the twin: twin content may be hostile (a pushed commit
// can hold any symlink), so every read of it resolves beneath the twin's
// top directory in the kernel (openat2 RESOLVE_BENEATH and
// RESOLVE_NO_MAGICLINKS): a symlink or ".." that leads out of the twin, or
// a /proc magic link, fails instead of being followed. Links that stay
// inside the twin are followed. Only regular files are read.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/core/result.h"

namespace twin::engine {

/// The bytes of `relative` (twin-relative, e.g. "state/site.twin"), read
/// beneath `twin_dir`. Errors (E1211), with why in the message: "a symbolic
/// link or '..' leads out of the twin", "no such file", "not a regular
/// file", or the system's reason.
Result<std::string> read_twin_file(const std::filesystem::path& twin_dir,
                                   std::string_view relative);

}  // namespace twin::engine
