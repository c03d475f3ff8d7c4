// render_text and DiagnosticSink, on hand-built diagnostics.
#include "lang/diagnostic.h"

#include <gtest/gtest.h>

#include <string>

namespace twin::lang {
namespace {

Diagnostic error_at(const SourcePtr& file, std::size_t begin, std::size_t end,
                    std::string message = "bad thing") {
  return Diagnostic{Severity::kError, "E0001", std::move(message), Span{file, begin, end}};
}

TEST(RenderText, CaretAndTildesUnderTheSpan) {
  auto file = make_source("state/a.twin", "file \"/etc/motd\" {\n  mode \"0644\"\n}\n");
  Diagnostic d = error_at(file, 26, 32, "expected '=' after attribute name");
  d.hint = "write `mode = \"0644\"`";
  EXPECT_EQ(render_text(d), R"(state/a.twin:2:8: error[E0001]: expected '=' after attribute name
    2 |   mode "0644"
      |        ^~~~~~
help: write `mode = "0644"`
)");
}

TEST(RenderText, EmptySpanIsASingleCaret) {
  auto file = make_source("a.twin", "abc\n");
  EXPECT_EQ(render_text(error_at(file, 1, 1)), R"(a.twin:1:2: error[E0001]: bad thing
    1 | abc
      |  ^
)");
}

TEST(RenderText, SpanOverSeveralLinesStopsAtTheEndOfTheFirst) {
  auto file = make_source("a.twin", "x = [\n  1,\n]\n");
  EXPECT_EQ(render_text(error_at(file, 0, 12)), R"(a.twin:1:1: error[E0001]: bad thing
    1 | x = [
      | ^~~~~
)");
}

TEST(RenderText, TabsAreExpandedAndTheCaretFollows) {
  auto file = make_source("a.twin", "\tkey\t= 1\n");
  EXPECT_EQ(render_text(error_at(file, 5, 6)), R"(a.twin:1:6: error[E0001]: bad thing
    1 |     key = 1
      |         ^
)");
}

TEST(RenderText, MultiByteCharactersCountAsOneColumn) {
  auto file = make_source("a.twin", "s = \"é→\" x\n");
  // "é" and "→" are 2 and 3 bytes; the caret goes under the x.
  EXPECT_EQ(render_text(error_at(file, 12, 13)), R"(a.twin:1:13: error[E0001]: bad thing
    1 | s = "é→" x
      |          ^
)");
}

TEST(RenderText, ControlCharactersAndBadBytesAreVisible) {
  auto file = make_source("a.twin", std::string("a\0b\xFF"
                                                "c\n",
                                                6));
  EXPECT_EQ(render_text(error_at(file, 4, 5)),
            "a.twin:1:5: error[E0001]: bad thing\n"
            "    1 | a\u2400b\uFFFDc\n"
            "      |     ^\n");
}

TEST(RenderText, SpanAtEndOfFileWithoutNewline) {
  auto file = make_source("a.twin", "let x =");
  EXPECT_EQ(render_text(error_at(file, 7, 7)), R"(a.twin:1:8: error[E0001]: bad thing
    1 | let x =
      |        ^
)");
}

TEST(RenderText, SpanAtEndOfFileAfterNewline) {
  auto file = make_source("a.twin", "x\n");
  EXPECT_EQ(render_text(error_at(file, 2, 2)), R"(a.twin:2:1: error[E0001]: bad thing
    2 |
      | ^
)");
}

TEST(RenderText, EmptyFile) {
  auto file = make_source("a.twin", "");
  EXPECT_EQ(render_text(error_at(file, 0, 0)), R"(a.twin:1:1: error[E0001]: bad thing
    1 |
      | ^
)");
}

TEST(RenderText, CrlfIsNotShown) {
  auto file = make_source("a.twin", "ab\r\ncd\r\n");
  EXPECT_EQ(render_text(error_at(file, 4, 6)), R"(a.twin:2:1: error[E0001]: bad thing
    2 | cd
      | ^~
)");
}

TEST(RenderText, WideLineNumbersWidenTheGutter) {
  std::string text(123455, '\n');
  text += "value\n";
  auto file = make_source("a.twin", text);
  EXPECT_EQ(render_text(error_at(file, 123455, 123460)), R"(a.twin:123456:1: error[E0001]: bad thing
123456 | value
       | ^~~~~
)");
}

TEST(RenderText, RelatedNotesAndHelpInOrder) {
  auto file = make_source("state/a.twin", "let a = 1\nlet a = 2\n");
  Diagnostic d = error_at(file, 14, 15, "variable 'a' is already declared");
  d.code = "E0103";
  d.related.push_back({Span{file, 4, 5}, "first declared here"});
  d.notes.push_back("lets are file-scoped");
  d.hint = "rename one";
  EXPECT_EQ(render_text(d), R"(state/a.twin:2:5: error[E0103]: variable 'a' is already declared
    2 | let a = 2
      |     ^
state/a.twin:1:5: note: first declared here
    1 | let a = 1
      |     ^
note: lets are file-scoped
help: rename one
)");
}

TEST(RenderText, RelatedSpanInAnotherFile) {
  auto a = make_source("state/a.twin", "file \"/x\" {}\n");
  auto b = make_source("state/b.twin", "\nfile \"/x\" {}\n");
  Diagnostic d = error_at(b, 6, 10, "duplicate resource");
  d.related.push_back({Span{a, 5, 9}, "first declared here"});
  EXPECT_EQ(render_text(d), R"(state/b.twin:2:6: error[E0001]: duplicate resource
    2 | file "/x" {}
      |      ^~~~
state/a.twin:1:6: note: first declared here
    1 | file "/x" {}
      |      ^~~~
)");
}

TEST(RenderText, WithoutASpan) {
  Diagnostic d{Severity::kError, "E0150", "cannot read state/", Span{}, "check permissions"};
  EXPECT_EQ(render_text(d), "error[E0150]: cannot read state/\nhelp: check permissions\n");
}

TEST(RenderText, WithoutACodeAndAsWarning) {
  Diagnostic d{Severity::kWarning, "", "something odd", Span{}};
  EXPECT_EQ(render_text(d), "warning: something odd\n");
}

TEST(RenderText, ColourOnlyWhenAsked) {
  auto file = make_source("a.twin", "abc\n");
  Diagnostic d = error_at(file, 0, 3);
  d.hint = "fix it";
  EXPECT_EQ(render_text(d).find('\x1b'), std::string::npos);
  std::string coloured = render_text(d, true);
  EXPECT_NE(coloured.find("\x1b[1;31merror[E0001]\x1b[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\x1b[1;32m^~~\x1b[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("fix it"), std::string::npos);
}

TEST(DiagnosticSink, CountsBySeverity) {
  DiagnosticSink sink;
  EXPECT_TRUE(sink.empty());
  EXPECT_FALSE(sink.has_errors());
  sink.warning("W0001", "w", Span{});
  EXPECT_FALSE(sink.has_errors());
  sink.error("E0001", "e", Span{}, "h");
  sink.error("E0002", "e2", Span{});
  EXPECT_TRUE(sink.has_errors());
  EXPECT_EQ(sink.error_count(), 2u);
  EXPECT_EQ(sink.warning_count(), 1u);
  ASSERT_EQ(sink.all().size(), 3u);
  EXPECT_EQ(sink.all()[1].hint, "h");
  EXPECT_EQ(sink.all()[2].code, "E0002");
}

}  // namespace
}  // namespace twin::lang
