#include "engine/core/unified_diff.h"

#include <gtest/gtest.h>

namespace twin::engine {
namespace {

TEST(UnifiedDiff, ShowsChangedLinesWithHeaders) {
  ContentDiff d{"a/etc/motd", "b/etc/motd", "one\ntwo\nthree\n", "one\n2\nthree\n"};
  auto text = unified_diff(d);
  ASSERT_TRUE(text.ok()) << text.error().text();
  EXPECT_EQ(*text,
            "--- a/etc/motd\n"
            "+++ b/etc/motd\n"
            "@@ -1,3 +1,3 @@\n"
            " one\n"
            "-two\n"
            "+2\n"
            " three\n");
}

TEST(UnifiedDiff, NewFileDiffsAgainstEmpty) {
  ContentDiff d{"/dev/null", "b/etc/new", "", "hello\n"};
  auto text = unified_diff(d);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("+hello\n"), std::string::npos) << *text;
  EXPECT_NE(text->find("@@ -0,0 +1 @@"), std::string::npos) << *text;
}

TEST(UnifiedDiff, SensitiveContentIsNeverShown) {
  ContentDiff d{"a/k", "b/k", "password=hunter2\n", "password=swordfish\n"};
  d.sensitive = true;
  auto text = unified_diff(d);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->find("hunter2"), std::string::npos);
  EXPECT_EQ(text->find("swordfish"), std::string::npos);
  EXPECT_NE(text->find("sensitive"), std::string::npos);
}

}  // namespace
}  // namespace twin::engine
