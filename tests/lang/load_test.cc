#include "lang/load.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

SourcePtr read_example(const std::string& relative) {
  std::ifstream in(std::string(TWIN_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return make_source(relative, text.str());
}

TEST(LoadSources, TheWebhostExampleLoads) {
  DiagnosticSink sink;
  auto resources = load_sources({read_example("examples/webhost/state/site.twin")}, sink);
  ASSERT_EQ(testing::render_all(sink), "");
  ASSERT_EQ(resources.size(), 6u);
  EXPECT_EQ(resources[0].address(), "file[\"/etc/motd\"]");
  EXPECT_EQ(*resources[0].get_string("content"),
            "Welcome to example.org.\nProblems? Write to ops@example.org.\n");
  EXPECT_EQ(*resources[3].get_string("content"), "Debian GNU/Linux 12 \\n \\l\n");
  EXPECT_EQ(resources[5].title, "/srv/www/example.org/index.html");
}

TEST(LoadSources, LetsArePerFileAndOrderIsKept) {
  DiagnosticSink sink;
  auto a = make_source("state/a.twin", "let who = \"alice\"\nuser \"a\" { name = who }\n");
  auto b = make_source("state/b.twin", "user \"b\" { name = who }\n");
  auto resources = load_sources({a, b}, sink);
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[0].address(), "user[\"a\"]");
  EXPECT_EQ(resources[1].address(), "user[\"b\"]");
  EXPECT_EQ(resources[1].find("name"), nullptr);
  EXPECT_EQ(testing::render_all(sink), R"(state/b.twin:1:19: error[E0102]: undefined variable 'who'
    1 | user "b" { name = who }
      |                   ^~~
)");
}

TEST(LoadSources, ReportsErrorsOfEveryFile) {
  DiagnosticSink sink;
  auto resources =
      load_sources({make_source("a.twin", "let x 1\n"), make_source("b.twin", std::string("\0", 1)),
                    make_source("c.twin", "file \"/ok\" {}\nfile \"/x\" { m = y }\n")},
                   sink);
  ASSERT_EQ(sink.all().size(), 3u);
  EXPECT_EQ(sink.all()[0].code, "E0015");
  EXPECT_EQ(sink.all()[1].code, "E0002");
  EXPECT_EQ(sink.all()[2].code, "E0102");
  EXPECT_EQ(resources.size(), 2u);  // partial results; callers check has_errors()
}

}  // namespace
}  // namespace twin::lang

namespace twin::lang {
namespace {

// A reader that counts reads, to prove each file is read once.
class CountingReader : public MemoryReader {
 public:
  std::optional<std::string> read(const std::string& path) override {
    ++reads[path];
    return MemoryReader::read(path);
  }
  std::map<std::string, int> reads;
};

TEST(Load, ImportBringsLetsAndDefinesAndEachFileIsEvaluatedOnce) {
  CountingReader reader;
  reader.add("state/lib/common.twin",
             "import \"deep.twin\"\n"
             "let admin = \"ops@example.org\"\n"
             "define motd(text: string) {\n"
             "  file \"/etc/motd\" { content = text }\n"
             "}\n"
             "package \"common-tools\" {}\n");
  reader.add("state/lib/deep.twin", "let deep = 1\npackage \"deep\" {}\n");
  auto a = make_source("state/a.twin",
                       "import \"lib/common.twin\"\n"
                       "motd \"m\" { text = \"mail ${admin}\" }\n");
  auto b = make_source("state/b.twin", "import \"lib/common.twin\"\nuser \"u\" { mail = admin }\n");
  DiagnosticSink sink;
  auto resources = load({a, b}, LoadOptions{&reader, {}}, sink);
  ASSERT_EQ(testing::render_all(sink), "");
  ASSERT_EQ(resources.size(), 4u);
  // Imported files first (depth first), each once, then the importers.
  EXPECT_EQ(resources[0].address(), "package[\"deep\"]");
  EXPECT_EQ(resources[1].address(), "package[\"common-tools\"]");
  EXPECT_EQ(resources[2].address(), "file[\"/etc/motd\"]");
  EXPECT_EQ(*resources[2].get_string("content"), "mail ops@example.org");
  EXPECT_EQ(resources[3].address(), "user[\"u\"]");
  EXPECT_EQ(reader.reads["state/lib/common.twin"], 1);
  EXPECT_EQ(reader.reads["state/lib/deep.twin"], 1);
}

TEST(Load, ImportsAreNotTransitive) {
  MemoryReader reader;
  reader.add("state/mid.twin", "import \"deep.twin\"\n");
  reader.add("state/deep.twin", "let deep = 1\n");
  DiagnosticSink sink;
  (void)load({make_source("state/a.twin", "import \"mid.twin\"\nlet x = deep\n")},
             LoadOptions{&reader, {}}, sink);
  EXPECT_EQ(testing::render_all(sink), R"(state/a.twin:2:9: error[E0102]: undefined variable 'deep'
    2 | let x = deep
      |         ^~~~
)");
}

TEST(Load, ImportingAnEntryFileUsesItAndEvaluatesItOnce) {
  auto a = make_source("state/a.twin", "import \"b.twin\"\nthing \"a\" { v = from_b }\n");
  auto b = make_source("state/b.twin", "let from_b = \"B\"\nthing \"b\" {}\n");
  DiagnosticSink sink;
  auto resources = load({a, b}, LoadOptions{}, sink);  // no reader needed
  ASSERT_EQ(testing::render_all(sink), "");
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[0].address(), "thing[\"b\"]");
  EXPECT_EQ(*resources[1].get_string("v"), "B");
}

TEST(Load, CycleThroughEntryFilesIsReportedOnce) {
  auto a = make_source("state/a.twin", "import \"b.twin\"\n");
  auto b = make_source("state/b.twin", "import \"a.twin\"\n");
  DiagnosticSink sink;
  (void)load({a, b}, LoadOptions{}, sink);
  EXPECT_EQ(testing::render_all(sink),
            R"(state/b.twin:1:8: error[E0108]: import cycle: state/a.twin -> state/b.twin -> state/a.twin
    1 | import "a.twin"
      |        ^~~~~~~~
help: a file cannot import itself, directly or through other files
)");
}

TEST(Load, FactsDefaultToAnEmptyMap) {
  DiagnosticSink sink;
  (void)load_sources({make_source("state/a.twin", "let x = facts.os\n")}, sink);
  EXPECT_EQ(testing::render_all(sink), R"(state/a.twin:1:15: error[E0113]: unknown fact 'facts.os'
    1 | let x = facts.os
      |               ^~
)");
}

TEST(Evaluate, ImportNeedsTheLoader) {
  DiagnosticSink sink;
  auto module = parse(make_source("state/a.twin", "import \"b.twin\"\n"), sink);
  ASSERT_TRUE(module);
  (void)evaluate(*module, sink);
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0109");
}

}  // namespace
}  // namespace twin::lang
