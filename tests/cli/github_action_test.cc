// The GitHub pieces the repository ships (examples/github): the problem
// matcher reads the text format `twin lint` prints, and the composite
// action runs flags `twin lint` has, with its inputs passed as variables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kGithub = fs::path(TWIN_SOURCE_DIR) / "examples/github";

TEST(GithubAction, TheProblemMatcherReadsTwinsTextFormat) {
  auto matcher = nlohmann::json::parse(read_text(kGithub / "twin-problem-matcher.json"));
  const auto& pattern = matcher["problemMatcher"][0]["pattern"][0];
  std::regex re(pattern["regexp"].get<std::string>());

  TempDir tmp;
  fs::copy(fs::path(TWIN_SOURCE_DIR) / "examples/webhost/sandbox", tmp / "root",
           fs::copy_options::recursive);
  write_text(tmp / "twin/state/a.twin",
             "file \"/etc/motd\" {\n  content = \"x\"\n  mode = \"0999\"\n}\n"
             "file \"/etc/sudoers.d/ops\" {\n  content = \"ops ALL=(ALL) ALL\\n\"\n}\n");
  auto lint = run_twin({"lint", "--root", (tmp / "root").string()}, (tmp / "twin").string());
  ASSERT_EQ(lint.exit_code, 1) << lint.out << lint.err;
  std::istringstream lines(lint.out);
  std::vector<std::string> kept;
  for (std::string line; std::getline(lines, line);) kept.push_back(line);
  std::vector<std::vector<std::string>> matched;
  for (const auto& line : kept) {
    std::smatch m;
    if (!std::regex_match(line, m, re)) continue;
    std::vector<std::string> groups;
    for (const char* key : {"file", "line", "column", "severity", "code", "message"})
      groups.push_back(m[pattern[key].get<int>()].str());
    matched.push_back(groups);
  }
  ASSERT_EQ(matched.size(), 2u) << lint.out;
  EXPECT_EQ(matched[0], (std::vector<std::string>{"state/a.twin", "3", "10", "error", "E0206",
                                                  "invalid mode \"0999\": '9' is not an octal digit"}));
  EXPECT_EQ(matched[1][3], "warning");
  EXPECT_EQ(matched[1][4], "W0303");
}

TEST(GithubAction, TheActionRunsTwinLintWithItsInputsAsVariables) {
  YAML::Node action = YAML::LoadFile((kGithub / "action.yml").string());
  EXPECT_EQ(action["runs"]["using"].as<std::string>(), "composite");
  for (const char* input : {"twin-dir", "strict", "base", "format", "sarif-file", "deb"})
    EXPECT_TRUE(action["inputs"][input].IsMap()) << input;
  bool linted = false;
  for (const auto& step : action["runs"]["steps"]) {
    std::string script = step["run"].as<std::string>();
    // Inputs are never pasted into the script (no injection through them).
    EXPECT_EQ(script.find("${{"), std::string::npos) << script;
    if (script.find("twin \"${args[@]}\"") == std::string::npos) continue;
    linted = true;
    for (const char* flag : {"--twin", "--root", "--strict", "--base", "--format"})
      EXPECT_THAT(script, HasSubstr(flag));
    EXPECT_THAT(script, HasSubstr("::add-matcher::$MATCHER"));
  }
  EXPECT_TRUE(linted);
  // The flags it passes are twin lint's own.
  auto help = run_twin({"lint", "--help"});
  for (const char* flag : {"--twin", "--root", "--strict", "--base", "--format"})
    EXPECT_THAT(help.out, HasSubstr(flag));
}

}  // namespace
}  // namespace twin::testing
