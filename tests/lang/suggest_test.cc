#include "lang/suggest.h"

#include <gtest/gtest.h>

namespace twin::lang {
namespace {

TEST(EditDistance, Basics) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("hostname", "hostnmae"), 2u);
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

}  // namespace
}  // namespace twin::lang
