// twin_kill_after_step: the twin command line, built only for tests, that
// kills itself with SIGKILL right after journaling the k-th step it applied
// when TWIN_TEST_KILL_AFTER_STEP=k (a positive whole number). The shipped
// `twin` has no such switch: only this program installs the hook, so crash
// recovery tests can stop an apply at an exact step
// (tests/cli/recovery_cli_test.cc).
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "cli/app.h"
#include "engine/core/executor.h"

namespace {

unsigned long kill_after = 0;

void kill_at_the_chosen_step(std::size_t steps_applied) {
  if (steps_applied != kill_after) return;
  std::fflush(nullptr);  // let the test see the progress printed so far
  std::raise(SIGKILL);
}

}  // namespace

int main(int argc, char** argv) {
  // Unset, empty, or not a positive whole number: the hook is not installed.
  if (const char* text = std::getenv("TWIN_TEST_KILL_AFTER_STEP"); text && *text && *text != '-') {
    char* end = nullptr;
    unsigned long k = std::strtoul(text, &end, 10);
    if (*end == '\0' && k > 0) {
      kill_after = k;
      twin::engine::set_step_journaled_hook(kill_at_the_chosen_step);
    }
  }
  return twin::cli::run(argc, argv);
}
