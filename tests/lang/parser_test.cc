// The tree the parser builds for valid input: node kinds, decoded text and
// spans. Error cases live in syntax_error_test.cc.
#include "lang/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

// Parses text that must be free of syntax errors.
ast::Module parse_ok(const std::string& text) {
  DiagnosticSink sink;
  auto module = parse(make_source("state/a.twin", text), sink);
  EXPECT_EQ(testing::render_all(sink), "");
  EXPECT_TRUE(module.has_value());
  return module ? std::move(*module) : ast::Module{};
}

std::string_view text_of(const Span& span) {
  return std::string_view(span.file->text()).substr(span.begin, span.end - span.begin);
}

const ast::Expr& let_value(const ast::Module& module, std::size_t index) {
  return std::get<ast::Let>(module.statements.at(index)).value;
}

TEST(Parser, EmptyFileHasNoStatements) {
  for (const char* text : {"", "\n\n", "   \t\n", "# only a comment", "# a\n\n# b\n"}) {
    ast::Module module = parse_ok(text);
    EXPECT_TRUE(module.statements.empty()) << text;
  }
}

TEST(Parser, ModuleRemembersItsFile) {
  ast::Module module = parse_ok("let x = 1\n");
  ASSERT_TRUE(module.file);
  EXPECT_EQ(module.file->path(), "state/a.twin");
}

TEST(Parser, LetOfEveryValueKind) {
  ast::Module module = parse_ok(
      "let s = \"text\"\n"
      "let i = -42\n"
      "let t = true\n"
      "let f = false\n"
      "let l = [1, \"two\"]\n"
      "let m = { a = 1 }\n"
      "let v = s\n");
  ASSERT_EQ(module.statements.size(), 7u);
  EXPECT_TRUE(std::holds_alternative<ast::StringExpr>(let_value(module, 0).node));
  EXPECT_EQ(std::get<ast::IntExpr>(let_value(module, 1).node).value, -42);
  EXPECT_TRUE(std::get<ast::BoolExpr>(let_value(module, 2).node).value);
  EXPECT_FALSE(std::get<ast::BoolExpr>(let_value(module, 3).node).value);
  EXPECT_EQ(std::get<ast::ListExpr>(let_value(module, 4).node).elements.size(), 2u);
  EXPECT_EQ(std::get<ast::MapExpr>(let_value(module, 5).node).entries.size(), 1u);
  EXPECT_EQ(std::get<ast::VarRef>(let_value(module, 6).node).name, "s");
}

TEST(Parser, LetSpans) {
  ast::Module module = parse_ok("let name = \"value\"   # trailing comment\n");
  const auto& let = std::get<ast::Let>(module.statements[0]);
  EXPECT_EQ(let.name, "name");
  EXPECT_EQ(text_of(let.name_span), "name");
  EXPECT_EQ(text_of(let.value.span), "\"value\"");
  EXPECT_EQ(text_of(let.span), "let name = \"value\"");
}

TEST(Parser, IntegerLimits) {
  ast::Module module = parse_ok(
      "let max = 9223372036854775807\n"
      "let min = -9223372036854775808\n"
      "let zero = 0\n");
  EXPECT_EQ(std::get<ast::IntExpr>(let_value(module, 0).node).value, INT64_MAX);
  EXPECT_EQ(std::get<ast::IntExpr>(let_value(module, 1).node).value, INT64_MIN);
  EXPECT_EQ(std::get<ast::IntExpr>(let_value(module, 2).node).value, 0);
}

TEST(Parser, KeywordPrefixIsAName) {
  ast::Module module = parse_ok("let trueish = 1\nlet x = trueish\nlet lettuce = false_\n");
  EXPECT_EQ(std::get<ast::VarRef>(let_value(module, 1).node).name, "trueish");
  EXPECT_EQ(std::get<ast::VarRef>(let_value(module, 2).node).name, "false_");
}

TEST(Parser, EscapesAreDecoded) {
  ast::Module module = parse_ok(R"(let s = "q\" b\\ n\n t\t r\r d\$")"
                                "\n");
  const auto& parts = std::get<ast::StringExpr>(let_value(module, 0).node).parts;
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].literal, "q\" b\\ n\n t\t r\r d$");
}

