// Stable error codes of the `user`, `group` and `accounts` resources, kept
// apart from error_codes.h so that providers written in parallel never
// collide. Runtime errors (engine::Error) are E37xx; manifest diagnostics
// are E0360-E0369.
#pragma once

namespace twin::resources::account_codes {

// Plan, apply and undo (E37xx).
inline constexpr char kToolFailed[] = "E3701";      // useradd, usermod, ... failed
inline constexpr char kNoHash[] = "E3702";          // `password = "usable"` without a hash
inline constexpr char kBadUndoRecord[] = "E3703";
inline constexpr char kInvalidDecl[] = "E3704";     // a declaration that failed validate()
inline constexpr char kIdTaken[] = "E3706";         // uid/gid of another account

// Manifest diagnostics (E036x).
inline constexpr char kDiagBadId[] = "E0360";       // uid or gid out of range
inline constexpr char kDiagBadGroups[] = "E0361";   // a `groups` entry: no group name, twice
inline constexpr char kDiagBadField[] = "E0362";    // ':' or a control byte in a passwd field
inline constexpr char kDiagBadExpiry[] = "E0363";   // expires: no date and not "never"
inline constexpr char kDiagAbsentWith[] = "E0364";  // ensure = "absent" with other attributes
inline constexpr char kDiagUnlistedTitle[] = "E0365";  // accounts other than "unlisted"
inline constexpr char kDiagBadKeep[] = "E0366";     // a `keep` entry that is no account name
inline constexpr char kDiagRootAbsent[] = "E0367";  // root cannot be removed

}  // namespace twin::resources::account_codes
