// "Did you mean": edit distance and the nearest candidate (cli/spelling.h).
#include "cli/spelling.h"

#include <gtest/gtest.h>

namespace twin::cli {
namespace {

TEST(EditDistance, CountsInsertDeleteReplaceAndSwap) {
  struct Case {
    const char *a, *b;
    std::size_t want;
  } cases[] = {
      {"", "", 0},         {"plan", "plan", 0}, {"pla", "plan", 1},          {"plan", "pan", 1},
      {"plan", "plen", 1}, {"jsno", "json", 1}, {"snapshto", "snapshot", 1}, {"xyz", "fmt", 3},
      {"", "diff", 4},
  };
  for (const auto& c : cases) EXPECT_EQ(edit_distance(c.a, c.b), c.want) << c.a << " " << c.b;
}

TEST(ClosestMatch, SuggestsOnlyWhatIsNear) {
  std::vector<std::string> commands{"snapshot", "status", "plan", "fmt", "snap"};
  EXPECT_EQ(closest_match("snapshto", commands), "snapshot");
  EXPECT_EQ(closest_match("stauts", commands), "status");
  EXPECT_EQ(closest_match("pln", commands), "plan");
  // A third of the word's letters at most: three letters allow one edit.
  EXPECT_EQ(closest_match("xyz", commands), std::nullopt);
  EXPECT_EQ(closest_match("fnt", commands), "fmt");
  EXPECT_EQ(closest_match("apply", commands), std::nullopt);
}

TEST(ClosestMatch, TieGoesToTheEarlierCandidate) {
  EXPECT_EQ(closest_match("plam", {"plan", "plat"}), "plan");
}

}  // namespace
}  // namespace twin::cli
