// Stable error codes of the `package` provider, kept apart from
// error_codes.h so that file is not edited by every provider. Runtime errors
// (engine::Error) are E33xx; manifest diagnostics from validate() are E032x.
#pragma once

namespace twin::resources::package_codes {

// Plan, apply and undo (E33xx).
inline constexpr char kInvalidDecl[] = "E3301";         // a declaration that fails validate()
inline constexpr char kToolFailed[] = "E3302";          // dpkg/apt exited non-zero or could not run
inline constexpr char kNoCandidate[] = "E3303";         // apt knows no version to install
inline constexpr char kVersionUnavailable[] = "E3304";  // ensure = "VERSION" not in any source
inline constexpr char kRiskyRemoval[] = "E3305";        // Essential / Priority: required removal
inline constexpr char kBrokenPackage[] = "E3306";       // half-installed, unpacked, ...
inline constexpr char kBadUndoRecord[] = "E3307";
inline constexpr char kUndoIncomplete[] = "E3308";    // the old state could not be restored
inline constexpr char kAptConfig[] = "E3309";         // the sandbox apt config file
inline constexpr char kUnexpectedOutput[] = "E3310";  // tool output we cannot interpret
inline constexpr char kHeldPackage[] = "E3311";       // a change would move an undeclared hold
inline constexpr char kTakesDeclared[] = "E3312";     // a removal would take a declared package along
inline constexpr char kBadRecord[] = "E3313";         // live/packages.yaml unreadable or malformed

// Manifest diagnostics (E032x).
inline constexpr char kDiagBadName[] = "E0321";        // the title is no Debian package name
inline constexpr char kDiagArchQualifier[] = "E0322";  // "name:arch" is not supported
inline constexpr char kDiagBadEnsure[] = "E0323";      // neither a keyword nor a valid version
inline constexpr char kDiagBadVersion[] = "E0324";     // looks like a version but is invalid
inline constexpr char kDiagHoldConflict[] = "E0325";   // hold = true with ensure = absent/purged
inline constexpr char kDiagUnlistedTitle[] = "E0326";  // packages "X" with X other than "unlisted"
inline constexpr char kDiagBadKeep[] = "E0327";        // a `keep` pattern no package name can match
inline constexpr char kDiagAutoConflict[] = "E0328";   // auto = BOOL with ensure = absent/purged

}  // namespace twin::resources::package_codes
