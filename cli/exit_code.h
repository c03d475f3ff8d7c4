// Every exit code `twin` uses, in one place (documented in SPEC.md).
#pragma once

namespace twin::cli {

enum class ExitCode : int {
  kOk = 0,       // success; for plan: nothing would change
  kError = 1,    // bad input, a failed apply, or a refusal
  kChanges = 2,  // plan: at least one step would run
};

inline int to_int(ExitCode c) { return static_cast<int>(c); }

/// What each code means, for `twin help` and twin(1).
inline constexpr struct {
  ExitCode code;
  const char* meaning;
} kExitCodeMeanings[] = {
    {ExitCode::kOk, "success, or nothing to change"},
    {ExitCode::kError, "an error: bad flags or input, a refusal, a failed apply"},
    {ExitCode::kChanges,
     "changes pending (plan, status, diff --exit-code) or refused (agent run)"},
};

}  // namespace twin::cli
