// The retention setting (config.yaml `checkpoints:`) and the rule that picks
// which checkpoints to prune.
#include "engine/core/retention.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

using twin::testing::TempDir;
using twin::testing::write_text;

TEST(RetentionConfig, DefaultsWhenTheFileOrSectionIsAbsent) {
  TempDir tmp;
  auto none = read_retention(tmp.path());
  ASSERT_TRUE(none.ok()) << none.error().text();
  EXPECT_EQ(none->keep, 20);
  EXPECT_EQ(none->max_mb, 500u);
  EXPECT_FALSE(none->from_config);

  for (std::string text : {"", "# nothing yet\n", "github:\n  repo: x\n", "checkpoints:\n"}) {
    auto policy = parse_retention(text, "config.yaml");
    ASSERT_TRUE(policy.ok()) << text << ": " << policy.error().text();
    EXPECT_EQ(policy->keep, 20) << text;
    EXPECT_EQ(policy->max_mb, 500u) << text;
  }
}

TEST(RetentionConfig, ReadsKeepAndMaxMb) {
  TempDir tmp;
  write_text(tmp / "config.yaml", "other: 1\ncheckpoints:\n  keep: 3\n  max_mb: 7\n");
  auto policy = read_retention(tmp.path());
  ASSERT_TRUE(policy.ok()) << policy.error().text();
  EXPECT_EQ(policy->keep, 3);
  EXPECT_EQ(policy->max_mb, 7u);
  EXPECT_EQ(policy->max_bytes(), 7u * 1024 * 1024);
  EXPECT_TRUE(policy->from_config);

  auto flow = parse_retention("checkpoints: {keep: 5}\n", "c.yaml");
  ASSERT_TRUE(flow.ok());
  EXPECT_EQ(flow->keep, 5);
  EXPECT_EQ(flow->max_mb, 500u);  // unset keys keep their default
}

TEST(RetentionConfig, ErrorsNameFileLineAndWhatIsWrong) {
  struct Case {
    std::string yaml;
    std::string message;
  };
  const Case cases[] = {
      {"checkpoints:\n  keep: 0\n",
       "c.yaml:2:9: checkpoints.keep must be at least 1 (checkpoints cannot be switched off; "
       "keep: 1 keeps only the latest apply)"},
      {"checkpoints:\n  max_mb: 0\n",
       "c.yaml:2:11: checkpoints.max_mb must be at least 1 (checkpoints cannot be switched off)"},
      {"checkpoints:\n  keep: many\n",
       "c.yaml:2:9: checkpoints.keep must be a whole number, not `many`"},
      {"checkpoints:\n  keep: -3\n",
       "c.yaml:2:9: checkpoints.keep must be a whole number, not `-3`"},
      {"checkpoints:\n  kept: 3\n",
       "c.yaml:2:3: unknown setting `checkpoints.kept` (known: keep, max_mb)"},
      {"checkpoints: 20\n",
       "c.yaml:1:14: `checkpoints` must be a mapping such as {keep: 20, max_mb: 500}"},
      {"- a\n- b\n", "c.yaml:1:1: the top level must be a mapping of settings"},
  };
  for (const auto& c : cases) {
    auto policy = parse_retention(c.yaml, "c.yaml");
    ASSERT_FALSE(policy.ok()) << c.yaml;
    EXPECT_EQ(policy.error().code, "E1601");
    EXPECT_EQ(policy.error().message, c.message) << c.yaml;
  }
  // Broken YAML: yaml-cpp's own message, with the place.
  auto broken = parse_retention("checkpoints:\n  keep: [1, 2\n", "c.yaml");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message.rfind("c.yaml:", 0), 0u) << broken.error().message;
}

TEST(RetentionConfig, MalformedFileOnDiskIsAnErrorWithItsPath) {
  TempDir tmp;
  write_text(tmp / "config.yaml", "checkpoints:\n  keep: 0\n");
  auto policy = read_retention(tmp.path());
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().message.rfind((tmp / "config.yaml").string() + ":2:", 0), 0u)
      << policy.error().message;
}

std::vector<RetentionCandidate> finished(std::vector<std::pair<std::string, std::uint64_t>> list) {
  std::vector<RetentionCandidate> out;
  for (auto& [id, bytes] : list) out.push_back({id, bytes, true});
  return out;
}

TEST(RetentionSelection, KeepsTheNewestCount) {
  RetentionPolicy keep2{2, 500, true};
  auto doomed = select_for_pruning(finished({{"d", 1}, {"c", 1}, {"b", 1}, {"a", 1}}), keep2, {});
  EXPECT_EQ(doomed, (std::vector<std::string>{"b", "a"}));
  EXPECT_TRUE(select_for_pruning(finished({{"b", 1}, {"a", 1}}), keep2, {}).empty());
}

TEST(RetentionSelection, KeepsWithinTheSizeLimitAndAlwaysTheNewest) {
  RetentionPolicy one_mb{20, 1, true};
  const std::uint64_t mb = kBytesPerMb;
  // c alone fills the budget: b and a go, even though fewer than 20 exist.
  EXPECT_EQ(select_for_pruning(finished({{"c", mb}, {"b", 1}, {"a", 1}}), one_mb, {}),
            (std::vector<std::string>{"b", "a"}));
  // The newest is kept even when it alone is over the limit.
  EXPECT_EQ(select_for_pruning(finished({{"c", 3 * mb}, {"b", 1}}), one_mb, {}),
            (std::vector<std::string>{"b"}));
  // Once one does not fit, older ones go too, however small: "the last N".
  EXPECT_EQ(select_for_pruning(finished({{"c", mb / 2}, {"b", mb}, {"a", 1}}), one_mb, {}),
            (std::vector<std::string>{"b", "a"}));
}

TEST(RetentionSelection, NeverPrunesUnfinishedOrProtectedOnes) {
  RetentionPolicy keep1{1, 500, true};
  std::vector<RetentionCandidate> list = {
      {"e", 1, true}, {"d", 1, false}, {"c", 1, true}, {"b", 1, true}, {"a", 1, true}};
  EXPECT_EQ(select_for_pruning(list, keep1, {"b"}), (std::vector<std::string>{"c", "a"}));
}

}  // namespace
}  // namespace twin::engine
