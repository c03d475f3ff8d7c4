// Stable error codes of the resources layer, in one place so that a code is
// never reused for two meanings. Runtime errors (engine::Error) are E3xxx;
// manifest diagnostics from validate() are E03xx.
#pragma once

namespace twin::resources::codes {

// Process runner (E30xx).
inline constexpr char kProgramNotAbsolute[] = "E3001";
inline constexpr char kSpawnFailed[] = "E3002";
inline constexpr char kWaitFailed[] = "E3003";
inline constexpr char kBadCommand[] = "E3004";

// Rooted file system (E31xx).
inline constexpr char kBadRoot[] = "E3101";
inline constexpr char kEscapesRoot[] = "E3102";
inline constexpr char kBadPath[] = "E3103";
inline constexpr char kIo[] = "E3104";
inline constexpr char kTooLarge[] = "E3105";
inline constexpr char kNotRegular[] = "E3106";

// File provider at plan/apply/undo time (E32xx).
inline constexpr char kInvalidDecl[] = "E3201";
inline constexpr char kParentNotDir[] = "E3202";
inline constexpr char kDirNotEmpty[] = "E3203";
inline constexpr char kSpecialFile[] = "E3204";
inline constexpr char kDrift[] = "E3205";
inline constexpr char kBadUndoRecord[] = "E3206";
inline constexpr char kSourceUnreadable[] = "E3207";
inline constexpr char kPackageFile[] = "E3208";  // the bytes a package shipped cannot be had

// Manifest diagnostics of the file resource (E03xx).
inline constexpr char kDiagBadTitle[] = "E0301";
// E0302-E0306 (unknown attribute, wrong type, bad ensure, bad mode, content
// with source) are retired, never to be reused: the checker reports those
// as E0203, E0204, E0205, E0206 and E0208 (lang/checker.h).
inline constexpr char kDiagBadSource[] = "E0307";
inline constexpr char kDiagUnknownOwner[] = "E0308";
inline constexpr char kDiagUnknownGroup[] = "E0309";
inline constexpr char kDiagContentOnNonFile[] = "E0310";
inline constexpr char kDiagBadLinkTarget[] = "E0311";
inline constexpr char kDiagTrustConfig[] = "E0312";  // a file under /etc/twinsync
inline constexpr char kDiagBadSecretCopy[] = "E0313";  // machine_secret is no copy id

}  // namespace twin::resources::codes
