// Token soup through the whole pipeline: whatever the input, the parser
// terminates, never crashes, and every diagnostic it gives is well formed.
// (A cheap, deterministic stand-in until the libFuzzer target exists.)
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "lang/formatter.h"
#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

// Pieces that exercise every rule, and the places between them.
const char* const kPieces[] = {
    "let ",   "x",    "y",     " = ", "=",     "\"",    "\"s\"",
    "\"${",   "${",   "}",     "{",   "[",     "]",     ",",
    "\n",     "\r\n", " ",     "\t",  "# c\n", "file ", "\"/a\" ",
    "entry ", "true", "false", "-",   "12",    "0644",  "99999999999999999999",
    "\\",     "\\n",  "\\q",   "$",   "é",     ":",     "let",
    // Language v1: operators, calls, references, control flow, heredocs.
    "if ",    "else ", "for ",  "in ",  "define ", "import ", "(",    ")",
    "==",     "!=",   "&&",    "||",  "!",      ".",       "facts.os.id", "file[\"a\"]",
    "<<EOT\n", "<<-E\n", "EOT\n", "E\n", "lower(",  "d(a: int)", "title", "$${"};

TEST(Robustness, RandomTokenSoupGivesWellFormedDiagnostics) {
  std::mt19937 random(20240601);  // fixed seed: failures reproduce
  std::uniform_int_distribution<std::size_t> piece(0, std::size(kPieces) - 1);
  std::uniform_int_distribution<int> length(0, 60);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (int i = length(random); i > 0; --i) text += kPieces[piece(random)];
    auto file = make_source("state/a.twin", text);
    DiagnosticSink sink;
    if (auto module = parse(file, sink)) (void)evaluate(*module, sink);
    // Whatever parses, formats idempotently.
    DiagnosticSink format_sink;
    if (auto once = format_source(file, format_sink)) {
      auto twice = format_source(make_source("state/a.twin", *once), format_sink);
      ASSERT_TRUE(twice) << "formatted text does not parse: " << text << "\n---\n" << *once;
      ASSERT_EQ(*once, *twice) << text;
    }
    for (const Diagnostic& d : sink.all()) {
      ASSERT_TRUE(d.span.valid()) << text;
      ASSERT_LE(d.span.begin, d.span.end) << text;
      ASSERT_LE(d.span.end, text.size()) << text;
      ASSERT_EQ(d.code.size(), 5u) << text;
      ASSERT_NE(d.code, "E0099") << "internal error for: " << text;
      std::string rendered = render_text(d);
      ASSERT_EQ(rendered.rfind("state/a.twin:", 0), 0u) << rendered;
    }
    // Never more errors than lines plus one: recovery does not cascade wildly.
    std::size_t lines = 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    EXPECT_LE(sink.error_count(), 2 * lines) << text;
  }
}

}  // namespace
}  // namespace twin::lang
