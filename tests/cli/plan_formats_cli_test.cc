// The plan as a contract: JSON, summaries, saved plans, colour, secrets, and
// plan/apply agreement, through the real binary on the example twin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "lang/sha256.h"
#include "tests/cli/example_twin.h"
#include "tests/cli/twin_runner.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ExampleTwin = twin::testing::WebhostTwin;
namespace fs = std::filesystem;
using twin::testing::read_text;
using twin::testing::run_twin;
using twin::testing::write_text;

/// The "ACTION address: done" lines of an apply, as (action, address).
std::vector<std::pair<std::string, std::string>> applied_steps(const std::string& out) {
  std::vector<std::pair<std::string, std::string>> steps;
  std::regex done(R"(^([A-Z]+) (\S.*): done$)");
  std::istringstream lines(out);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line))
    if (std::regex_match(line, m, done)) steps.emplace_back(m[1], m[2]);
  return steps;
}

TEST(PlanFormats, JsonPlanFollowsTheVersionedSchema) {
  ExampleTwin ex;
  auto r = ex.run({"plan", "--json"});
  EXPECT_EQ(r.exit_code, 2);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "twinsync-plan");
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["root"], ex.root.string());
  EXPECT_EQ(j["summary"]["steps"], 6);
  EXPECT_EQ(j["summary"]["actions"]["CREATE"], 3);
  ASSERT_EQ(j["steps"].size(), 6u);
  const auto& motd = j["steps"][0];
  EXPECT_EQ(motd["address"], "file[\"/etc/motd\"]");
  EXPECT_EQ(motd["action"], "REPLACE");
  EXPECT_THAT(motd["changes"][0]["content"]["unified_diff"].get<std::string>(),
              HasSubstr("+Welcome to example.org."));
  EXPECT_EQ(motd["changes"][0]["content"]["new_sha256"].get<std::string>().size(), 64u);
  // The directory's file depends on the directory.
  EXPECT_EQ(j["steps"][2]["depends_on"], nlohmann::json::array({"file[\"/etc/app\"]"}));
}

TEST(PlanFormats, ARiskyChangeCarriesItsFindingInTextAndJson) {
  ExampleTwin ex;
  write_text(ex.twin / "state/sudo.twin",
             "file \"/etc/sudoers.d/ops\" {\n  content = \"ops ALL=(ALL) ALL\\n\"\n}\n");
  auto text = ex.run({"plan"});
  EXPECT_EQ(text.exit_code, 2) << text.err;
  EXPECT_THAT(text.out, HasSubstr("risky (W0303): file[\"/etc/sudoers.d/ops\"] manages sudo's rules"));
  auto j = nlohmann::json::parse(ex.run({"plan", "--json"}).out);
  nlohmann::json risks;
  for (const auto& step : j["steps"])
    if (step["address"] == "file[\"/etc/sudoers.d/ops\"]")
      for (const auto& change : step["changes"])  // the primary change, after MKDIR
        if (change.contains("risks")) risks = change["risks"];
  ASSERT_EQ(risks.size(), 1u) << j.dump(2);
  EXPECT_EQ(risks[0]["code"], "W0303");
  EXPECT_EQ(risks[0]["location"], "state/sudo.twin:1:6");
  // A change no rule flags has no "risks" key at all.
  EXPECT_FALSE(j["steps"][0]["changes"][0].contains("risks"));

  // allow_risky on the declaration is a request, not an approval: the
  // plan still flags it, under W0300, naming the rule.
  write_text(ex.twin / "state/sudo.twin",
             "file \"/etc/sudoers.d/ops\" {\n  content = \"ops ALL=(ALL) ALL\\n\"\n"
             "  allow_risky = true\n}\n");
  EXPECT_THAT(ex.run({"plan"}).out,
              HasSubstr("risky (W0300): file[\"/etc/sudoers.d/ops\"] manages sudo's rules [W0303, "
                        "requested with allow_risky]"));
}

