// The plain scans behind the parser: encoding check, error token extents and
// the recovery skips.
#include "lang/internal/text_scan.h"

#include <gtest/gtest.h>

#include <string>

namespace twin::lang::internal {
namespace {

TEST(FindEncodingError, AcceptsUtf8) {
  EXPECT_EQ(find_encoding_error(""), std::nullopt);
  EXPECT_EQ(find_encoding_error("ascii\n\t"), std::nullopt);
  EXPECT_EQ(find_encoding_error("é → 世界 \xF0\x9F\x98\x80"), std::nullopt);
}

TEST(FindEncodingError, FindsTheFirstBadSequence) {
  struct Case {
    std::string text;
    std::size_t offset;
    bool is_nul;
  };
  const Case cases[] = {
      {std::string("ab\0c", 4), 2, true},
      {"a\xFF", 1, false},             // never valid
      {"a\xC3", 1, false},             // truncated
      {"a\xC3(", 1, false},            // bad continuation
      {"\xC0\xAF", 0, false},          // overlong '/'
      {"x\xED\xA0\x80", 1, false},     // UTF-16 surrogate
      {"\xF4\x90\x80\x80", 0, false},  // past U+10FFFF
  };
  for (const auto& c : cases) {
    auto error = find_encoding_error(c.text);
    ASSERT_TRUE(error.has_value()) << c.text;
    EXPECT_EQ(error->offset, c.offset) << c.text;
    EXPECT_EQ(error->is_nul, c.is_nul) << c.text;
  }
}

TEST(TokenEnd, CoversTheOffendingToken) {
  std::string text = "  mode \"0644\" x12 -5 : \"open\n";
  EXPECT_EQ(token_end(text, 2), 6u);    // mode
  EXPECT_EQ(token_end(text, 7), 13u);   // "0644"
  EXPECT_EQ(token_end(text, 14), 17u);  // x12
  EXPECT_EQ(token_end(text, 18), 20u);  // -5
  EXPECT_EQ(token_end(text, 21), 22u);  // :
  EXPECT_EQ(token_end(text, 23), 28u);  // "open, cut at the newline
  EXPECT_EQ(token_end(text, 28), 28u);  // newline: empty
  EXPECT_EQ(token_end(text, 99), text.size());
  EXPECT_EQ(token_end("é", 0), 2u);
}

TEST(SkipItem, StopsAfterTheLineOutsideBrackets) {
  std::string text = "a = [1,\n  2] x\nb = 1\n}";
  Resync r = skip_item(text, 0);
  EXPECT_EQ(r.offset, text.find("b = 1"));
  EXPECT_TRUE(r.clean);
}

TEST(SkipItem, StopsBeforeTheBraceThatClosesTheBlock) {
  std::string text = "a = [1, 2\n}\nnext";
  Resync r = skip_item(text, 0);
  EXPECT_EQ(r.offset, text.find('}'));
  EXPECT_TRUE(r.clean);
}

TEST(SkipItem, IgnoresBracketsInStringsAndComments) {
  std::string text = "a = \"[{\" # ]}\nb";
  EXPECT_EQ(skip_item(text, 0).offset, text.find('b'));
}

TEST(SkipItem, StopsUncleanlyAtATopLevelLineOrEof) {
  std::string text = "a = [1,\nlet x = 1\n";
  Resync r = skip_item(text, 0);
  EXPECT_EQ(r.offset, text.find("let"));
  EXPECT_FALSE(r.clean);
  Resync eof = skip_item("a = [[[", 0);
  EXPECT_EQ(eof.offset, 7u);
  EXPECT_FALSE(eof.clean);
}

TEST(SkipStatement, SkipsToTheNextLineStartingWithAName) {
  std::string text = "file x {\n  a = 1\n}\n# c\n\nlet y = 1\n";
  Resync r = skip_statement(text, 0);
  EXPECT_EQ(r.offset, text.find("let"));
  EXPECT_TRUE(r.clean);
  Resync eof = skip_statement("junk\n  more\n", 0);
  EXPECT_EQ(eof.offset, 12u);
  EXPECT_FALSE(eof.clean);
}

}  // namespace
}  // namespace twin::lang::internal
