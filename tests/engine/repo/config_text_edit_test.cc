// Editing one value of a hand-written config.yaml in place.
#include "engine/repo/config_text_edit.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/repo/effective_config.h"
#include "engine/repo/twin_config_save.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

const char kHandWritten[] =
    "# my laptop\n"
    "device: \"laptop\"   # shown in commits\n"
    "files:\n"
    "  roots: ['/etc', \"~/.config\"]  # what we mirror\n"
    "  max_size: 1000 # bytes\n"
    "  exclude:\n"
    "    - /etc/big\n"
    "logs: {lines: 50, keep: 2}\n";

std::string value_at(std::string_view text, std::string_view key) {
  auto span = find_config_value(text, key);
  return span ? std::string(text.substr(span->begin, span->end - span->begin)) : "<none>";
}

TEST(ConfigTextEdit, FindsOneLineValuesOfEveryForm) {
  EXPECT_EQ(value_at(kHandWritten, "device"), "\"laptop\"");
  EXPECT_EQ(value_at(kHandWritten, "files.roots"), "['/etc', \"~/.config\"]");
  EXPECT_EQ(value_at(kHandWritten, "files.max_size"), "1000");
}

TEST(ConfigTextEdit, LeavesWhatIsNotOnOneLine) {
  EXPECT_EQ(value_at(kHandWritten, "files.exclude"), "<none>");  // a block list
  EXPECT_EQ(value_at(kHandWritten, "git.name"), "<none>");       // absent
  EXPECT_EQ(value_at(kHandWritten, "logs.lines"), "<none>");     // inside a flow map
  EXPECT_EQ(value_at("a: |\n  text\n", "a"), "<none>");
  EXPECT_EQ(value_at("a: [1,\n  2]\n", "a"), "<none>");
  EXPECT_EQ(value_at("a: [unclosed\n", "a"), "<none>");  // not YAML
}

TEST(ConfigTextEdit, SplicesTheRenderedValueAndKeepsEverythingElse) {
  std::string rendered = "device: \"desk\"\nfiles:\n  roots: [\"/etc\"]\n";
  auto edited = splice_config_value(kHandWritten, rendered, "files.roots");
  ASSERT_TRUE(edited);
  std::string expected = kHandWritten;
  expected.replace(expected.find("['/etc', \"~/.config\"]"), 21, "[\"/etc\"]");
  EXPECT_EQ(*edited, expected);
  auto device = splice_config_value(kHandWritten, rendered, "device");
  ASSERT_TRUE(device);
  EXPECT_NE(device->find("device: \"desk\"   # shown in commits\n"), std::string::npos);
}

// config_text(): the in-place edit only when it reads back as the settings
// asked for; the canonical rendering otherwise.
TEST(ConfigTextEdit, ConfigTextKeepsCommentsOnlyWhenTheResultIsExact) {
  testing::TempDir tmp;
  std::filesystem::path file = tmp / "config.yaml";
  std::ofstream(file) << kHandWritten;
  auto config = parse_effective_config(kHandWritten, "config.yaml");
  ASSERT_TRUE(config) << config.error().text();
  config->twin.max_file_bytes = 2048;
  std::string text = config_text(file, *config, "files.max_size");
  EXPECT_NE(text.find("# my laptop\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  max_size: 2048 # bytes\n"), std::string::npos) << text;
  auto back = parse_effective_config(text, "config.yaml");
  ASSERT_TRUE(back);
  EXPECT_EQ(render_effective_config(*back), render_effective_config(*config));

  // A block list cannot be edited in place: the whole file is rendered.
  config->twin.excludes = {"/etc/other"};
  EXPECT_EQ(config_text(file, *config, "files.exclude"), render_effective_config(*config));
  // Naming the wrong key would not give the settings asked for: rendered.
  EXPECT_EQ(config_text(file, *config, "files.max_size"), render_effective_config(*config));
}

}  // namespace
}  // namespace twin::engine