// A manifest cannot approve its own risky change: `--yes` approves the
// plan, never a risk; only --approve-risky with the fingerprint of the
// plan reviewed on this machine (or a yes per finding on a terminal) does.
TEST(PlanFormats, ARiskyChangeIsAppliedOnlyWithAnApprovalFromTheMachine) {
  ExampleTwin ex;
  write_text(ex.twin / "state/sudo.twin",
             "file \"/etc/sudoers.d/ops\" {\n  content = \"ops ALL=(ALL) ALL\\n\"\n"
             "  allow_risky = true\n}\n");
  auto planned = ex.run({"plan"});
  std::string marker = "`twin apply --yes --approve-risky ";
  std::size_t at = planned.out.find(marker);
  ASSERT_NE(at, std::string::npos) << planned.out;
  std::string fingerprint = planned.out.substr(at + marker.size(), 16);

  auto refused = ex.run({"apply", "--yes"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("refusing to apply 1 risky change(s) nobody on this machine "
                                     "approved (allow_risky in a manifest is a request, not an "
                                     "approval)"));
  EXPECT_FALSE(fs::exists(ex.root / "etc/sudoers.d/ops"));

  auto wrong = ex.run({"apply", "--yes", "--approve-risky", "0123456789abcdef"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_THAT(wrong.err, HasSubstr("does not name this plan"));
  EXPECT_FALSE(fs::exists(ex.root / "etc/sudoers.d/ops"));

  auto applied = ex.run({"apply", "--yes", "--approve-risky", fingerprint});
  EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_TRUE(fs::exists(ex.root / "etc/sudoers.d/ops"));
}

TEST(PlanFormats, SummaryIsOneLinePerStepWithoutDiffs) {
  ExampleTwin ex;
  auto r = ex.run({"plan", "--summary"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out,
            "Twin: " + ex.twin.string() + ", root: " + ex.root.string() + "\n"
            "REPLACE file[\"/etc/motd\"]\n"
            "CREATE  file[\"/etc/app\"]\n"
            "CREATE  file[\"/etc/app/app.conf\"]\n"
            "CHMOD   file[\"/etc/issue\"]\n"
            "DELETE  file[\"/etc/cron.d/legacy-backup\"]\n"
            "CREATE  file[\"/srv/www/example.org/index.html\"]\n"
            "Plan: 6 steps (3 CREATE, 1 REPLACE, 1 DELETE, 1 CHMOD).\n");
}

TEST(PlanFormats, TextPlanOpensWithCountsAndListsDestructiveStepsFirst) {
  ExampleTwin ex;
  auto r = ex.run({"plan"});
  // The first line names the twin and the root, then the counts.
  EXPECT_EQ(r.out.rfind("Twin: " + ex.twin.string() + ", root: " + ex.root.string() + "\n" +
                        "6 steps in order: 3 CREATE, 1 REPLACE, 1 DELETE, 1 CHMOD.\n"
                        "Takes away:\n"
                        "  DELETE  file[\"/etc/cron.d/legacy-backup\"]\n",
                        0),
            0u)
      << r.out;
  EXPECT_THAT(r.out, HasSubstr("CHMOD   mode 0600 → 0644"));
  EXPECT_THAT(r.out, Not(HasSubstr("\033[")));  // NO_COLOR is set by run_twin
}

TEST(PlanFormats, PlanIsByteIdenticalAcrossRuns) {
  ExampleTwin ex;
  auto first = ex.run({"plan", "--json"});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ex.run({"plan", "--json"}).out, first.out);
}

TEST(PlanFormats, ApplyRunsExactlyThePlannedStepsInOrder) {
  ExampleTwin ex;
  auto plan = nlohmann::json::parse(ex.run({"plan", "--json"}).out);
  auto apply = ex.run({"apply", "--yes"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  std::vector<std::pair<std::string, std::string>> planned;
  for (const auto& s : plan["steps"]) planned.emplace_back(s["action"], s["address"]);
  EXPECT_EQ(applied_steps(apply.out), planned);
}

TEST(PlanFormats, SavedPlanAppliesWhileCurrentAndIsRefusedWhenStale) {
  ExampleTwin ex;
  std::string saved = (ex.tmp / "plan.json").string();
  auto plan = ex.run({"plan", "--out", saved});
  EXPECT_EQ(plan.exit_code, 2);
  EXPECT_THAT(plan.out, HasSubstr("Saved the plan to " + saved));

  // The machine drifts after the plan was made: the plan no longer holds.
  write_text(ex.root / "etc/motd", "edited by hand\n");
  auto stale = run_twin({"apply", saved, "--yes"}, "/");
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.err, HasSubstr("is stale"));
  EXPECT_EQ(read_text(ex.root / "etc/motd"), "edited by hand\n");

  // Planned again, it applies from anywhere: the file names twin and root.
  ASSERT_EQ(ex.run({"plan", "--out", saved}).exit_code, 2);
  auto apply = run_twin({"apply", saved, "--yes"}, "/");
  EXPECT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_THAT(apply.out, HasSubstr("The saved plan is current (6 step(s))"));
  EXPECT_EQ(ex.run({"plan"}).exit_code, 0);
}

TEST(PlanFormats, SavedPlanThatIsNotAPlanIsAClearError) {
  ExampleTwin ex;
  write_text(ex.tmp / "junk.json", "{\"hello\": 1}");
  auto r = run_twin({"apply", (ex.tmp / "junk.json").string(), "--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("not a saved plan"));
}

TEST(PlanFormats, SecretsNeverShowInTextOrJson) {
  ExampleTwin ex;
  write_text(ex.root / "etc/app.env", "DB_PASSWORD=hunter2\n");
  write_text(ex.twin / "state/secrets.twin",
             "file \"/etc/app.env\" {\n  content = \"DB_PASSWORD=swordfish\\n\"\n}\n"
             "file \"/etc/api.conf\" {\n  content = \"opaque\\n\"\n  sensitive = true\n}\n");
  for (auto args : {std::vector<std::string>{"plan"}, {"plan", "--json"}}) {
    auto r = ex.run(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_THAT(r.out, Not(HasSubstr("hunter2")));
    EXPECT_THAT(r.out, Not(HasSubstr("swordfish")));
    EXPECT_THAT(r.out, Not(HasSubstr("opaque")));
    EXPECT_THAT(r.out, HasSubstr("sensitive: 1 lines changed, digest "));
  }
  auto apply = ex.run({"apply", "--yes"});
  EXPECT_THAT(apply.out, Not(HasSubstr("swordfish")));
  EXPECT_EQ(read_text(ex.root / "etc/api.conf"), "opaque\n");
  EXPECT_EQ(read_text(ex.root / "etc/app.env"), "DB_PASSWORD=swordfish\n");
}

// A short secret's plain SHA-256 could be matched against guesses: plans
// and saved plans digest sensitive content under the machine's own key.
TEST(PlanFormats, SensitiveContentIsDigestedWithTheMachinesKeyNotPlainSha256) {
  ExampleTwin ex;
  write_text(ex.root / "etc/pin.conf", "password=1234\n");
  write_text(ex.twin / "state/pin.twin",
             "file \"/etc/pin.conf\" {\n  content = \"password=4321\\n\"\n}\n");
  auto r = ex.run({"plan", "--json"});
  ASSERT_EQ(r.exit_code, 2) << r.err;
  const std::string old_plain = lang::sha256_hex("password=1234\n");
  const std::string new_plain = lang::sha256_hex("password=4321\n");
  EXPECT_THAT(r.out, Not(HasSubstr(old_plain.substr(0, 8))));
  EXPECT_THAT(r.out, Not(HasSubstr(new_plain.substr(0, 8))));
  nlohmann::json plan = nlohmann::json::parse(r.out), change;
  for (const auto& step : plan["steps"])
    if (step["title"] == "/etc/pin.conf") change = step["changes"][0];
  ASSERT_TRUE(change.is_object()) << r.out;
  EXPECT_FALSE(change["content"].contains("old_sha256"));
  EXPECT_EQ(change["content"]["old_digest"].get<std::string>().rfind("hmac-sha256:", 0), 0u);

  // The key is the machine's: private, never committed, and the same next
  // time, so a saved plan's fingerprint still matches.
  auto key = ex.twin / ".twin/digest-key";
  ASSERT_TRUE(fs::exists(key));
  EXPECT_EQ(fs::status(key).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(ex.run({"plan", "--json"}).out, r.out);
}

TEST(PlanFormats, FilesUnderEtcSslPrivateAreAlwaysSensitive) {
  ExampleTwin ex;
  write_text(ex.twin / "state/tls.twin",
             "file \"/etc/ssl/private/site.key\" {\n  content = \"not-a-pem-but-private\\n\"\n}\n");
  auto r = ex.run({"plan"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("not-a-pem-but-private")));
  EXPECT_THAT(r.out, HasSubstr("(sensitive: 1 lines changed"));
}

TEST(StatusAndGraph, StatusCountsDriftPerTypeAndExitsTwo) {
  ExampleTwin ex;
  auto r = ex.run({"status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr("file                 6         0         6"));
  EXPECT_THAT(r.out, HasSubstr("DELETE  file[\"/etc/cron.d/legacy-backup\"]"));
  ASSERT_EQ(ex.run({"apply", "--yes"}).exit_code, 0);
  auto clean = ex.run({"status"});
  EXPECT_EQ(clean.exit_code, 0);
  EXPECT_THAT(clean.out, HasSubstr("In sync"));
}

TEST(StatusAndGraph, GraphShowsEdgesAndHighlightsDrift) {
  ExampleTwin ex;
  auto dot = ex.run({"graph"});
  EXPECT_EQ(dot.exit_code, 0);
  EXPECT_THAT(dot.out, HasSubstr("digraph twin {"));
  EXPECT_THAT(dot.out, HasSubstr("n1 -> n2 [label=\"implicit\"]"));
  EXPECT_THAT(dot.out, HasSubstr("label=\"REPLACE file[\\\"/etc/motd\\\"]\", style=filled"));
  auto json = nlohmann::json::parse(ex.run({"graph", "--format", "json"}).out);
  EXPECT_EQ(json["edges"][0]["from"], "file[\"/etc/app\"]");
  EXPECT_EQ(json["edges"][0]["to"], "file[\"/etc/app/app.conf\"]");
  EXPECT_EQ(json["nodes"][3]["drift"], "CHMOD");
}

}  // namespace
}  // namespace twin::cli
