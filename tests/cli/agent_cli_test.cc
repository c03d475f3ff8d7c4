// `twin agent run` and `twin agent status` end to end: a twin made by `twin
// init` from a sandbox root, shared through a bare repository over file://,
// and a second clone where "the fleet" commits changes. The agent pulls
// them and applies, or refuses, as its policy says.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/core/apply_lock.h"
#include "tests/cli/snapshot_cli_support.h"
#include "tests/support/git_sandbox.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using twin::testing::GitSandbox;
using twin::testing::ProgramRun;
using twin::testing::read_text;
using twin::testing::run_program;
using twin::testing::tree_fingerprint;
using twin::testing::write_text;
namespace fs = std::filesystem;
using nlohmann::json;

struct AgentCli : ::testing::Test {
  GitSandbox sb;
  fs::path root = sb / "root";
  fs::path twin = sb / "twin";
  fs::path other = sb / "other";
  fs::path bare;

  void SetUp() override {
    twin::testing::make_snapshot_sandbox(root);
    auto init = twin_cmd({"init", twin.string(), "--root", root.string()});
    ASSERT_EQ(init.exit_code, 0) << init.output;
    bare = sb.bare("remote.git");
    ASSERT_EQ(
        twin_cmd({"remote", "set", "file://" + bare.string(), "--twin", twin.string()}).exit_code,
        0);
    ASSERT_EQ(twin_cmd({"push", "--twin", twin.string()}).exit_code, 0);
    sb.git({"clone", "-q", "file://" + bare.string(), other.string()}, sb.tmp().path());
  }
  ProgramRun twin_cmd(std::vector<std::string> args) {
    args.insert(args.begin(), TWIN_BINARY);
    auto env = sb.env();
    env.push_back("NO_COLOR=1");
    return run_program(args, sb.tmp().path().string(), env);
  }
  ProgramRun agent_run(const std::string& policy) {
    return twin_cmd({"agent", "run", "--twin", twin.string(), "--root", root.string(),
                     "--apply-policy", policy});
  }
  /// A change made elsewhere in the fleet, pushed to the shared remote.
  std::string fleet_commits(const std::string& path, const std::string& text) {
    write_text(other / path, text);
    sb.commit_all(other, "fleet: " + path, "Fleet");
    sb.git({"push", "-q", "origin", "main"}, other);
    return sb.rev(other, "HEAD");
  }
  json last_report() { return json::parse(read_text(twin / ".twin/agent/last.json")); }
};

TEST_F(AgentCli, SafePolicyAppliesASafeChangeThenSnapshotsAndPushes) {
  std::string fleet = fleet_commits("filesystem/etc/motd", "hello from the fleet\n");
  auto run = agent_run("safe");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(read_text(root / "etc/motd"), "hello from the fleet\n");

  json report = last_report();
  EXPECT_EQ(report["version"], 1);
  EXPECT_EQ(report["host"], "sandbox");
  EXPECT_EQ(report["policy"], "safe");
  EXPECT_EQ(report["pull"]["outcome"], "fast-forward");
  ASSERT_EQ(report["pull"]["commits"].size(), 1u);
  EXPECT_THAT(
      report["pull"]["commits"][0].get<std::string>(),
      HasSubstr(fleet.substr(0, 7) + " Fleet <fleet@example.org>: fleet: filesystem/etc/motd"));
  EXPECT_EQ(report["plan"]["lines"], json::array({"REPLACE file[\"/etc/motd\"]"}));
  EXPECT_EQ(report["plan"]["counts"]["REPLACE"], 1);
  EXPECT_EQ(report["risky"], json::array());
  EXPECT_EQ(report["decision"]["outcome"], "applied");
  EXPECT_EQ(report["apply"]["outcome"], "succeeded");
  EXPECT_EQ(report["apply"]["applied_steps"], 1);
  EXPECT_TRUE(fs::is_directory(twin / ".twin/checkpoints" /
                               report["apply"]["checkpoint"].get<std::string>()));
  // The machine now holds exactly what the twin says: the snapshot finds
  // nothing new and commits nothing (an unchanged machine makes no commit).
  EXPECT_EQ(report["snapshot"]["outcome"], "unchanged");
  std::string head = sb.rev(twin, "HEAD");
  EXPECT_EQ(report["snapshot"]["commit"], nullptr);
  EXPECT_EQ(report["commit"]["after"], head);
  EXPECT_NE(report["commit"]["before"], head);
  EXPECT_EQ(report["push"]["outcome"], "pushed");
  EXPECT_EQ(report["errors"], json::array());
  EXPECT_EQ(report["exit_code"], 0);
  // The twin is at the fleet's commit, and so is the remote.
  EXPECT_EQ(sb.rev(bare, "main"), head);
  EXPECT_EQ(head, fleet);
  // The runs are the twin's local state, never committed.
  EXPECT_EQ(sb.git({"ls-files", ".twin"}, twin), "");
  EXPECT_EQ(report, json::parse(read_text(*fs::directory_iterator(twin / ".twin/agent/runs"))));
  // Now the machine matches: the next run has nothing to do.
  auto again = agent_run("safe");
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(last_report()["decision"]["outcome"], "nothing-to-do");
  EXPECT_EQ(last_report()["pull"]["outcome"], "up-to-date");
}

