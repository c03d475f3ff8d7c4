// `twin fmt`'s formatter: golden files (tests/lang/golden/NAME.twin formats
// to NAME.golden; TWIN_UPDATE_GOLDEN=1 rewrites the .golden files), then
// idempotence over every example and golden file, and proof that
// formatting never changes what a file means.
#include "lang/formatter.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {
namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(TWIN_SOURCE_DIR) / "tests/lang/golden";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<fs::path> twin_files_under(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.path().extension() == ".twin") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string format_ok(const std::string& path, const std::string& text) {
  DiagnosticSink sink;
  std::optional<std::string> out = format_source(make_source(path, text), sink);
  EXPECT_TRUE(out) << path << "\n" << testing::render_all(sink);
  return out.value_or("");
}

// What a file means: every resource and attribute as source text.
std::string meaning(const std::string& text) {
  std::string errors;
  std::string out;
  for (const ResourceDecl& r : testing::load_ok(text, &errors)) {
    out += r.address() + "\n";
    for (const Attribute& a : r.attributes) out += "  " + a.name + " = " + a.value.to_source() + "\n";
    for (const ResourceDecl& c : r.children) out += "  " + c.address() + "\n";
  }
  return out + errors;
}

TEST(Formatter, GoldenFiles) {
  const bool update = std::getenv("TWIN_UPDATE_GOLDEN") != nullptr;
  std::vector<fs::path> inputs = twin_files_under(kGoldenDir);
  ASSERT_GE(inputs.size(), 5u);
  for (const fs::path& input : inputs) {
    std::string formatted = format_ok(input.filename().string(), read_file(input));
    fs::path golden = fs::path(input).replace_extension(".golden");
    if (update) {
      std::ofstream(golden, std::ios::binary) << formatted;
      continue;
    }
    ASSERT_TRUE(fs::exists(golden)) << golden << " missing; run with TWIN_UPDATE_GOLDEN=1";
    EXPECT_EQ(formatted, read_file(golden)) << input;
  }
}

TEST(Formatter, IsIdempotentOnExamplesAndGoldenFiles) {
  std::vector<fs::path> files = twin_files_under(fs::path(TWIN_SOURCE_DIR) / "examples");
  for (const fs::path& golden : twin_files_under(kGoldenDir)) files.push_back(golden);
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    std::string once = format_ok(file.string(), read_file(file));
    std::string twice = format_ok(file.string(), once);
    EXPECT_EQ(once, twice) << file;
  }
}

TEST(Formatter, ExamplesAreAlreadyFormatted) {
  for (const fs::path& file : twin_files_under(fs::path(TWIN_SOURCE_DIR) / "examples")) {
    std::string text = read_file(file);
    EXPECT_EQ(format_ok(file.string(), text), text) << file;
  }
}

TEST(Formatter, NeverChangesWhatAFileMeans) {
  for (const fs::path& file : twin_files_under(kGoldenDir)) {
    std::string text = read_file(file);
    EXPECT_EQ(meaning(format_ok(file.string(), text)), meaning(text)) << file;
  }
}

TEST(Formatter, LeavesABrokenFileAloneAndReportsWhy) {
  DiagnosticSink sink;
  EXPECT_EQ(format_source(make_source("state/a.twin", "file \"/a\" {\n  mode \"1\"\n}\n"), sink),
            std::nullopt);
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0001");
}

struct FormatCase {
  const char* input;
  const char* expected;
};

class FormatTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FormatTest, Formats) {
  EXPECT_EQ(format_ok("state/a.twin", GetParam().input), GetParam().expected);
}

const FormatCase kFormatCases[] = {
    {"", ""},
    {"\n\n", ""},
    {"let a = 1", "let a = 1\n"},
    {"let a = 1\r\nlet b = 2\r\n", "let a = 1\nlet b = 2\n"},
    {"\xEF\xBB\xBFlet a = 1\n", "let a = 1\n"},
    {"\tlet a = 1\n", "let a = 1\n"},
    {"let a = {}\nlet b = [ ]\n", "let a = {}\nlet b = []\n"},
    {"let a = f( 1 , 2 )\n", "let a = f(1, 2)\n"},
    {"let a = ! x\n", "let a = !x\n"},
    {"let a = file[ \"x\" ]\n", "let a = file[\"x\"]\n"},
    {"file \"a\" {\n\n  m = 1\n\n}\n", "file \"a\" {\n  m = 1\n}\n"},
    {"let a = 1   #  note  \n", "let a = 1 #  note\n"},
};
INSTANTIATE_TEST_SUITE_P(Table, FormatTest, ::testing::ValuesIn(kFormatCases));

}  // namespace
}  // namespace twin::lang
