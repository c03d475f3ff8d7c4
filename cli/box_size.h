// How big a whiptail box is: sized to its text (a one-line result gets a
// small box, not the whole screen) and capped by the terminal. whiptail
// word-wraps a line wider than the box, so the height counts wrapped lines.
// A text taller than the screen gets a scrolling box; only then does the
// text need the focus (and Enter no longer presses OK), so it is the only
// case that asks for --scrolltext.
#pragma once

#include <string_view>

namespace twin::cli {

/// The terminal's size in character cells.
struct Screen {
  int rows = 24;
  int cols = 80;
};

struct BoxSize {
  int height = 0;
  int width = 0;
  bool scroll = false;  // the text does not fit: pass --scrolltext
};

/// The size of stdout's terminal; 24x80 when it has none.
Screen terminal_screen();

/// The box for `text` under `title` with one row of buttons: as wide as the
/// widest line (at least wide enough for the title and two buttons), as tall
/// as the wrapped text, never larger than `screen`.
BoxSize fit_box(std::string_view text, std::string_view title, Screen screen);

/// How many rows whiptail needs for `text` wrapped (at word boundaries,
/// tabs every 8 columns) to `columns`.
int wrapped_rows(std::string_view text, int columns);

}  // namespace twin::cli