TEST_F(AgentCli, SafePolicyRefusesARiskyChangeAndLeavesTheMachineAlone) {
  std::string fleet =
      fleet_commits("filesystem/etc/sudoers.d/ops", "ops ALL=(ALL) NOPASSWD: ALL\n");
  auto before = tree_fingerprint(root);
  auto run = agent_run("safe");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_EQ(tree_fingerprint(root), before);

  json report = last_report();
  EXPECT_EQ(report["decision"]["outcome"], "refused");
  EXPECT_THAT(report["decision"]["reason"].get<std::string>(),
              HasSubstr("policy safe refuses: W0303 risky change: file[\"/etc/sudoers.d/ops\"]"));
  ASSERT_EQ(report["risky"].size(), 1u);
  EXPECT_EQ(report["risky"][0]["code"], "W0303");
  EXPECT_EQ(report["risky"][0]["address"], "file[\"/etc/sudoers.d/ops\"]");
  EXPECT_EQ(report["risky"][0]["file"], "state/files.twin");
  EXPECT_GT(report["risky"][0]["line"].get<int>(), 0);
  EXPECT_EQ(report["apply"], nullptr);
  // A snapshot would record the machine over the refused change: skipped.
  EXPECT_EQ(report["snapshot"]["outcome"], "skipped");
  EXPECT_THAT(report["snapshot"]["note"].get<std::string>(), HasSubstr("not applied here"));
  EXPECT_EQ(sb.rev(twin, "HEAD"), fleet);
  EXPECT_EQ(read_text(twin / "filesystem/etc/sudoers.d/ops"), "ops ALL=(ALL) NOPASSWD: ALL\n");

  // Policy all applies it.
  auto all = agent_run("all");
  ASSERT_EQ(all.exit_code, 0) << all.output;
  EXPECT_EQ(read_text(root / "etc/sudoers.d/ops"), "ops ALL=(ALL) NOPASSWD: ALL\n");
  EXPECT_EQ(last_report()["decision"]["outcome"], "applied");
  EXPECT_EQ(last_report()["risky"].size(), 1u);  // still reported
}

