// Every read-only report speaks JSON (SPEC.md §7, JSON reports): the real
// binary on a twin made by `twin init` from a sandbox root (private HOME),
// each report parsed from stdout alone (notes go to stderr), with its
// "format" and "version" and the facts the text report shows. `reconcile
// --dry-run` takes every flag `plan` takes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/snapshot_cli_support.h"

namespace twin::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ::testing::HasSubstr;

class JsonReports : public ::testing::Test {
 protected:
  void SetUp() override {
    make_snapshot_sandbox(root_);
    auto init = twin({"init", dir_.string(), "--root", root_.string(), "--device", "web1"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  }
  TwinRun twin(std::vector<std::string> args) {
    return run_twin_at_home(home_.path(), args, work_.path().string());
  }
  /// `twin ARGS --twin DIR`, its stdout parsed as one JSON report of `kind`.
  json report(std::vector<std::string> args, const std::string& kind, int exit_code = 0) {
    args.insert(args.end(), {"--twin", dir_.string()});
    auto run = twin(args);
    EXPECT_EQ(run.exit_code, exit_code) << run.out << run.err;
    json parsed = json::parse(run.out, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(parsed.is_discarded()) << "stdout is not JSON:\n" << run.out;
    if (parsed.is_discarded()) return json::object();
    EXPECT_EQ(parsed["format"], "twinsync-" + kind) << run.out;
    EXPECT_EQ(parsed["version"], kind == "plan" ? 2 : 1) << run.out;
    return parsed;
  }

  TempDir home_, work_;
  fs::path root_ = work_ / "root";
  fs::path dir_ = work_ / "twin";
};

TEST_F(JsonReports, StatusCountsPerTypeAndListsWhatDrifts) {
  json clean = report({"status", "--json"}, "status");
  EXPECT_EQ(clean["in_sync"], true);
  EXPECT_EQ(clean["drifted"], json::array());
  EXPECT_EQ(clean["root"], fs::canonical(root_).string());

  write_text(root_ / "etc/motd", "edited by hand\n");
  json drift = report({"status", "--json"}, "status", 2);
  EXPECT_EQ(drift["in_sync"], false);
  ASSERT_EQ(drift["drifted"].size(), 1u) << drift.dump(2);
  EXPECT_EQ(drift["drifted"][0]["address"], "file[\"/etc/motd\"]");
  EXPECT_EQ(drift["drifted"][0]["action"], "REPLACE");
  bool counted = false;
  for (const auto& row : drift["types"])
    if (row["type"] == "file") {
      counted = true;
      EXPECT_EQ(row["drift"], 1);
      EXPECT_EQ(row["in_sync"].get<int>() + 1, row["declared"].get<int>());
    }
  EXPECT_TRUE(counted) << drift.dump(2);
}

TEST_F(JsonReports, ReconcileDryRunTakesThePlansFlags) {
  write_text(root_ / "etc/motd", "edited by hand\n");
  json plan = report({"reconcile", "--dry-run", "--json"}, "plan", 2);
  ASSERT_EQ(plan["steps"].size(), 1u) << plan.dump(2);
  EXPECT_EQ(plan["steps"][0]["address"], "file[\"/etc/motd\"]");

  fs::path saved = work_ / "plan.json";
  auto summary = twin({"reconcile", "--dry-run", "--summary", "--out", saved.string(), "--twin",
                       dir_.string()});
  EXPECT_EQ(summary.exit_code, 2) << summary.err;
  EXPECT_THAT(summary.out, HasSubstr("REPLACE file[\"/etc/motd\"]"));
  EXPECT_TRUE(fs::exists(saved));

  // Without --dry-run they would be ignored by an apply: a usage error instead.
  auto mixed = twin({"reconcile", "--yes", "--json", "--twin", dir_.string()});
  EXPECT_EQ(mixed.exit_code, 1);
  EXPECT_THAT(mixed.err, HasSubstr("go with --dry-run"));
  EXPECT_EQ(read_text(root_ / "etc/motd"), "edited by hand\n");
}

TEST_F(JsonReports, HistoryGivesEveryCommitWithItsMessage) {
  json history = report({"history", "--json"}, "history");
  ASSERT_EQ(history["commits"].size(), 1u) << history.dump(2);
  const json& first = history["commits"][0];
  EXPECT_EQ(first["id"].get<std::string>().size(), 40u);
  EXPECT_THAT(first["subject"].get<std::string>(), HasSubstr("snapshot"));
  EXPECT_THAT(first["message"].get<std::string>(), HasSubstr("by twin init"));
  EXPECT_EQ(first["parents"], json::array());
}

TEST_F(JsonReports, CheckpointsListAndShowTheApplies) {
  write_text(root_ / "etc/motd", "edited by hand\n");
  auto applied = twin({"apply", "--yes", "--twin", dir_.string()});
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;

  json list = report({"checkpoints", "--json"}, "checkpoints");
  ASSERT_EQ(list["checkpoints"].size(), 1u) << list.dump(2);
  const json& cp = list["checkpoints"][0];
  EXPECT_EQ(cp["outcome"], "completed");
  EXPECT_EQ(cp["steps_done"], 1);
  EXPECT_EQ(cp["steps_planned"], 1);
  EXPECT_EQ(list["retention"]["keep"], 20);

  json shown = report({"checkpoints", "show", cp["id"].get<std::string>(), "--json"},
                      "checkpoint");
  EXPECT_EQ(shown["checkpoint"]["id"], cp["id"]);
  EXPECT_EQ(shown["steps_done"], json::array({"file[\"/etc/motd\"]"}));
  EXPECT_EQ(shown["plan"]["format"], "twinsync-plan");
  EXPECT_EQ(shown["resumed_plan"], nullptr);
}

TEST_F(JsonReports, LogsGiveErrorLinesWithTheirNumbersAndGrepMatches) {
  json logs = report({"logs", "--json"}, "logs");
  json syslog;
  for (const auto& log : logs["logs"])
    if (log["name"] == "syslog.log") syslog = log;
  ASSERT_TRUE(syslog.is_object()) << logs.dump(2);
  EXPECT_EQ(syslog["errors"], json::parse(R"([{"line": 2, "text": "kernel: error: disk full"}])"));
  EXPECT_EQ(syslog["text"], "ok\nkernel: error: disk full\nfine\n");

  json errors_only = report({"logs", "--errors", "--json"}, "logs");
  for (const auto& log : errors_only["logs"]) EXPECT_FALSE(log.contains("text"));

  json grep = report({"logs", "--grep", "fin", "--json"}, "logs");
  EXPECT_EQ(grep["matches"], json::parse(R"([{"log": "syslog.log", "line": 3, "text": "fine"}])"));
}

// The text list of error lines cuts a multi-KB line (apt's history) and
// says how much it left out; --json keeps it whole.
TEST_F(JsonReports, LongErrorLinesAreCutInTheTextListOnly) {
  std::string long_line = "E: failed " + std::string(5000, 'x');
  write_text(dir_ / "logs/current/syslog.log", long_line + "\n");
  auto text = twin({"logs", "--errors", "--twin", dir_.string()});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("E: failed xxx"));
  EXPECT_THAT(text.out, HasSubstr("… (4810 more bytes)"));
  EXPECT_THAT(text.out, ::testing::Not(HasSubstr(long_line)));
  json whole = report({"logs", "--errors", "--json"}, "logs");
  bool kept = false;
  for (const auto& log : whole["logs"])
    for (const auto& e : log["errors"]) kept |= e["text"] == long_line;
  EXPECT_TRUE(kept);
}

TEST_F(JsonReports, ConfigShowGivesEveryKeyWithTheDefaults) {
  json config = report({"config", "show", "--json"}, "config");
  EXPECT_EQ(config["config"]["device"], "web1");
  EXPECT_EQ(config["config"]["files.roots"], json::array({"/etc", "~/.config"}));
  EXPECT_EQ(config["config"]["files.max_size"], "1048576");
  auto get = twin({"config", "get", "device", "--json", "--twin", dir_.string()});
  EXPECT_EQ(get.exit_code, 1);
  EXPECT_THAT(get.err, HasSubstr("--json goes with `twin config show`"));
}

TEST_F(JsonReports, ModulesCheckDepsAndAgentStatus) {
  json modules = report({"modules", "list", "--json"}, "modules");
  EXPECT_EQ(modules["modules"], json::array());

  auto deps = twin({"check-deps", "--json"});
  json parsed = json::parse(deps.out, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << deps.out;
  EXPECT_EQ(parsed["format"], "twinsync-check-deps");
  bool saw_dpkg = false;
  for (const auto& c : parsed["commands"])
    if (c["command"] == "dpkg") {
      saw_dpkg = true;
      EXPECT_EQ(c["present"], true);
      EXPECT_EQ(c["required"], true);
    }
  EXPECT_TRUE(saw_dpkg) << deps.out;
  EXPECT_EQ(deps.exit_code, parsed["ok"].get<bool>() ? 0 : 1);

  json agent = report({"agent", "status", "--json"}, "agent-status");
  EXPECT_EQ(agent["runs"], json::array());
  EXPECT_EQ(agent["timer"]["installed"], false);
}

// A remembered twin is announced on stderr, so stdout stays one report.
TEST_F(JsonReports, TheRememberedTwinIsAnnouncedOnStderr) {
  auto status = run_twin_at_home(home_.path(), {"status", "--json"}, "/");
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_FALSE(json::parse(status.out, nullptr, false).is_discarded()) << status.out;
  EXPECT_THAT(status.err, HasSubstr("remembered"));
}

}  // namespace
}  // namespace twin::testing
