// Stable error codes of the service provider, kept apart from
// error_codes.h so that providers written in parallel never collide.
// Runtime errors (engine::Error) are E34xx; manifest diagnostics are E033x.
#pragma once

namespace twin::resources::service_codes {

// Plan, apply and undo (E34xx).
inline constexpr char kSystemctlFailed[] = "E3401";   // systemctl could not run or failed
inline constexpr char kUnexpectedOutput[] = "E3402";  // output we cannot interpret
inline constexpr char kUnitNotFound[] = "E3403";      // `enabled`/`running` on a missing unit
inline constexpr char kCannotEnable[] = "E3404";      // static, masked, generated... units;
                                                      // a mask `systemctl unmask` cannot lift
inline constexpr char kBadUndoRecord[] = "E3405";
inline constexpr char kInvalidDecl[] = "E3406";     // a declaration that failed validate()
inline constexpr char kLinkScanFailed[] = "E3407";  // reading etc/systemd/system failed

// Manifest diagnostics (E033x).
inline constexpr char kDiagBadUnitName[] = "E0331";
// E0332, E0333 and E0335 (unknown attribute, wrong type, nested block) are
// retired, never to be reused: the checker reports those as E0203, E0204
// and E0209 from the `service` schema (lang/checker.h).
inline constexpr char kDiagUnsupportedUnitType[] = "E0334";
// `masked = true` with `enabled = true` or `running = true`. E0330 because
// E0336-E0339 went to the crontab resource (crontab_codes.h).
inline constexpr char kDiagMaskedConflict[] = "E0330";

}  // namespace twin::resources::service_codes