TEST(Parser, LoneDollarIsLiteral) {
  ast::Module module = parse_ok(R"(let s = "cost: $5, ${x}$")"
                                "\n");
  const auto& parts = std::get<ast::StringExpr>(let_value(module, 0).node).parts;
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].literal, "cost: $5, ");
  EXPECT_EQ(std::get<ast::VarRef>(parts[1].interpolated->node).name, "x");
  EXPECT_EQ(parts[2].literal, "$");
}

TEST(Parser, InterpolationPartsAndSpans) {
  ast::Module module = parse_ok("let s = \"a${ x }b\\${y}\"\n");
  const ast::Expr& value = let_value(module, 0);
  EXPECT_EQ(text_of(value.span), "\"a${ x }b\\${y}\"");
  const auto& parts = std::get<ast::StringExpr>(value.node).parts;
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].literal, "a");
  ASSERT_TRUE(parts[1].interpolated);
  EXPECT_EQ(text_of(parts[1].interpolated->span), "x");
  EXPECT_EQ(parts[2].literal, "b${y}");  // \$ keeps "${" literal
}

TEST(Parser, InterpolationOfAStringInsideAString) {
  ast::Module module = parse_ok("let s = \"<${\"in\"}>\"\n");
  const auto& parts = std::get<ast::StringExpr>(let_value(module, 0).node).parts;
  ASSERT_EQ(parts.size(), 3u);
  const auto& inner = std::get<ast::StringExpr>(parts[1].interpolated->node);
  EXPECT_EQ(inner.parts.at(0).literal, "in");
}

TEST(Parser, ListsSpanLinesWithCommentsAndTrailingComma) {
  ast::Module module = parse_ok(
      "let l = [\n"
      "  \"a\",  # first\n"
      "\n"
      "  \"b\",\n"
      "]\n"
      "let empty = []\n"
      "let nested = [[1], [ ]]\n");
  const auto& list = std::get<ast::ListExpr>(let_value(module, 0).node);
  ASSERT_EQ(list.elements.size(), 2u);
  EXPECT_EQ(text_of(list.elements[1].span), "\"b\"");
  EXPECT_TRUE(std::get<ast::ListExpr>(let_value(module, 1).node).elements.empty());
  const auto& nested = std::get<ast::ListExpr>(let_value(module, 2).node);
  ASSERT_EQ(nested.elements.size(), 2u);
  EXPECT_EQ(std::get<ast::ListExpr>(nested.elements[0].node).elements.size(), 1u);
}

TEST(Parser, MapsInlineAndOnePerLine) {
  ast::Module module = parse_ok(
      "let inline = { a = 1, \"b c\" = \"x\", }\n"
      "let lines = {\n"
      "  LC_ALL = \"C\"   # comment\n"
      "\n"
      "  PATH = \"/bin\",\n"
      "  nested = { k = [1] }\n"
      "}\n"
      "let empty = {}\n");
  const auto& inline_map = std::get<ast::MapExpr>(let_value(module, 0).node);
  ASSERT_EQ(inline_map.entries.size(), 2u);
  EXPECT_EQ(inline_map.entries[0].key, "a");
  EXPECT_EQ(inline_map.entries[1].key, "b c");
  EXPECT_EQ(text_of(inline_map.entries[1].key_span), "\"b c\"");
  const auto& lines = std::get<ast::MapExpr>(let_value(module, 1).node);
  ASSERT_EQ(lines.entries.size(), 3u);
  EXPECT_EQ(lines.entries[0].key, "LC_ALL");
  EXPECT_EQ(lines.entries[1].key, "PATH");
  EXPECT_TRUE(std::holds_alternative<ast::MapExpr>(lines.entries[2].value->node));
  EXPECT_TRUE(std::get<ast::MapExpr>(let_value(module, 2).node).entries.empty());
}

TEST(Parser, ResourceBlockWithSpans) {
  ast::Module module = parse_ok(
      "# header comment\n"
      "file \"/etc/motd\" {   # why\n"
      "  # a comment line\n"
      "  content = \"hi\"\n"
      "\n"
      "  mode    = \"0644\" # trailing\n"
      "}\n");
  ASSERT_EQ(module.statements.size(), 1u);
  const auto& block = std::get<ast::Block>(module.statements[0]);
  EXPECT_EQ(block.type, "file");
  EXPECT_EQ(text_of(block.type_span), "file");
  EXPECT_EQ(text_of(block.title.span), "\"/etc/motd\"");
  EXPECT_EQ(text_of(block.span).substr(0, 18), "file \"/etc/motd\" {");
  EXPECT_EQ(text_of(block.span).back(), '}');
  ASSERT_EQ(block.attributes.size(), 2u);
  EXPECT_EQ(block.attributes[1].name, "mode");
  EXPECT_EQ(text_of(block.attributes[1].name_span), "mode");
  EXPECT_EQ(text_of(block.attributes[1].value.span), "\"0644\"");
}

