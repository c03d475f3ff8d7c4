#include "cli/box_size.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

namespace twin::cli {
namespace {

// Rows and columns a box spends around its text: the border (2 each way), a
// blank row above the text, the button row and the blank rows around it
// (measured: a 3-line text fills a 9-row --msgbox, --textbox and --yesno
// exactly), and one column of padding plus the scrollbar's column.
constexpr int kChromeRows = 6;
constexpr int kChromeCols = 5;
// Narrower than this, "<Roll back>  <Keep>" and a title crowd each other.
constexpr int kMinWidth = 40;

/// Display columns of one line: UTF-8 continuation bytes take none, a tab
/// moves to the next multiple of 8.
int columns_of(std::string_view line) {
  int cols = 0;
  for (unsigned char c : line) {
    if (c == '\t') cols = (cols / 8 + 1) * 8;
    else if ((c & 0xC0) != 0x80) ++cols;
  }
  return cols;
}

template <typename Each>
void for_each_line(std::string_view text, Each each) {
  while (!text.empty()) {
    auto newline = text.find('\n');
    each(text.substr(0, newline));
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
  }
}

/// Rows one line takes when words wrap greedily at `columns` (a word longer
/// than a row is cut, as newt does).
int rows_of(std::string_view line, int columns) {
  int rows = 1, used = 0;
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t space = line.find(' ', start);
    std::string_view word = line.substr(start, space == std::string_view::npos ? line.npos
                                                                               : space - start);
    int w = columns_of(word);
    int need = used == 0 ? w : used + 1 + w;
    if (need <= columns) {
      used = need;
    } else {
      rows += used == 0 ? 0 : 1;
      rows += (w - 1) / columns;
      used = w % columns == 0 && w > 0 ? columns : w % columns;
    }
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return rows;
}

}  // namespace

Screen terminal_screen() {
  Screen screen;
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
    screen.rows = ws.ws_row;
    screen.cols = ws.ws_col;
  }
  return screen;
}

int wrapped_rows(std::string_view text, int columns) {
  columns = std::max(1, columns);
  int rows = 0;
  for_each_line(text, [&](std::string_view line) { rows += rows_of(line, columns); });
  return std::max(1, rows);
}

BoxSize fit_box(std::string_view text, std::string_view title, Screen screen) {
  int widest = 0;
  for_each_line(text, [&](std::string_view line) { widest = std::max(widest, columns_of(line)); });
  int max_width = std::max(20, screen.cols - 4);
  int max_height = std::max(kChromeRows + 1, screen.rows - 2);
  BoxSize box;
  box.width = std::clamp(std::max({widest + kChromeCols, columns_of(title) + 8, kMinWidth}),
                         std::min(kMinWidth, max_width), max_width);
  int rows = wrapped_rows(text, box.width - kChromeCols);
  box.height = std::min(rows + kChromeRows, max_height);
  box.scroll = rows + kChromeRows > max_height;
  return box;
}

}  // namespace twin::cli
