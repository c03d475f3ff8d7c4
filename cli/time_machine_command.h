// `twin time-machine [REV | --commit REV] [--undo] [-y] [--force]`: the
// time machine as one command. With a REV (or --undo) it is `twin reset`
// (run_reset: a new commit, refs/twin/before-reset keeps the old head).
// Without one it lists the last commits: on a terminal to pick one by
// number (then run_reset asks to confirm, unless --yes); elsewhere it
// prints them and how to pick one.
#pragma once

#include <cstddef>
#include <string>

namespace twin::cli {

struct TimeMachineOptions {
  std::string twin_dir;
  std::string id;      // positional REV
  std::string commit;  // --commit REV (the same as the positional one)
  bool undo = false;
  bool yes = false;
  bool force = false;
  std::size_t limit = 20;  // commits listed without a REV
};

/// Exit 0 after a reset, a listing, or a cancelled choice; 1 on an error
/// or a refusal (as run_reset).
int run_time_machine(const TimeMachineOptions& options);

}  // namespace twin::cli
