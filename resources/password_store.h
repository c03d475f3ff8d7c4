// The password hashes of the machine's own accounts, remembered on the
// machine (TWIN/.twin/password-hashes, mode 0600, never committed, never
// pushed) so that the twin itself never holds one. A snapshot remembers the
// hash of every account that has one; going forward to a snapshot in which
// an account since removed had `password = "usable"` (or "locked") gives it
// back its last hash, with `chpasswd -e` reading it on stdin, never argv.
// An account the machine never had a hash for cannot get one this way:
// that stays E3702.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/result.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

/// name → hash (without a lock's "!") for every shadow(5) line with a hash.
std::map<std::string, std::string> parse_shadow_hashes(std::string_view shadow_text);

/// Adds the hashes of ROOT/etc/shadow to the store of the twin at
/// `twin_dir` (a later hash of a user replaces the earlier one; users no
/// longer on the machine keep theirs). Errors: those of RootedFs.
engine::Status remember_password_hashes(const RootedFs& root,
                                        const std::filesystem::path& twin_dir);

/// The hash remembered for `user`, read beneath the twin directory;
/// nullopt when none (or the store cannot be read).
std::optional<std::string> remembered_password_hash(const std::filesystem::path& twin_dir,
                                                    std::string_view user);

}  // namespace twin::resources
