// Each evaluation budget of lang/limits.h, lowered so the tests stay small:
// a value or a run just within the limit evaluates, one byte, element or
// step more is an error at the expression that crossed it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lang/limits.h"
#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

using testing::code_at;
using testing::load_diagnostics;

std::vector<std::string> codes_at(const std::string& text, const EvalLimits& limits) {
  std::vector<std::string> out;
  for (const Diagnostic& d : load_diagnostics(text, limits)) out.push_back(code_at(d));
  return out;
}

EvalLimits with_string_limit(std::size_t bytes) {
  EvalLimits limits;
  limits.max_string_bytes = bytes;
  return limits;
}

TEST(EvalLimits, DefaultsAreTheDocumentedOnes) {
  EvalLimits limits;
  EXPECT_EQ(limits.max_string_bytes, 64u << 20);
  EXPECT_EQ(limits.max_elements, 1'000'000u);
  EXPECT_EQ(limits.max_total_bytes, std::size_t{1} << 30);
  EXPECT_EQ(limits.max_steps, 50'000'000u);
}

TEST(EvalLimits, InterpolatedStringAtTheLimitEvaluates) {
  const std::string text = "let a = \"abcd\"\nlet s = \"${a}${a}\"\n";
  EXPECT_TRUE(codes_at(text, with_string_limit(8)).empty());
}

TEST(EvalLimits, InterpolatedStringOverTheLimitIsE0128AtTheString) {
  const std::string text = "let a = \"abcd\"\nlet s = \"${a}${a}x\"\n";
  EXPECT_EQ(codes_at(text, with_string_limit(8)),
            std::vector<std::string>{"E0128 2:9 `\"${a}${a}x\"`"});
}

TEST(EvalLimits, StringLimitFailsOnlyTheExpressionAtFault) {
  // E0128 is per value: the inner literal is at fault, not the string
  // around it, and the next let still evaluates and reports its error.
  const std::string text = "let s = \"${\"abcdefghi\"}\"\nlet t = nope\n";
  EXPECT_EQ(codes_at(text, with_string_limit(8)),
            (std::vector<std::string>{"E0128 1:12 `\"abcdefghi\"`", "E0102 2:9 `nope`"}));
}

TEST(EvalLimits, JoinIsRefusedBeforeBuildingALongString) {
  const std::string at_limit = "let s = join([\"aaaa\", \"bbbb\"], \"--\")\n";
  EXPECT_TRUE(codes_at(at_limit, with_string_limit(10)).empty());
  EXPECT_EQ(codes_at(at_limit, with_string_limit(9)),
            std::vector<std::string>{"E0128 1:9 `join([\"aaaa\", \"bbbb\"], \"--\")`"});
}

TEST(EvalLimits, TemplateIsRefusedBeforeBuildingALongString) {
  // files/ok.tmpl, "server ${host}:${ port } $${literal} $HOME\n", expands
  // to 29 bytes with host = "hh" and port = 1.
  const std::string text = "let s = template(\"files/ok.tmpl\", { host = \"hh\", port = 1 })\n";
  EXPECT_TRUE(codes_at(text, with_string_limit(29)).empty());
  EXPECT_EQ(codes_at(text, with_string_limit(28)),
            std::vector<std::string>{
                "E0128 1:9 `template(\"files/ok.tmpl\", { host = \"hh\", port = 1 })`"});
}

TEST(EvalLimits, ListAtTheElementLimitEvaluates) {
  EvalLimits limits;
  limits.max_elements = 3;
  EXPECT_TRUE(codes_at("let l = [1, 2, 3]\nlet m = { a = 1, b = 2, c = 3 }\n", limits).empty());
}

TEST(EvalLimits, ListOrMapOverTheElementLimitIsE0129) {
  EvalLimits limits;
  limits.max_elements = 3;
  EXPECT_EQ(codes_at("let l = [1, 2, 3, 4]\nlet m = { a = 1, b = 2, c = 3, d = 4 }\n", limits),
            (std::vector<std::string>{"E0129 1:9 `[1, 2, 3, 4]`",
                                      "E0129 2:9 `{ a = 1, b = 2, c = 3, d = 4 }`"}));
}

// `let s = "abcd"` builds one string value: the Value itself and its 4 bytes.
constexpr std::size_t kOneStringCost = sizeof(Value) + 4;

TEST(EvalLimits, TotalSizeAtTheLimitEvaluates) {
  EvalLimits limits;
  limits.max_total_bytes = kOneStringCost;
  EXPECT_TRUE(codes_at("let s = \"abcd\"\n", limits).empty());
}

TEST(EvalLimits, TotalSizeOverTheLimitIsE0130) {
  EvalLimits limits;
  limits.max_total_bytes = kOneStringCost - 1;
  EXPECT_EQ(codes_at("let s = \"abcd\"\n", limits),
            std::vector<std::string>{"E0130 1:9 `\"abcd\"`"});
}

TEST(EvalLimits, EachUseOfAVariableIsACopyCharged) {
  // The string, then a copy for each use: the third use crosses.
  EvalLimits limits;
  limits.max_total_bytes = 3 * kOneStringCost;
  EXPECT_EQ(codes_at("let s = \"abcd\"\nlet l = [s, s, s]\n", limits),
            std::vector<std::string>{"E0130 2:16 `s`"});
}

TEST(EvalLimits, ExhaustedTotalEndsTheEvaluationQuietly) {
  EvalLimits limits;
  limits.max_total_bytes = kOneStringCost - 1;
  // The undefined variable below is not reported: evaluation stopped.
  EXPECT_EQ(codes_at("let s = \"abcd\"\nlet t = nope\nfile \"/a\" {\n  content = nope\n}\n", limits),
            std::vector<std::string>{"E0130 1:9 `\"abcd\"`"});
}

TEST(EvalLimits, StepsAtTheLimitEvaluate) {
  // 1 step for `1`, 1 for the list, 1 per element.
  EvalLimits limits;
  limits.max_steps = 5;
  EXPECT_TRUE(codes_at("let a = 1\nlet b = [a, a, a]\n", limits).empty());
}

TEST(EvalLimits, StepsOverTheLimitAreE0131AtTheExpression) {
  EvalLimits limits;
  limits.max_steps = 4;
  EXPECT_EQ(codes_at("let a = 1\nlet b = [a, a, a]\nlet c = nope\n", limits),
            std::vector<std::string>{"E0131 2:16 `a`"});
}

TEST(EvalLimits, LoopIterationsAreSteps) {
  // The list and its 3 elements are 4 steps, then 1 per iteration: the
  // empty body evaluates nothing, yet nested loops multiply iterations.
  const std::string text = "for x in [1, 2, 3] {\n}\n";
  EvalLimits limits;
  limits.max_steps = 7;
  EXPECT_TRUE(codes_at(text, limits).empty());
  limits.max_steps = 6;
  EXPECT_EQ(codes_at(text, limits), std::vector<std::string>{"E0131 1:10 `[1, 2, 3]`"});
}

TEST(EvalLimits, OneBudgetCoversImportedFiles) {
  // lib.twin's `shared` and define take steps too: a budget that the entry
  // file alone fits in runs out in the import.
  const std::string text = "import \"lib.twin\"\nlet a = shared\n";
  EvalLimits limits;
  EXPECT_TRUE(codes_at(text, limits).empty());
  limits.max_steps = 1;
  std::vector<std::string> found = codes_at(text, limits);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].substr(0, 5), "E0131");
}

}  // namespace
}  // namespace twin::lang
