// The size of a whiptail box from its text (cli/box_size.h). The chrome (6
// rows, 5 columns) and the word wrap were measured against whiptail 0.52
// in tmux; tests/cli/menu_cli_test.cc checks the boxes on a real screen.
#include "cli/box_size.h"

#include <gtest/gtest.h>

#include <string>

namespace twin::cli {
namespace {

constexpr Screen kScreen{30, 100};

TEST(BoxSize, OneLineGetsASmallBoxThatNeedsNoScrolling) {
  BoxSize box = fit_box("Nothing to apply: the machine matches the twin.\n", "Apply", kScreen);
  EXPECT_EQ(box.height, 7);
  EXPECT_EQ(box.width, 52);  // 47 columns of text and 5 of chrome
  EXPECT_FALSE(box.scroll);
}

TEST(BoxSize, ShortTextsKeepAWidthForTheTitleAndTwoButtons) {
  EXPECT_EQ(fit_box("ok", "Rollback", kScreen).width, 40);
  EXPECT_EQ(fit_box("ok", std::string(50, 't'), kScreen).width, 58);
}

TEST(BoxSize, HeightCountsLinesAsWhiptailWrapsThem) {
  EXPECT_EQ(fit_box("one\ntwo\nthree\n", "T", kScreen).height, 9);
  // A line wider than the screen wraps into the box's 91 text columns.
  BoxSize wide = fit_box(std::string(150, 'x'), "T", kScreen);
  EXPECT_EQ(wide.width, 96);
  EXPECT_EQ(wide.height, 8);
}

TEST(BoxSize, ATextTallerThanTheScreenScrolls) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "line " + std::to_string(i) + "\n";
  BoxSize box = fit_box(text, "Plan", kScreen);
  EXPECT_EQ(box.height, 28);
  EXPECT_TRUE(box.scroll);
  EXPECT_FALSE(fit_box(text, "Plan", {120, 100}).scroll);
}

TEST(BoxSize, TinyTerminalsStillGetABoxThatFitsThem) {
  BoxSize box = fit_box("a fairly long line of text that will not fit", "T", {10, 30});
  EXPECT_EQ(box.width, 26);
  EXPECT_LE(box.height, 8);
  EXPECT_TRUE(box.scroll);
}

TEST(WrappedRows, WrapsAtWordsLikeWhiptail) {
  struct Case {
    const char* text;
    int columns;
    int rows;
  } cases[] = {
      {"", 10, 1},
      {"short", 10, 1},
      {"a\nb\n", 10, 2},
      // Measured: a 30-column --textbox shows this in 3 rows.
      {"AAAAAAAAAA BBBBBBBBBB CCCCCCCCCC DDDDDDDDDD EEEEEEEEEE", 25, 3},
      {"xxxxxxxxxxxxxxxxxxxxxxxxx", 10, 3},  // a word longer than a row is cut
      {"ab xxxxxxxxxxxxxxxxxxxx", 10, 3},
      {"\tx", 8, 2},      // a tab moves to column 8
      {"│é│é│é│é│é", 10, 1},  // UTF-8: one column per character, not per byte
  };
  for (const auto& c : cases)
    EXPECT_EQ(wrapped_rows(c.text, c.columns), c.rows) << '"' << c.text << "\" in " << c.columns;
}

}  // namespace
}  // namespace twin::cli
