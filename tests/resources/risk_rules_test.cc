// The risky-change rules: which declarations warn (W03xx), which do not, and
// that `allow_risky = true` only marks them as requested (W0300).
#include "resources/risk_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lang/load.h"

namespace twin::resources {
namespace {

constexpr char kApproveHint[] =
    "if it is intended, approve it on the machine: `twin apply` asks, or `twin apply "
            "--approve-risky FINGERPRINT` with the fingerprint `twin plan` prints; `allow_risky = true` "
            "only marks it as requested";


struct Case {
  const char* name;
  const char* manifest;
  const char* code;  // "" when no warning is expected
  const char* message;
};

const Case kCases[] = {
    // Removing a package is an ordinary change; the package provider flags
    // the removal of an Essential or required one on the plan (W0301).
    {"PackageAbsent", "package \"vim\" {\n  ensure = \"absent\"\n}\n", "", ""},
    {"PackagePurged", "package \"openssh-server\" {\n  ensure = \"purged\"\n}\n", "", ""},
    {"PackagePresent", "package \"vim\" {\n  ensure = \"present\"\n}\n", "", ""},
    {"UnlistedPackages", "packages \"unlisted\" {\n  ensure = \"absent\"\n}\n", "", ""},
    {"PackageWithoutEnsure", "package \"vim\" {\n}\n", "", ""},
    {"SshDisabled", "service \"ssh\" {\n  enabled = false\n}\n", "W0302",
     "risky change: service[\"ssh\"] is disabled (enabled = false)"},
    {"SshdStopped", "service \"sshd.service\" {\n  running = false\n}\n", "W0302",
     "risky change: service[\"sshd.service\"] is stopped (running = false)"},
    {"SshRunning", "service \"ssh\" {\n  enabled = true\n  running = true\n}\n", "", ""},
    {"OtherServiceStopped", "service \"nginx\" {\n  running = false\n}\n", "", ""},
    {"Sudoers", "file \"/etc/sudoers\" {\n  content = \"\"\n}\n", "W0303",
     "risky change: file[\"/etc/sudoers\"] manages sudo's rules"},
    {"SudoersDropIn", "file \"/etc/sudoers.d/ops\" {\n  content = \"\"\n}\n", "W0303",
     "risky change: file[\"/etc/sudoers.d/ops\"] manages sudo's rules"},
    {"SudoersLookalike", "file \"/etc/sudoers.dist\" {\n  content = \"\"\n}\n", "", ""},
    {"Shadow", "file \"/etc/shadow\" {\n  mode = \"0640\"\n}\n", "W0304",
     "risky change: file[\"/etc/shadow\"] manages an account database"},
    {"Passwd", "file \"/etc/passwd\" {\n  content = \"\"\n}\n", "W0304",
     "risky change: file[\"/etc/passwd\"] manages an account database"},
    {"Gshadow", "file \"/etc/gshadow\" {\n  content = \"\"\n}\n", "W0304",
     "risky change: file[\"/etc/gshadow\"] manages an account database"},
    {"SshdConfig", "file \"/etc/ssh/sshd_config\" {\n  content = \"\"\n}\n", "W0305",
     "risky change: file[\"/etc/ssh/sshd_config\"] manages the SSH server's configuration"},
    {"SshdConfigDropIn", "file \"/etc/ssh/sshd_config.d/10-port.conf\" {\n}\n", "W0305",
     "risky change: file[\"/etc/ssh/sshd_config.d/10-port.conf\"] manages the SSH server's "
     "configuration"},
    {"SshClientConfig", "file \"/etc/ssh/ssh_config\" {\n}\n", "", ""},
    {"Fstab", "file \"/etc/fstab\" {\n  content = \"\"\n}\n", "W0306",
     "risky change: file[\"/etc/fstab\"] manages what the machine mounts at boot"},
    {"BootFile", "file \"/boot/grub/grub.cfg\" {\n  ensure = \"absent\"\n}\n", "W0306",
     "risky change: file[\"/boot/grub/grub.cfg\"] manages boot files"},
    {"BootItself", "file \"/boot\" {\n  ensure = \"directory\"\n}\n", "W0306",
     "risky change: file[\"/boot\"] manages boot files"},
    {"Bootstrap", "file \"/bootstrap\" {\n}\n", "", ""},
    {"Motd", "file \"/etc/motd\" {\n  content = \"\"\n}\n", "", ""},
    // allow_risky is a request, not an approval: still flagged, as W0300.
    {"RequestedSudoers",
     "file \"/etc/sudoers.d/ops\" {\n  content = \"\"\n  allow_risky = true\n}\n", "W0300",
     "risky change: file[\"/etc/sudoers.d/ops\"] manages sudo's rules [W0303, requested with "
     "allow_risky]"},
    {"AllowedPackageRemoval",
     "package \"vim\" {\n  ensure = \"absent\"\n  allow_risky = true\n}\n", "", ""},
    {"NotAllowedWhenFalse",
     "service \"ssh\" {\n  running = false\n  allow_risky = false\n}\n", "W0302",
     "risky change: service[\"ssh\"] is stopped (running = false)"},
};

class RiskCases : public ::testing::TestWithParam<Case> {};

TEST_P(RiskCases, WarnAsThePolicySays) {
  const Case& c = GetParam();
  lang::DiagnosticSink sink;
  auto resources = lang::load_sources({lang::make_source("state/a.twin", c.manifest)}, sink);
  ASSERT_FALSE(sink.has_errors());
  ASSERT_EQ(resources.size(), 1u);
  for (const auto& resource : resources) judge_risk(resource, sink);
  if (std::string(c.code).empty()) {
    EXPECT_TRUE(sink.empty()) << sink.all().front().message;
    return;
  }
  ASSERT_EQ(sink.all().size(), 1u);
  const lang::Diagnostic& d = sink.all()[0];
  EXPECT_EQ(d.severity, lang::Severity::kWarning);
  EXPECT_EQ(d.code, c.code);
  EXPECT_EQ(d.message, c.message);
  EXPECT_EQ(d.hint, kApproveHint);
  EXPECT_EQ(d.span.begin, resources[0].title_span.begin);
  EXPECT_EQ(d.span.end, resources[0].title_span.end);
  ASSERT_EQ(d.notes.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Table, RiskCases, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Risk, OneWarningPerResourceRenderedLikeAnyDiagnostic) {
  lang::DiagnosticSink sink;
  auto resources = lang::load_sources(
      {lang::make_source("state/a.twin",
                         "service \"ssh\" {\n  enabled = false\n  running = false\n}\n")},
      sink);
  for (const auto& resource : resources) judge_risk(resource, sink);
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(lang::render_text(sink.all()[0]),
            "state/a.twin:1:9: warning[W0302]: risky change: service[\"ssh\"] is disabled "
            "(enabled = false)\n"
            "    1 | service \"ssh\" {\n"
            "      |         ^~~~~\n"
            "note: a mistake here can lock everyone out of the machine\n"
            "help: " + std::string(kApproveHint) + "\n");
  EXPECT_EQ(sink.warning_count(), 1u);
  EXPECT_FALSE(sink.has_errors());
}

TEST(Risk, EveryRuleHasAWarningCodeAndText) {
  for (const RiskRule& rule : risk_rules()) {
    EXPECT_TRUE(rule.code.starts_with("W03")) << rule.code;
    EXPECT_FALSE(rule.type.empty());
    EXPECT_FALSE(rule.change.empty());
    EXPECT_FALSE(rule.danger.empty());
    EXPECT_EQ(rule.attribute.empty(), rule.values.empty()) << rule.code;
  }
}

}  // namespace
}  // namespace twin::resources