// No self-approval: a risky change pushed with `allow_risky = true` is a
// request the safe agent refuses; the same change in a commit signed by a
// key of the machine's trust list (ROOT/etc/twinsync/allowed_signers,
// outside the twin) is approved and applied.
TEST_F(AgentCli, SafePolicyAppliesARiskyChangeOnlyWhenATrustedKeySignedIt) {
  fs::path key = sb.tmp().path() / "fleet_key";
  auto made = run_program({"/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "fleet",
                           "-f", key.string()},
                          sb.tmp().path().string(), sb.env());
  ASSERT_EQ(made.exit_code, 0) << made.output;
  std::string pub = read_text(key.string() + ".pub");
  pub = pub.substr(0, pub.rfind(' '));  // "ssh-ed25519 AAAA..."
  write_text(root / "etc/twinsync/allowed_signers", "fleet@example.org " + pub + "\n");

  const char* sudo =
      "file \"/etc/sudoers.d/ops\" {\n  content = \"ops ALL=(ALL) NOPASSWD: ALL\\n\"\n"
      "  allow_risky = true\n}\n";
  fleet_commits("state/sudo.twin", sudo);
  auto before = tree_fingerprint(root);
  auto unsigned_run = agent_run("safe");
  EXPECT_EQ(unsigned_run.exit_code, 2) << unsigned_run.output;
  EXPECT_EQ(tree_fingerprint(root), before);
  json report = last_report();
  ASSERT_EQ(report["risky"].size(), 1u);
  EXPECT_EQ(report["risky"][0]["code"], "W0300");
  EXPECT_THAT(report["risky"][0]["message"].get<std::string>(),
              HasSubstr("(not approved: commit "));
  EXPECT_THAT(report["risky"][0]["message"].get<std::string>(),
              HasSubstr("by Fleet <fleet@example.org> is not signed)"));

  // The same change, signed by the trusted key.
  write_text(other / "state/sudo.twin", std::string(sudo) + "# reviewed\n");
  sb.git({"add", "-A"}, other);
  sb.git({"-c", "gpg.format=ssh", "-c", "user.signingkey=" + key.string(), "commit", "-q", "-S",
          "-m", "ops may sudo (signed)"},
         other, "Fleet");
  sb.git({"push", "-q", "origin", "main"}, other);
  auto signed_run = agent_run("safe");
  ASSERT_EQ(signed_run.exit_code, 0) << signed_run.output;
  EXPECT_EQ(read_text(root / "etc/sudoers.d/ops"), "ops ALL=(ALL) NOPASSWD: ALL\n");
  EXPECT_EQ(last_report()["risky"], json::array());

  // A key the trust list does not hold approves nothing.
  fs::path stranger = sb.tmp().path() / "stranger_key";
  ASSERT_EQ(run_program({"/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                         stranger.string()},
                        sb.tmp().path().string(), sb.env())
                .exit_code,
            0);
  sb.git({"pull", "-q", "--ff-only", "origin", "main"}, other);  // the agent pushed since
  write_text(other / "state/sudo.twin",
             "file \"/etc/sudoers.d/ops\" {\n  content = \"ALL ALL=(ALL) NOPASSWD: ALL\\n\"\n"
             "  allow_risky = true\n}\n");
  sb.git({"add", "-A"}, other);
  sb.git({"-c", "gpg.format=ssh", "-c", "user.signingkey=" + stranger.string(), "commit", "-q",
          "-S", "-m", "everyone may sudo"},
         other, "Fleet");
  sb.git({"push", "-q", "origin", "main"}, other);
  auto stranger_run = agent_run("safe");
  EXPECT_EQ(stranger_run.exit_code, 2) << stranger_run.output;
  EXPECT_EQ(read_text(root / "etc/sudoers.d/ops"), "ops ALL=(ALL) NOPASSWD: ALL\n");
  EXPECT_THAT(last_report()["risky"][0]["message"].get<std::string>(),
              HasSubstr("signed by a key the trust list does not hold"));
}

// The same approval by OpenPGP: a commit signed with a gpg key is checked
// with gpgv against ROOT/etc/twinsync/trusted-keys.gpg (a binary keyring).
TEST_F(AgentCli, SafePolicyAppliesARiskyChangeSignedWithATrustedOpenPgpKey) {
  // gpg keeps its keys under the sandbox's HOME; its agent is stopped at the end.
  struct StopGpgAgent {
    const GitSandbox& sb;
    ~StopGpgAgent() { run_program({"/usr/bin/gpgconf", "--kill", "all"}, sb.tmp().path().string(), sb.env()); }
  } stop_agent{sb};
  auto gpg = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/gpg", "--batch", "--quiet", "--passphrase", ""});
    return run_program(args, sb.tmp().path().string(), sb.env());
  };
  for (const char* user : {"Fleet <fleet@example.org>", "Stranger <stranger@example.org>"}) {
    auto made = gpg({"--quick-gen-key", user, "ed25519", "sign", "never"});
    ASSERT_EQ(made.exit_code, 0) << made.output;
  }
  fs::path keyring = root / "etc/twinsync/trusted-keys.gpg";
  fs::create_directories(keyring.parent_path());
  ASSERT_EQ(gpg({"--output", keyring.string(), "--export", "fleet@example.org"}).exit_code, 0);
  auto commit_signed = [&](const std::string& signer, const std::string& text) {
    write_text(other / "state/sudo.twin",
               "file \"/etc/sudoers.d/ops\" {\n  content = \"" + text + "\\n\"\n}\n");
    sb.git({"add", "-A"}, other);
    sb.git({"-c", "gpg.program=/usr/bin/gpg", "-c", "user.signingkey=" + signer, "commit", "-q",
            "-S", "-m", "sudo for ops"},
           other, "Fleet");
    sb.git({"push", "-q", "origin", "main"}, other);
  };
  auto risky_message = [&] {
    json risky = last_report()["risky"];
    return risky.empty() ? std::string() : risky[0]["message"].get<std::string>();
  };

  // The machine as the agent may change it; the test itself rewrites the keyring.
  auto machine = [&] {
    auto tree = tree_fingerprint(root);
    tree.erase("etc/twinsync/trusted-keys.gpg");
    return tree;
  };

  // Signed, but by a key the trust list does not hold.
  commit_signed("stranger@example.org", "ALL ALL=(ALL) NOPASSWD: ALL");
  auto before = machine();
  EXPECT_EQ(agent_run("safe").exit_code, 2);
  EXPECT_EQ(machine(), before);
  EXPECT_THAT(risky_message(), HasSubstr("signed by a key the trust list does not hold"));

  // Signed by the trusted key, but the trust list was stored armored.
  commit_signed("fleet@example.org", "ops ALL=(ALL) NOPASSWD: ALL");
  fs::remove(keyring);
  ASSERT_EQ(gpg({"--armor", "--output", keyring.string(), "--export", "fleet@example.org"})
                .exit_code,
            0);
  EXPECT_EQ(agent_run("safe").exit_code, 2);
  EXPECT_EQ(machine(), before);
  EXPECT_THAT(risky_message(), HasSubstr("is armored; store it binary"));

  // The binary keyring approves it.
  fs::remove(keyring);
  ASSERT_EQ(gpg({"--output", keyring.string(), "--export", "fleet@example.org"}).exit_code, 0);
  auto trusted = agent_run("safe");
  ASSERT_EQ(trusted.exit_code, 0) << trusted.output;
  EXPECT_EQ(read_text(root / "etc/sudoers.d/ops"), "ops ALL=(ALL) NOPASSWD: ALL\n");
  EXPECT_EQ(last_report()["risky"], json::array());
}

