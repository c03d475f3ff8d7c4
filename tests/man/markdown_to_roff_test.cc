// SPEC.md chapters as roff (man/markdown_to_roff.h): each Markdown
// construct SPEC.md uses, with the exact roff it becomes.
#include "man/markdown_to_roff.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "man/roff.h"

namespace twin::man {
namespace {

TEST(Roff, EscapesBackslashMinusAndRequestLines) {
  EXPECT_EQ(escape("a\\b --json"), "a\\eb \\-\\-json");
  EXPECT_EQ(escape(".twin\n'x\nok"), "\\&.twin\n\\&'x\nok");
  // Non-ASCII as named code points: roff would read UTF-8 bytes as Latin-1.
  EXPECT_EQ(escape("a\u2026b \u2192"), "a\\[u2026]b \\[u2192]");
}

TEST(MarkdownToRoff, InlineMarkup) {
  EXPECT_EQ(inline_to_roff("run `twin plan --json` now"), "run \\fBtwin plan \\-\\-json\\fR now");
  EXPECT_EQ(inline_to_roff("**not** *built*"), "\\fBnot\\fR \\fIbuilt\\fR");
  EXPECT_EQ(inline_to_roff("see [SPEC.md](SPEC.md#plans)"), "see SPEC.md");
  EXPECT_EQ(inline_to_roff("a \\| b, 2 * 3"), "a | b, 2 * 3");
}

TEST(MarkdownToRoff, Blocks) {
  std::string md =
      "## 2. The `.twin` language\n"
      "Text that\nruns on.\n\n"
      "### Values\n"
      "- one\n- `two`\n\n"
      "```\nfile \"/etc/motd\" {\n  .x\n}\n```\n"
      "| Path | What | Written by |\n|---|---|---|\n| `a` | b \\| c | |\n";
  EXPECT_EQ(markdown_to_roff(md),
            ".SH \"THE .TWIN LANGUAGE\"\n"
            ".PP\nText that runs on.\n"
            ".SS \"Values\"\n"
            ".IP \\(bu 2\none\n.IP \\(bu 2\n\\fBtwo\\fR\n"
            ".PP\n.RS 4\n.nf\nfile \"/etc/motd\" {\n  .x\n}\n.fi\n.RE\n"
            ".TP\n\\fBa\\fR\n\\fIWhat:\\fR b | c\n");
}

TEST(MarkdownToRoff, SelectsChaptersAndRefusesMissingOnes) {
  std::string md = "# T\n\n## 1. One\na\n## 2. Two\nb\n## 3. Three\nc\n";
  EXPECT_EQ(select_chapters(md, {"1.", "3."}), "## 1. One\na\n## 3. Three\nc\n");
  EXPECT_EQ(select_chapters(md, {"4."}), std::nullopt);
}

// The real SPEC.md has the chapters the pages are made of, and converts
// without leaving Markdown behind (an unclosed ` or ** would show up),
// and groff formats the page without a warning.
TEST(MarkdownToRoff, SpecChaptersConvert) {
  std::ifstream in(TWIN_SOURCE_DIR "/SPEC.md");
  std::stringstream spec;
  spec << in.rdbuf();
  for (auto chapters : {std::vector<std::string>{"1."}, std::vector<std::string>{"2.", "3."}}) {
    auto md = select_chapters(spec.str(), chapters);
    ASSERT_TRUE(md) << chapters[0];
    // Outside code blocks (.nf to .fi), where a ` is the sample's own.
    std::string roff, line;
    std::istringstream lines(markdown_to_roff(*md));
    for (bool code = false; std::getline(lines, line);) {
      if (line == ".nf" || line == ".fi") code = line == ".nf";
      if (!code) roff += line + "\n";
    }
    EXPECT_EQ(roff.find('`'), std::string::npos);
    EXPECT_EQ(roff.find("**"), std::string::npos);
  }
}

}  // namespace
}  // namespace twin::man
