// One owner for libgit2's global state, and RAII for its handles.
#pragma once

#include <git2.h>

#include <memory>
#include <string>

#include "engine/core/result.h"

namespace twin::engine {

/// Initialises libgit2 once per process (thread-safe) and shuts it down at exit.
void ensure_libgit2();

/// libgit2's message for the failure that returned `rc` ("error RC" when
/// it left none).
std::string git_error_text(int rc);

/// Turns a negative libgit2 return code into an Error naming `what`.
/// (On libgit2 1.5 git_error_last() may be NULL.)
Error git_failure(int rc, const std::string& what);

template <class T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* p) const { Free(p); }
};
using GitPatch = std::unique_ptr<git_patch, GitDeleter<git_patch, git_patch_free>>;

}  // namespace twin::engine
