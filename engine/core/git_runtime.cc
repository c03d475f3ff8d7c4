#include "engine/core/git_runtime.h"

namespace twin::engine {
namespace {

struct Libgit2Owner {
  Libgit2Owner() { git_libgit2_init(); }
  ~Libgit2Owner() { git_libgit2_shutdown(); }
};

}  // namespace

void ensure_libgit2() { static Libgit2Owner owner; }

std::string git_error_text(int rc) {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "error " + std::to_string(rc);
}

Error git_failure(int rc, const std::string& what) {
  return make_error("E2001", what + ": " + git_error_text(rc));
}

}  // namespace twin::engine