TEST(Parser, OneLineBlocks) {
  ast::Module module = parse_ok(
      "package \"nginx\" { ensure = \"present\" }\n"
      "package \"curl\" {}\n"
      "package \"vim\" {\n}\n");
  ASSERT_EQ(module.statements.size(), 3u);
  EXPECT_EQ(std::get<ast::Block>(module.statements[0]).attributes.size(), 1u);
  EXPECT_TRUE(std::get<ast::Block>(module.statements[1]).attributes.empty());
}

TEST(Parser, NestedBlocks) {
  ast::Module module = parse_ok(
      "crontab \"root\" {\n"
      "  user = \"root\"\n"
      "  entry \"backup\" {\n"
      "    schedule = \"0 1 * * *\"\n"
      "    job \"inner\" { x = 1 }\n"
      "  }\n"
      "  entry \"rotate\" { schedule = \"@daily\" }\n"
      "}\n");
  const auto& block = std::get<ast::Block>(module.statements[0]);
  ASSERT_EQ(block.attributes.size(), 1u);
  ASSERT_EQ(block.children.size(), 2u);
  const auto& backup = std::get<ast::Block>(block.children[0]);
  EXPECT_EQ(backup.type, "entry");
  EXPECT_EQ(text_of(backup.title.span), "\"backup\"");
  ASSERT_EQ(backup.children.size(), 1u);
  EXPECT_EQ(std::get<ast::Block>(backup.children[0]).type, "job");
  EXPECT_EQ(std::get<ast::Block>(block.children[1]).attributes.at(0).name, "schedule");
}

TEST(Parser, UnindentedAttributesAreFine) {
  ast::Module module = parse_ok("file \"/a\" {\nmode = \"1\"\n}\n");
  EXPECT_EQ(std::get<ast::Block>(module.statements[0]).attributes.size(), 1u);
}

TEST(Parser, StatementsKeepSourceOrder) {
  ast::Module module = parse_ok("let a = 1\nfile \"x\" {}\nlet b = 2\n");
  ASSERT_EQ(module.statements.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<ast::Let>(module.statements[0]));
  EXPECT_TRUE(std::holds_alternative<ast::Block>(module.statements[1]));
  EXPECT_TRUE(std::holds_alternative<ast::Let>(module.statements[2]));
}

TEST(Parser, CrlfLineEndings) {
  ast::Module module = parse_ok(
      "let a = \"x\"\r\n"
      "file \"/etc/motd\" {\r\n"
      "  mode = \"0644\"\r\n"
      "  list = [\r\n    1,\r\n  ]\r\n"
      "}\r\n");
  ASSERT_EQ(module.statements.size(), 2u);
  const auto& block = std::get<ast::Block>(module.statements[1]);
  ASSERT_EQ(block.attributes.size(), 2u);
  EXPECT_EQ(text_of(block.attributes[0].value.span), "\"0644\"");
}

TEST(Parser, NoTrailingNewlineAndByteOrderMark) {
  ast::Module module = parse_ok("\xEF\xBB\xBFlet a = 1");
  EXPECT_EQ(std::get<ast::Let>(module.statements.at(0)).name, "a");
}

TEST(Parser, NestingUpToTheLimitIsAccepted) {
  std::string deep =
      "let x = " + std::string(kMaxNestingDepth, '[') + std::string(kMaxNestingDepth, ']') + "\n";
  ast::Module module = parse_ok(deep);
  EXPECT_EQ(module.statements.size(), 1u);
}

TEST(Parser, UnicodeInStringsAndComments) {
  ast::Module module = parse_ok("# Grüße\nlet s = \"héllo → 世界\"\n");
  const auto& parts = std::get<ast::StringExpr>(let_value(module, 0).node).parts;
  EXPECT_EQ(parts.at(0).literal, "héllo → 世界");
}

}  // namespace
}  // namespace twin::lang
