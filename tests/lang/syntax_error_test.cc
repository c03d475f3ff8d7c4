// Every syntax error point, rendered exactly as the user sees it (location,
// source line, caret, help), plus recovery: one run reports every error in a
// file and nothing that is only a consequence of an earlier one.
#include <gtest/gtest.h>

#include <string>

#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

struct SyntaxErrorCase {
  const char* name;
  std::string input;
  std::string expected;  // all diagnostics of parse + evaluate, rendered
};

// Inputs with NUL or invalid bytes are spelled with escapes; the rest reads
// as the file would.
const SyntaxErrorCase kCases[] = {
    {"MissingEqualsAfterAttributeName", "file \"/etc/motd\" {\n  mode \"0644\"\n}\n",
     R"txt(state/a.twin:2:8: error[E0001]: expected '=' after attribute name
    2 |   mode "0644"
      |        ^~~~~~
help: write `mode = "0644"`
)txt"},
    {"ColonInsteadOfEquals", "file \"/etc/motd\" {\n  mode: \"0644\"\n}\n",
     R"txt(state/a.twin:2:7: error[E0001]: expected '=' after attribute name
    2 |   mode: "0644"
      |       ^
help: use '=' instead of ':'
)txt"},
    {"TwoAttributesOnOneLine", "file \"/etc/motd\" {\n  mode = \"0644\" owner = \"root\"\n}\n",
     R"txt(state/a.twin:2:17: error[E0007]: expected a newline after the attribute value
    2 |   mode = "0644" owner = "root"
      |                 ^~~~~
help: write one attribute per line
)txt"},
    {"MissingCloseBraceAtEof", "file \"/etc/motd\" {\n  mode = \"0644\"\n",
     R"txt(state/a.twin:2:16: error[E0008]: expected '}' to close the block of file "/etc/motd"
    2 |   mode = "0644"
      |                ^
state/a.twin:1:18: note: the block opens here
    1 | file "/etc/motd" {
      |                  ^
)txt"},
    {"MissingCloseBraceBeforeLet",
     "file \"/a\" {\n  mode = \"1\"\nlet y = 2\nfile \"/b\" {\n  mode = y\n}\n",
     R"txt(state/a.twin:3:1: error[E0008]: expected '}' to close the block of file "/a"
    3 | let y = 2
      | ^~~
state/a.twin:1:11: note: the block opens here
    1 | file "/a" {
      |           ^
)txt"},
    {"MissingCloseBraceOfNestedBlock",
     "crontab \"root\" {\n  entry \"backup\" {\n    schedule = \"0 1 * * *\"\n  entry \"b\" {\n  "
     "}\n}\n",
     R"txt(state/a.twin:6:2: error[E0008]: expected '}' to close the block of crontab "root"
    6 | }
      |  ^
state/a.twin:1:16: note: the block opens here
    1 | crontab "root" {
      |                ^
)txt"},
    {"UnterminatedString", "let motd = \"hello\nlet other = \"fine\"\n",
     R"txt(state/a.twin:1:12: error[E0004]: unterminated string
    1 | let motd = "hello
      |            ^~~~~~
help: close the string with '"' on the same line
)txt"},
    {"UnterminatedStringAtEof", "let motd = \"hello",
     R"txt(state/a.twin:1:12: error[E0004]: unterminated string
    1 | let motd = "hello
      |            ^~~~~~
help: close the string with '"' on the same line
)txt"},
    {"UnknownEscape", "let s = \"a\\qb\"\n",
     R"txt(state/a.twin:1:11: error[E0005]: unknown escape sequence
    1 | let s = "a\qb"
      |           ^~
help: the escapes are \" \\ \n \r \t and \$ (for a literal '$' before '{')
)txt"},
    {"UnknownEscapeOfMultiByteCharacter",
     "let s = \"a\\\xc3"
     "\xa9"
     "b\"\n",
     R"txt(state/a.twin:1:11: error[E0005]: unknown escape sequence
    1 | let s = "a\éb"
      |           ^~
help: the escapes are \" \\ \n \r \t and \$ (for a literal '$' before '{')
)txt"},
    {"BackslashAtEndOfLine", "let s = \"a\\\n",
     R"txt(state/a.twin:1:11: error[E0005]: unknown escape sequence
    1 | let s = "a\
      |           ^
help: the escapes are \" \\ \n \r \t and \$ (for a literal '$' before '{')
)txt"},
    {"IntegerOverflow", "let n = 9223372036854775808\n",
     R"txt(state/a.twin:1:9: error[E0011]: integer literal is out of range
    1 | let n = 9223372036854775808
      |         ^~~~~~~~~~~~~~~~~~~
help: integers must lie between -9223372036854775808 and 9223372036854775807
)txt"},
    {"IntegerUnderflow", "let n = -9223372036854775809\n",
     R"txt(state/a.twin:1:9: error[E0011]: integer literal is out of range
    1 | let n = -9223372036854775809
      |         ^~~~~~~~~~~~~~~~~~~~
help: integers must lie between -9223372036854775808 and 9223372036854775807
)txt"},
    {"IntegerWithLeadingZero", "let mode = 0644\n",
     R"txt(state/a.twin:1:12: error[E0012]: integer literal has a leading zero
    1 | let mode = 0644
      |            ^~~~
help: write "0644" in quotes if this is a file mode
)txt"},
    {"IntegerFollowedByLetters", "let n = 12abc\n",
     R"txt(state/a.twin:1:9: error[E0022]: invalid integer literal
    1 | let n = 12abc
      |         ^~~~~
help: a name cannot start with a digit; quote text as "..."
)txt"},
    {"MissingValue", "let x =\nlet y = 1\n",
     R"txt(state/a.twin:1:8: error[E0006]: expected a value
    1 | let x =
      |        ^
help: a value is a "string", an integer, true, false, a [list], a { map } or a variable name
)txt"},
    {"MissingLetName", "let = 1\n",
     R"txt(state/a.twin:1:5: error[E0014]: expected a variable name after 'let'
    1 | let = 1
      |     ^
help: a name is a letter or '_' followed by letters, digits or '_', and not a keyword
)txt"},
    {"KeywordAsLetName", "let true = 1\n",
     R"txt(state/a.twin:1:5: error[E0014]: expected a variable name after 'let'
    1 | let true = 1
      |     ^~~~
help: a name is a letter or '_' followed by letters, digits or '_', and not a keyword
)txt"},
    {"MissingLetEquals", "let x 1\n",
     R"txt(state/a.twin:1:7: error[E0015]: expected '=' after the variable name
    1 | let x 1
      |       ^
)txt"},
    {"TextAfterLetValue", "let x = 1 2\n",
     R"txt(state/a.twin:1:11: error[E0016]: expected a newline after the value
    1 | let x = 1 2
      |           ^
help: write one statement per line
)txt"},
    {"NotAStatement", "123\nlet x = 1\n",
     R"txt(state/a.twin:1:1: error[E0013]: expected 'let' or a resource block
    1 | 123
      | ^~~
help: a resource block looks like `file "/etc/motd" { ... }`
)txt"},
    {"StrayCloseBrace", "}\nlet x = 1\n",
     R"txt(state/a.twin:1:1: error[E0013]: expected 'let' or a resource block
    1 | }
      | ^
help: a resource block looks like `file "/etc/motd" { ... }`
)txt"},
    {"MissingTitle",
     "file /etc/motd {\n  mode = \"1\"\n}\nfile \"/etc/issue\" {\n  mode = \"1\"\n}\n",
     R"txt(state/a.twin:1:6: error[E0017]: expected a quoted title after the resource type
    1 | file /etc/motd {
      |      ^
help: write `file "TITLE" { ... }`
)txt"},
    {"MissingOpenBrace", "file \"/etc/motd\"\n  mode = \"1\"\n}\n",
     R"txt(state/a.twin:1:17: error[E0018]: expected '{' after the title
    1 | file "/etc/motd"
      |                 ^
)txt"},
    {"TextAfterCloseBrace", "file \"a\" { } x\n",
     R"txt(state/a.twin:1:14: error[E0016]: expected a newline after '}'
    1 | file "a" { } x
      |              ^
help: write one statement per line
)txt"},
    {"TextAfterNestedBlock", "crontab \"root\" {\n  entry \"a\" { } x = 1\n}\n",
     R"txt(state/a.twin:2:17: error[E0016]: expected a newline after '}'
    2 |   entry "a" { } x = 1
      |                 ^
help: write one attribute or block per line
)txt"},
    {"NotAnAttribute", "file \"a\" {\n  123 = 4\n  mode = \"1\"\n}\n",
     R"txt(state/a.twin:2:3: error[E0019]: expected an attribute name or '}'
    2 |   123 = 4
      |   ^~~
)txt"},
    {"ListMissingComma", "let l = [1 2]\n",
     R"txt(state/a.twin:1:12: error[E0009]: expected ',' or ']' after a list element
    1 | let l = [1 2]
      |            ^
)txt"},
    {"ListMissingCommaAtEndOfLine", "let l = [\n  \"a\"\n  \"b\"\n]\n",
     R"txt(state/a.twin:2:6: error[E0009]: expected ',' or ']' after a list element
    2 |   "a"
      |      ^
)txt"},
    {"ListUnclosedAtEof", "let l = [1,\n  2,\n",
     R"txt(state/a.twin:2:5: error[E0009]: expected ']' to close the list
    2 |   2,
      |     ^
state/a.twin:1:9: note: the list opens here
    1 | let l = [1,
      |         ^
)txt"},
    {"ListMissingElement", "let l = [1, , 2]\n",
     R"txt(state/a.twin:1:13: error[E0006]: expected a value
    1 | let l = [1, , 2]
      |             ^
help: a value is a "string", an integer, true, false, a [list], a { map } or a variable name
)txt"},
    {"MapMissingEquals", "let m = { a 1 }\n",
     R"txt(state/a.twin:1:13: error[E0010]: expected '=' after the map key
    1 | let m = { a 1 }
      |             ^
)txt"},
    {"MapBadKey", "let m = { 1 = 2 }\n",
     R"txt(state/a.twin:1:11: error[E0010]: expected a map key (a name or a quoted string)
    1 | let m = { 1 = 2 }
      |           ^
)txt"},
    {"MapTwoEntriesOnOneLine", "let m = {\n  a = 1 b = 2\n}\n",
     R"txt(state/a.twin:2:9: error[E0010]: expected ',' or a newline after a map entry
    2 |   a = 1 b = 2
      |         ^
)txt"},
    {"MapUnclosedAtEof", "let m = {\n  a = 1\n",
     R"txt(state/a.twin:2:8: error[E0010]: expected '}' to close the map
    2 |   a = 1
      |        ^
state/a.twin:1:9: note: the map opens here
    1 | let m = {
      |         ^
)txt"},
    {"MapKeyWithInterpolation", "let x = \"k\"\nlet m = { \"${x}\" = 1 }\n",
     R"txt(state/a.twin:2:14: error[E0023]: a map key cannot use interpolation
    2 | let m = { "${x}" = 1 }
      |              ^
help: write the key out in full
)txt"},
    {"InterpolationUnclosed", "let name = \"n\"\nlet s = \"${name\"\n",
     R"txt(state/a.twin:2:16: error[E0021]: expected '}' to close the interpolation
    2 | let s = "${name"
      |                ^
help: write `${name}`
)txt"},
    {"InterpolationEmpty", "let s = \"${}\"\n",
     R"txt(state/a.twin:1:12: error[E0006]: expected a value
    1 | let s = "${}"
      |            ^
help: a value is a "string", an integer, true, false, a [list], a { map } or a variable name
)txt"},
    {"NestingTooDeep",
     "let x = "
     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
     "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
     R"txt(state/a.twin:1:73: error[E0020]: nesting is too deep
    1 | let x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
      |                                                                         ^
help: lists, maps, strings and blocks nest at most 64 levels deep
)txt"},
    {"NulByte", std::string("let x = 1\n\0\n", 12),
     R"txt(state/a.twin:2:1: error[E0002]: source contains a NUL byte
    2 | ␀
      | ^
help: is this a binary file?
)txt"},
    {"InvalidUtf8",
     "let x = \"\xff"
     "\"\n",
     R"txt(state/a.twin:1:10: error[E0003]: source is not valid UTF-8
    1 | let x = "�"
      |          ^
help: save the file as UTF-8
)txt"},
    {"CrlfLineEndings", "file \"a\" {\r\n  mode \"1\"\r\n}\r\n",
     R"txt(state/a.twin:2:8: error[E0001]: expected '=' after attribute name
    2 |   mode "1"
      |        ^~~
help: write `mode = "1"`
)txt"},
    {"TabsBeforeTheCaret", "file \"a\" {\n\tmode\t\"1\"\n}\n",
     R"txt(state/a.twin:2:7: error[E0001]: expected '=' after attribute name
    2 |     mode    "1"
      |             ^~~
help: write `mode = "1"`
)txt"},
    {"EveryErrorInAFileIsReported",
     "let a = 1\nlet b 2\nfile \"/etc/motd\" {\n  mode \"0644\"\n  owner = \"root\"\n  group = [1, "
     "2\n}\nlet c = 3 4\nfile \"/etc/issue\" {\n  content = \"ok\" \"x\"\n  ok = a\n}\n",
     R"txt(state/a.twin:2:7: error[E0015]: expected '=' after the variable name
    2 | let b 2
      |       ^
state/a.twin:4:8: error[E0001]: expected '=' after attribute name
    4 |   mode "0644"
      |        ^~~~~~
help: write `mode = "0644"`
state/a.twin:6:16: error[E0009]: expected ',' or ']' after a list element
    6 |   group = [1, 2
      |                ^
state/a.twin:8:11: error[E0016]: expected a newline after the value
    8 | let c = 3 4
      |           ^
help: write one statement per line
state/a.twin:10:18: error[E0007]: expected a newline after the attribute value
   10 |   content = "ok" "x"
      |                  ^~~
help: write one attribute per line
)txt"},
    {"NoCascadeAfterUnterminatedStringInBlock",
     "file \"a\" {\n  content = \"abc\n  mode = \"1\"\n}\n",
     R"txt(state/a.twin:2:13: error[E0004]: unterminated string
    2 |   content = "abc
      |             ^~~~
help: close the string with '"' on the same line
)txt"},
    {"NoCascadeFromMultiLineValue",
     "file \"a\" {\n  env = {\n    A = \"1\" B = \"2\"\n    C = \"3\"\n  }\n  owner = "
     "\"root\"\n}\n",
     R"txt(state/a.twin:3:13: error[E0010]: expected ',' or a newline after a map entry
    3 |     A = "1" B = "2"
      |             ^
)txt"},
    {"NoCascadeFromUnclosedListInBlock", "file \"a\" {\n  x = [1,\n",
     R"txt(state/a.twin:2:10: error[E0009]: expected ']' to close the list
    2 |   x = [1,
      |          ^
)txt"},
    {"NoCascadeFromBrokenLetUse", "let x = [1 2]\nfile \"a\" {\n  content = x\n}\n",
     R"txt(state/a.twin:1:12: error[E0009]: expected ',' or ']' after a list element
    1 | let x = [1 2]
      |            ^
)txt"},
};

class SyntaxErrorTest : public ::testing::TestWithParam<SyntaxErrorCase> {};

TEST_P(SyntaxErrorTest, RendersExactly) {
  EXPECT_EQ(testing::all_errors(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, SyntaxErrorTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SyntaxError, EveryCaseReportsSomething) {
  for (const auto& c : kCases) EXPECT_FALSE(c.expected.empty()) << c.name;
}

TEST(SyntaxError, HostileNestingIsOneErrorNotACrash) {
  std::string deep = "let x = " + std::string(200000, '[') + "\n";
  DiagnosticSink sink;
  auto module = parse(make_source("state/a.twin", deep), sink);
  ASSERT_TRUE(module.has_value());
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0020");
  EXPECT_EQ(sink.all()[0].span.begin, 8u + kMaxNestingDepth);
}

TEST(SyntaxError, HostileNestingThroughInterpolationAndMaps) {
  std::string deep = "let x = ";
  for (int i = 0; i < 5000; ++i) deep += "\"${{ a = ";
  DiagnosticSink sink;
  (void)parse(make_source("state/a.twin", deep), sink);
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0020");
}

TEST(SyntaxError, ParseErrorLineStartsWithFileLineColumn) {
  // The CLI prints render_text as is; tools match on "file:line:col: error".
  std::string text = testing::parse_errors("let x 1\n");
  EXPECT_EQ(text.rfind("state/a.twin:1:7: error[E0015]: ", 0), 0u) << text;
}

TEST(SyntaxError, InvalidEncodingStopsBeforeParsing) {
  DiagnosticSink sink;
  auto module = parse(make_source("state/a.twin", std::string("let x = 1\n\0", 11)), sink);
  EXPECT_FALSE(module.has_value());
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].span.begin, 10u);
}

TEST(SyntaxError, PartialModuleKeepsTheStatementsThatParsed) {
  DiagnosticSink sink;
  auto module = parse(make_source("state/a.twin",
                                  "let a = 1\n"
                                  "file \"/x\" {\n  mode \"1\"\n  owner = \"root\"\n}\n"
                                  "let b 2\n"),
                      sink);
  ASSERT_TRUE(module.has_value());
  EXPECT_EQ(sink.error_count(), 2u);
  // a, the file block (with the attribute that parsed), and b kept as a
  // name whose value failed, so that its uses report nothing more.
  ASSERT_EQ(module->statements.size(), 3u);
  const auto& block = std::get<ast::Block>(module->statements[1]);
  ASSERT_EQ(block.attributes.size(), 1u);
  EXPECT_EQ(block.attributes[0].name, "owner");
  const auto& b = std::get<ast::Let>(module->statements[2]);
  EXPECT_EQ(b.name, "b");
  EXPECT_TRUE(std::holds_alternative<ast::ErrorExpr>(b.value.node));
}

}  // namespace
}  // namespace twin::lang
