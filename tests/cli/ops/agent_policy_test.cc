// The agent's policy judges the plan's fields: what each change removes and
// the risks it carries. Rendered text never decides.
#include "cli/ops/agent_policy.h"
#include "resources/package_actions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>


namespace twin::ops {
namespace {

using ::testing::HasSubstr;

engine::Step step(const engine::Action& action, std::string address,
                  std::vector<std::string> removes = {}, std::vector<std::string> details = {}) {
  engine::Step s;
  s.type = address.substr(0, address.find('['));
  s.address = std::move(address);
  engine::Change change{action, "", std::nullopt, std::move(details)};
  change.removes = std::move(removes);
  s.changes.push_back(std::move(change));
  return s;
}

TEST(AgentPolicy, PackageRemovalsComeFromTheRemovesField) {
  engine::Plan plan;
  plan.steps.push_back(step(engine::Action::kReplace, "file[\"/etc/motd\"]"));
  plan.steps.push_back(step(resources::package_action::kPurge, "package[\"telnet\"]", {"telnet"}));
  plan.steps.push_back(step(resources::package_action::kInstall, "package[\"app\"]", {"oldlib"},
                            {"also installs: libfoo1 (1.0)", "also removes: oldlib (0.9)"}));
  EXPECT_EQ(package_removals(plan),
            (std::vector<std::string>{"PURGE package[\"telnet\"]: telnet",
                                      "INSTALL package[\"app\"]: oldlib"}));
}

TEST(AgentPolicy, WordsInTheDetailsDecideNothing) {
  engine::Plan plan;
  // A detail that reads like a removal, on a change that removes nothing
  // (a manifest can put any words into a description or a title).
  plan.steps.push_back(step(engine::Action::kReplace, "file[\"/etc/also removes: x\"]", {},
                            {"also removes: libc6", "also purges: openssh-server"}));
  EXPECT_TRUE(package_removals(plan).empty());
  // And a removal with no words about it still counts.
  plan.steps.push_back(step(resources::package_action::kRemove, "package[\"nano\"]", {"nano"}));
  EXPECT_EQ(package_removals(plan).size(), 1u);
}

TEST(AgentPolicy, RisksComeFromTheChangesOfThePlan) {
  engine::Plan plan;
  plan.steps.push_back(step(engine::Action::kCreate, "file[\"/etc/sudoers.d/ops\"]"));
  lang::Diagnostic risk;
  risk.severity = lang::Severity::kWarning;
  risk.code = "W0303";
  risk.message = "risky change: file[\"/etc/sudoers.d/ops\"] manages sudo's rules";
  plan.steps[0].changes[0].risks.push_back(risk);
  plan.steps.push_back(step(engine::Action::kCreate, "file[\"/etc/motd\"]"));
  auto findings = planned_risks(plan, "/twin");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "W0303");
  EXPECT_EQ(findings[0].address, "file[\"/etc/sudoers.d/ops\"]");
}

TEST(AgentPolicy, EachPolicyDecides) {
  std::vector<AgentFinding> none;
  std::vector<AgentFinding> risky = {
      {"W0303", "risky change: file[\"/etc/sudoers.d/ops\"] manages sudo's rules",
       "file[\"/etc/sudoers.d/ops\"]", "state/files.twin", 7}};
  std::vector<std::string> removal = {"REMOVE package[\"ssh\"]: ssh"};
  for (const char* policy : {"report", "safe", "all"})
    EXPECT_EQ(decide_agent_apply(policy, 0, risky, removal).outcome, "nothing-to-do");
  EXPECT_EQ(decide_agent_apply("report", 1, none, {}).outcome, "refused");
  EXPECT_EQ(decide_agent_apply("safe", 1, none, {}).outcome, "applied");
  auto refused = decide_agent_apply("safe", 2, risky, removal);
  EXPECT_EQ(refused.outcome, "refused");
  EXPECT_THAT(refused.reason, HasSubstr("W0303 risky change: file[\"/etc/sudoers.d/ops\"]"));
  EXPECT_THAT(refused.reason, HasSubstr("removes a package: REMOVE package[\"ssh\"]"));
  EXPECT_EQ(decide_agent_apply("safe", 1, none, removal).outcome, "refused");
  EXPECT_EQ(decide_agent_apply("all", 2, risky, removal).outcome, "applied");
}

}  // namespace
}  // namespace twin::ops