TEST_F(AgentCli, ReportPolicyNeverApplies) {
  fleet_commits("filesystem/etc/motd", "hello from the fleet\n");
  auto before = tree_fingerprint(root);
  auto run = agent_run("report");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_EQ(tree_fingerprint(root), before);
  json report = last_report();
  EXPECT_EQ(report["decision"]["outcome"], "refused");
  EXPECT_THAT(report["decision"]["reason"].get<std::string>(),
              HasSubstr("policy report never applies"));
  EXPECT_EQ(report["plan"]["lines"], json::array({"REPLACE file[\"/etc/motd\"]"}));
  EXPECT_EQ(report["pull"]["outcome"], "fast-forward");
}

TEST_F(AgentCli, WithoutARemoteTheLocalTwinIsUsedAndNothingIsPushed) {
  ASSERT_EQ(twin_cmd({"remote", "remove", "--twin", twin.string()}).exit_code, 0);
  auto run = agent_run("safe");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  json report = last_report();
  EXPECT_EQ(report["pull"]["outcome"], "skipped");
  EXPECT_THAT(report["pull"]["note"].get<std::string>(), HasSubstr("no remote is set"));
  EXPECT_EQ(report["pull"]["remote"], nullptr);
  EXPECT_EQ(report["decision"]["outcome"], "nothing-to-do");
  EXPECT_EQ(report["push"]["outcome"], "skipped");
}

