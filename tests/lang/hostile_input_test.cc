// Inputs built to exhaust the parser or the evaluator (issue #15): each
// finishes with the diagnostic that names the problem. Their cost before the
// fix (22 lines of unclosed blocks took 22 s; 25 lines of doubling lists took
// 24 GB) is measured by hand, not here: a test asserts what is reported, and
// the sizes below would not finish without linear parsing and the budgets.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "lang/limits.h"
#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

using testing::code_at;
using testing::load_diagnostics;

std::string repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(HostileInput, UnclosedNestedBlocksAreOneErrorAtTheEnd) {
  // 60 levels, just inside the nesting limit: each level used to re-parse
  // everything below it twice (2^60 parses).
  std::vector<Diagnostic> found = load_diagnostics(repeat("a \"b\" {\n", 60));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(code_at(found[0]), "E0008 60:8 ``");
  EXPECT_EQ(found[0].message, "expected '}' to close the block of a \"b\"");
}

TEST(HostileInput, IndentedUnclosedNestedBlocksAreOneErrorAtTheEnd) {
  // Indented, the recovery skips saw no statement boundary at all.
  std::string text;
  for (int i = 0; i < 60; ++i) text += std::string(i, ' ') + "a \"b\" {\n";
  std::vector<Diagnostic> found = load_diagnostics(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(code_at(found[0]), "E0008 60:67 ``");
}

TEST(HostileInput, UnclosedBlocksPastTheNestingLimitStopAtIt) {
  std::vector<Diagnostic> found = load_diagnostics(repeat("a \"b\" {\n", 5000));
  ASSERT_FALSE(found.empty());
  // The 65th level's title string is one level too deep.
  EXPECT_EQ(code_at(found[0]), "E0020 65:3 `\"b\"`");
  std::set<std::size_t> offsets;
  for (const Diagnostic& d : found) EXPECT_TRUE(offsets.insert(d.span.begin).second) << code_at(d);
}

TEST(HostileInput, BrokenMapsInUnclosedBlocksAreEachReportedOnce) {
  // Every second line holds a real mistake (`a "c"` where a map entry must
  // end): each is reported once, in order, and nothing else.
  const int kTimes = 60;  // the blocks nest: 60 stays inside the nesting limit
  std::vector<Diagnostic> found =
      load_diagnostics(repeat("x \"a\" {\n  e = { T = a \"c\" {\n", kTimes));
  ASSERT_EQ(found.size(), static_cast<std::size_t>(kTimes));
  for (int i = 0; i < kTimes; ++i)
    EXPECT_EQ(code_at(found[i]), "E0010 " + std::to_string(2 * i + 2) + ":15 `\"c\"`");
}

TEST(HostileInput, UnclosedBlockStillLetsTheStatementsItSwallowedParse) {
  // Recovery re-reads what an unclosed block swallowed, once: the resource
  // after it is still checked (its undefined variable is reported).
  std::vector<Diagnostic> found =
      load_diagnostics("a \"b\" {\n  x = 1\nc \"d\" {\n  y = nope\n}\n");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(code_at(found[0]), "E0008 5:2 ``");
  EXPECT_EQ(code_at(found[1]), "E0102 4:7 `nope`");
}

TEST(HostileInput, DoublingListsRunOutOfTheTotalSize) {
  // `let sN = [sN-1, sN-1]` 60 times would be 2^60 strings. With the total
  // lowered to 16 MiB it stops at the use of sK-1 on the line of sK that
  // crosses it, and reports nothing else.
  std::string text = "let s0 = \"x\"\n";
  for (int i = 1; i <= 60; ++i)
    text += "let s" + std::to_string(i) + " = [s" + std::to_string(i - 1) + ", s" +
            std::to_string(i - 1) + "]\n";
  EvalLimits limits;
  limits.max_total_bytes = 16 << 20;
  std::vector<Diagnostic> found = load_diagnostics(text, limits);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "E0130");
  SourceFile::LineCol at = found[0].span.file->line_col(found[0].span.begin);
  const std::string used = "s" + std::to_string(at.line - 2);
  EXPECT_EQ(text.substr(found[0].span.begin, found[0].span.end - found[0].span.begin), used);
  EXPECT_GT(at.line, 10u);  // the budget allowed real work first
}

TEST(HostileInput, DoublingStringsRunOutOfTheStringLength) {
  // `"${tN}${tN}"` from 1 KB, 60 times: with 1 MiB strings, t10 (1 MiB)
  // fits and t11 on line 12 is refused.
  std::string text = "let t0 = \"" + std::string(1024, 'x') + "\"\n";
  for (int i = 1; i <= 60; ++i)
    text += "let t" + std::to_string(i) + " = \"${t" + std::to_string(i - 1) + "}${t" +
            std::to_string(i - 1) + "}\"\n";
  EvalLimits limits;
  limits.max_string_bytes = 1 << 20;
  std::vector<Diagnostic> found = load_diagnostics(text, limits);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(code_at(found[0]), "E0128 12:11 `\"${t10}${t10}\"`");
  // The failed let makes its uses quiet: one error, not fifty.
  EXPECT_EQ(found.size(), 1u);
}

TEST(HostileInput, DoublingStringsUnderTheStringLimitRunOutOfTheTotal) {
  std::string text = "let t0 = \"" + std::string(1024, 'x') + "\"\n";
  for (int i = 1; i <= 60; ++i)
    text += "let t" + std::to_string(i) + " = \"${t" + std::to_string(i - 1) + "}${t" +
            std::to_string(i - 1) + "}\"\n";
  EvalLimits limits;
  limits.max_total_bytes = 4 << 20;
  std::vector<Diagnostic> found = load_diagnostics(text, limits);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "E0130");
}

TEST(HostileInput, NestedLoopsRunOutOfSteps) {
  // Three loops over 1,000 elements: a billion iterations of an empty body.
  std::string list = "[";
  for (int i = 0; i < 1000; ++i) list += std::to_string(i) + ",";
  list += "]";
  std::string text = "let l = " + list +
                     "\nfor a in l {\n  for b in l {\n    for c in l {\n    }\n  }\n}\n";
  EvalLimits limits;
  limits.max_steps = 1'000'000;
  std::vector<Diagnostic> found = load_diagnostics(text, limits);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(code_at(found[0]).substr(0, 11), "E0131 4:14 ");
}

}  // namespace
}  // namespace twin::lang
