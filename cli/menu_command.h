// `twin menu` (and `twin` with no arguments on a terminal): whiptail menus
// over the same code as the CLI commands. Items for commands this build does
// not have are left out; Cancel or Esc goes back up one level. Output of a
// command is captured and shown in a scrollable box; nothing asks on the
// terminal behind whiptail's back (apply is confirmed in a yes/no box that
// shows the plan's summary, and applies exactly that plan).
#pragma once

#include <string>
#include <string_view>

#include "cli/twin_location.h"

namespace twin::cli {

struct MenuOptions {
  TargetOptions target;
};

/// Exit 0 when the user leaves the menu; 1 without a terminal or without
/// whiptail (then it says so and points to the CLI commands).
int run_menu(const MenuOptions& options);

}  // namespace twin::cli