TEST_F(AgentCli, APulledTwinThatDoesNotLoadFailsTheRunAndSaysWhy) {
  fleet_commits("state/broken.twin", "file \"/etc/x\" {\n  mode \"0644\"\n}\n");
  auto before = tree_fingerprint(root);
  auto run = agent_run("all");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(tree_fingerprint(root), before);
  json report = last_report();
  EXPECT_EQ(report["decision"]["outcome"], "failed");
  EXPECT_EQ(report["decision"]["reason"], "the twin does not load");
  EXPECT_EQ(report["plan"], nullptr);
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_THAT(report["errors"][0].get<std::string>(), HasSubstr("state/broken.twin:2"));
  EXPECT_EQ(report["exit_code"], 1);
}

TEST_F(AgentCli, ARunWhileAnotherApplyHoldsTheTwinFailsWithoutTouchingIt) {
  auto lock = engine::ApplyLock::acquire(twin);
  ASSERT_TRUE(lock.ok());
  fleet_commits("filesystem/etc/motd", "hello from the fleet\n");
  std::string head = sb.rev(twin, "HEAD");
  auto run = agent_run("all");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(read_text(root / "etc/motd"), "hello\n");
  EXPECT_EQ(sb.rev(twin, "HEAD"), head);  // not even pulled
  json report = last_report();
  EXPECT_EQ(report["decision"]["outcome"], "failed");
  EXPECT_THAT(report["errors"][0].get<std::string>(), HasSubstr("E1604"));
}

TEST_F(AgentCli, StatusListsTheRunsNewestFirst) {
  auto none = twin_cmd({"agent", "status", "--twin", twin.string(), "--root", root.string()});
  EXPECT_EQ(none.exit_code, 0) << none.output;
  EXPECT_THAT(none.output, HasSubstr("Timer: not installed under " + root.string()));
  EXPECT_THAT(none.output, HasSubstr("No agent run is recorded"));

  fleet_commits("filesystem/etc/motd", "hello from the fleet\n");
  ASSERT_EQ(agent_run("report").exit_code, 2);
  ASSERT_EQ(agent_run("safe").exit_code, 0);
  auto status = twin_cmd({"agent", "status", "--twin", twin.string(), "--root", root.string()});
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_THAT(status.output, HasSubstr("Last 2 run(s), newest first:\n"));
  std::size_t applied = status.output.find("applied       safe    1 step(s) (REPLACE 1)");
  std::size_t refused = status.output.find("refused       report  1 step(s) (REPLACE 1)");
  ASSERT_NE(applied, std::string::npos) << status.output;
  ASSERT_NE(refused, std::string::npos) << status.output;
  EXPECT_LT(applied, refused);
  EXPECT_THAT(status.output, HasSubstr("push pushed"));
  EXPECT_THAT(status.output, HasSubstr("Latest: applied: "));

  auto one = twin_cmd(
      {"agent", "status", "-n", "1", "--json", "--twin", twin.string(), "--root", root.string()});
  ASSERT_EQ(one.exit_code, 0) << one.output;
  json parsed = json::parse(one.output);
  ASSERT_EQ(parsed["runs"].size(), 1u);
  EXPECT_EQ(parsed["runs"][0]["decision"]["outcome"], "applied");
  EXPECT_EQ(parsed["timer"]["installed"], false);
}

TEST_F(AgentCli, OnlyTheLastFiftyRunsAreKept) {
  fs::path runs = twin / ".twin/agent/runs";
  for (int i = 0; i < 55; ++i)
    write_text(runs / ("20000101T0000" + std::to_string(10 + i) + ".000000Z.json"),
               "{\"started_at\": \"2000-01-01T00:00:00Z\"}\n");
  ASSERT_EQ(agent_run("safe").exit_code, 0);
  std::size_t kept = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(runs)) ++kept;
  EXPECT_EQ(kept, 50u);
  EXPECT_FALSE(fs::exists(runs / "20000101T000010.000000Z.json"));  // the oldest went
  EXPECT_TRUE(fs::exists(runs / "20000101T000064.000000Z.json"));
}

}  // namespace
}  // namespace twin::cli
