// Debian version ordering (dpkg's algorithm) and the name/version rules,
// table-driven.
#include "resources/debian_names.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

struct CompareCase {
  const char* a;
  const char* b;
  int sign;  // -1, 0, 1
};

TEST(DebianVersionCompare, FollowsDpkg) {
  const CompareCase kCases[] = {
      {"1.0", "1.0", 0},      {"1.0", "1.0-0", 0},
      {"0:1.0", "1.0", 0},    {"1.0", "2.0", -1},
      {"2.0", "1.0", 1},      {"1.10", "1.9", 1},
      {"1.0~rc1", "1.0", -1}, {"1.0", "1.0+b1", -1},
      {"1.0~~", "1.0~", -1},  {"1:0.1", "2.0", 1},
      {"1.0-1", "1.0-2", -1}, {"1.0-10", "1.0-9", 1},
      {"1.0a", "1.0", 1},     {"1.0a", "1.0+", -1},
      {"1.002", "1.2", 0},    {"2.36-9", "2.36-9+deb12u1", -1},
      {"1.0.0", "1.0", 1},
  };
  for (const CompareCase& c : kCases) {
    int result = compare_versions(c.a, c.b);
    int sign = result < 0 ? -1 : result > 0 ? 1 : 0;
    EXPECT_EQ(sign, c.sign) << c.a << " vs " << c.b;
    int reverse = compare_versions(c.b, c.a);
    EXPECT_EQ(reverse < 0 ? -1 : reverse > 0 ? 1 : 0, -c.sign) << c.b << " vs " << c.a;
  }
}

TEST(DebianNames, ValidNamesAndVersionsAreSafeArguments) {
  for (const char* name : {"nginx", "g++", "libc6", "0ad", "a.b-c+d"}) {
    EXPECT_FALSE(package_name_problem(name)) << name;
  }
  for (const char* name : {"-rf", "--help", "a b", "a\tb", "x$(id)", "x`id`", "x'", "x\"", "x/y",
                           "x=1", "x_y", "é1"}) {
    EXPECT_TRUE(package_name_problem(name)) << name;
  }
  for (const char* v : {"1", "1.0", "1:1.0-1", "1.0~rc1+dfsg-1ubuntu1", "0:0"}) {
    EXPECT_FALSE(version_problem(v)) << v;
  }
  for (const char* v :
       {"", "-1", "a1", "1 0", ":1", "a:1", "1.0-", "1:", "1-a_b", "1;id", "1.0:2", "1$"}) {
    EXPECT_TRUE(version_problem(v)) << v;
  }
}

TEST(DebianNames, ArchQualifier) {
  EXPECT_EQ(arch_qualifier("libc6:amd64"), std::optional<std::size_t>(5));
  EXPECT_EQ(arch_qualifier("libc6:"), std::nullopt);
  EXPECT_EQ(arch_qualifier("libc6"), std::nullopt);
  EXPECT_EQ(arch_qualifier("Lib:amd64"), std::nullopt);
  EXPECT_EQ(arch_qualifier("libc6:am;d"), std::nullopt);
}

TEST(DebianNames, QuotedEscapes) { EXPECT_EQ(quoted_text("a\"b\\c\n"), "\"a\\\"b\\\\c\\x0a\""); }

}  // namespace
}  // namespace twin::resources
