#include "resources/utf8.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

TEST(Utf8, AcceptsValidAndRejectsInvalidSequences) {
  for (const char* ok : {"", "ascii", "caf\xc3\xa9", "\xe2\x86\x92", "\xf0\x9f\x98\x80",
                         "\xed\x9f\xbf", "\xf4\x8f\xbf\xbf"})
    EXPECT_TRUE(is_valid_utf8(ok)) << ok;
  for (const char* bad : {"\xe9", "\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                          "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\x80", "\xe2\x86"})
    EXPECT_FALSE(is_valid_utf8(bad)) << bad;
}

}  // namespace
}  // namespace twin::resources
