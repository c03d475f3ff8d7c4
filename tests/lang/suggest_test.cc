#include "lang/suggest.h"

#include <gtest/gtest.h>

namespace twin::lang {
namespace {

TEST(EditDistance, Basics) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("hostname", "hostnmae"), 1u);  // one swap
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(ClosestName, PicksTheNearestLikelyTypo) {
  std::vector<std::string> names = {"hostname", "site", "admin"};
  EXPECT_EQ(closest_name("hostnmae", names), "hostname");
  EXPECT_EQ(closest_name("sit", names), "site");
  EXPECT_EQ(closest_name("zzz", names), std::nullopt);
  EXPECT_EQ(closest_name("x", {}), std::nullopt);
  // Short names allow one edit, so "ab" does not suggest "xy".
  EXPECT_EQ(closest_name("ab", {"xy"}), std::nullopt);
  EXPECT_EQ(closest_name("ab", {"xb", "ax"}), "xb");  // ties: first listed
}

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

TEST(ClosestName, SuggestsOnlyWhatIsNear) {
  std::vector<std::string> commands{"snapshot", "status", "plan", "fmt", "snap"};
  EXPECT_EQ(closest_name("snapshto", commands), "snapshot");
  EXPECT_EQ(closest_name("stauts", commands), "status");
  EXPECT_EQ(closest_name("pln", commands), "plan");
  // A third of the word's letters at most: three letters allow one edit.
  EXPECT_EQ(closest_name("xyz", commands), std::nullopt);
  EXPECT_EQ(closest_name("fnt", commands), "fmt");
  EXPECT_EQ(closest_name("apply", commands), std::nullopt);
}

TEST(ClosestName, MaxEditsCapsLongNames) {
  std::vector<std::string> flags{"other-machine"};
  // Four edits away: twelve letters allow four, unless capped at three.
  EXPECT_EQ(closest_name("othx-mxchxne", flags), "other-machine");
  EXPECT_EQ(closest_name("othx-mxchxne", flags, 3), std::nullopt);
}

TEST(ClosestName, TieGoesToTheEarlierCandidate) {
  EXPECT_EQ(closest_name("plam", {"plan", "plat"}), "plan");
}

}  // namespace
}  // namespace twin::lang
