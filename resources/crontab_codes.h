// Stable error codes of the crontab provider, kept apart from error_codes.h
// so that providers written in parallel never collide.
// Runtime errors (engine::Error) are E35xx; manifest diagnostics are E0336-E0349.
#pragma once

namespace twin::resources::crontab_codes {

// Plan, apply and undo (E35xx).
inline constexpr char kCrontabFailed[] = "E3501";   // the crontab command failed
inline constexpr char kNoCrontabGroup[] = "E3502";  // ROOT/etc/group has no `crontab`
inline constexpr char kUnknownUser[] = "E3503";     // user vanished from ROOT/etc/passwd
inline constexpr char kNoSpoolDir[] = "E3504";      // ROOT/var/spool/cron/crontabs missing
inline constexpr char kSourceUnreadable[] = "E3505";
inline constexpr char kBadUndoRecord[] = "E3506";
inline constexpr char kInvalidDecl[] = "E3507";  // a declaration that failed validate()
inline constexpr char kNotRegular[] = "E3508";   // the spool entry is not a regular file

// Manifest diagnostics (E034x).
inline constexpr char kDiagBadUser[] = "E0340";
inline constexpr char kDiagUnknownUser[] = "E0341";
// E0342 and E0343 (unknown attribute, wrong type) and E0336 (bad ensure)
// are retired, never to be reused: the checker reports those as E0203,
// E0204 and E0205 from the `crontab` schema (lang/checker.h).
inline constexpr char kDiagConflict[] = "E0344";  // content / source / entries together
inline constexpr char kDiagBadSchedule[] = "E0345";
inline constexpr char kDiagBadCommand[] = "E0346";
inline constexpr char kDiagBadLine[] = "E0347";   // a line of content or source
inline constexpr char kDiagBadEntry[] = "E0339";  // entry block: name, attributes, duplicates
inline constexpr char kDiagBadSource[] = "E0338";
inline constexpr char kDiagPercent[] = "W0337";  // warning: unescaped % in a command
inline constexpr char kDiagUnlistedTitle[] = "E0348";  // crontabs other than "unlisted"
inline constexpr char kDiagBadKeep[] = "E0349";        // a `keep` entry that is no user name

}  // namespace twin::resources::crontab_codes
