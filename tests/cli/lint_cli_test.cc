// `twin lint` end to end (the built binary on temp twins, against a sandbox
// root), and the seams between the checker and the other layers: every
// provider has a schema, and the checker's formats agree with the rules the
// providers apply.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/diagnostic_catalog.h"
#include "cli/lint_command.h"
#include "cli/ops/schema_check.h"
#include "lang/value_formats.h"
#include "resources/account_names.h"
#include "resources/cron_syntax.h"
#include "resources/debian_names.h"
#include "resources/file_spec.h"
#include "resources/path_rules.h"
#include "resources/register.h"
#include "resources/systemd_names.h"
#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::run_twin;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

/// A twin with the given manifests and the example's sandbox as root.
struct LintTwin {
  TempDir tmp;
  fs::path twin = tmp / "twin";
  fs::path root = tmp / "root";
  LintTwin(std::initializer_list<std::pair<const char*, const char*>> manifests) {
    fs::copy(fs::path(TWIN_SOURCE_DIR) / "examples/webhost/sandbox", root,
             fs::copy_options::recursive);
    for (const auto& [name, text] : manifests) write_text(twin / "state" / name, text);
    write_text(twin / "files/motd", "hello\n");
  }
  testing::TwinRun lint(std::vector<std::string> args = {}) {
    std::vector<std::string> all = {"lint", "--root", root.string()};
    all.insert(all.end(), args.begin(), args.end());
    return run_twin(all, twin.string());
  }
};

constexpr char kClean[] =
    "file \"/etc/motd\" {\n"
    "  source = \"files/motd\"\n"
    "  mode = \"0644\"\n"
    "}\n";
constexpr char kBadMode[] =
    "file \"/etc/motd\" {\n"
    "  mode = \"0999\"\n"
    "}\n";
constexpr char kRisky[] =
    "file \"/etc/sudoers.d/ops\" {\n"
    "  content = \"ops ALL=(ALL) ALL\\n\"\n"
    "}\n";

TEST(Lint, CleanTwinExitsZero) {
  LintTwin t{{"site.twin", kClean}};
  auto r = t.lint();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "No problems in 1 manifest.\n");
  EXPECT_EQ(r.err, "");
}

TEST(Lint, TheBundledExampleIsClean) {
  fs::path example = fs::path(TWIN_SOURCE_DIR) / "examples/webhost";
  auto r = run_twin({"lint", "--root", (example / "sandbox").string()}, example.string());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(Lint, ErrorsExitOneWithFileLineAndColumn) {
  LintTwin t{{"site.twin", kBadMode}};
  auto r = t.lint();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "state/site.twin:2:10: error[E0206]: invalid mode \"0999\": '9' is not an octal digit\n"
            "    2 |   mode = \"0999\"\n"
            "      |          ^~~~~~\n"
            "help: a mode is 3 or 4 octal digits in a string, e.g. \"0644\"\n"
            "1 error, 0 warnings.\n");
}

TEST(Lint, WarningsPassUnlessStrict) {
  LintTwin t{{"site.twin", kRisky}};
  auto r = t.lint();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("state/site.twin:1:6: warning[W0303]: risky change: "
                               "file[\"/etc/sudoers.d/ops\"] manages sudo's rules\n"));
  EXPECT_THAT(r.out, HasSubstr("0 errors, 1 warning.\n"));
  auto strict = t.lint({"--strict"});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_EQ(strict.out, r.out);
}

TEST(Lint, GithubFormatAnnotatesLines) {
  LintTwin t{{"a.twin", kBadMode}, {"b.twin", kRisky}};
  auto r = t.lint({"--format", "github"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "::error file=state/a.twin,line=2,endLine=2,col=10,endColumn=15,title=E0206::"
            "invalid mode \"0999\": '9' is not an octal digit%0Ahelp: a mode is 3 or 4 octal "
            "digits in a string, e.g. \"0644\"\n"
            "::warning file=state/b.twin,line=1,endLine=1,col=6,endColumn=25,title=W0303::"
            "risky change: file[\"/etc/sudoers.d/ops\"] manages sudo's rules%0Anote: a syntax "
            "error in sudo's rules disables sudo for everyone; a wrong rule gives root away%0Ahelp: if it is intended, approve "
            "it on the machine: `twin apply` asks, or `twin apply --approve-risky FINGERPRINT` "
            "with the fingerprint `twin plan` prints; `allow_risky = true` only marks it as "
            "requested\n");
}

// Annotations stop at what GitHub shows; the job summary lists every
// finding (appended: other steps write there too).
TEST(Lint, GithubFormatWritesEveryFindingToTheJobSummary) {
  std::string many;
  for (int i = 0; i < 12; ++i)
    many += "file \"/etc/f" + std::to_string(i) + "\" {\n  content = \"x\"\n  mode = \"0999\"\n}\n";
  LintTwin t{{"many.twin", many.c_str()}};
  fs::path summary = t.tmp / "summary.md";
  write_text(summary, "earlier step\n");
  auto r = run_twin({"lint", "--root", t.root.string(), "--format", "github"}, t.twin.string(),
                    {{"GITHUB_STEP_SUMMARY", summary.string()}});
  EXPECT_EQ(r.exit_code, 1);
  std::size_t annotations = 0;
  for (std::size_t at = r.out.find("::error "); at != std::string::npos;
       at = r.out.find("::error ", at + 1))
    ++annotations;
  EXPECT_EQ(annotations, 10u) << r.out;
  EXPECT_THAT(r.out, HasSubstr("2 more finding(s) than GitHub shows for one step"));
  std::string md = testing::read_text(summary);
  EXPECT_EQ(md.rfind("earlier step\n### twin lint: 12 error(s), 0 warning(s)\n", 0), 0u) << md;
  EXPECT_THAT(md, HasSubstr("| error | state/many.twin:35:10 | E0206 | invalid mode"));
}

TEST(Lint, TheCodesListIsReadRowByRow) {
  auto rules = twin::cli::parse_diagnostic_catalog(
      "# Codes\n\n| Code | Meaning |\n|---|---|\n| E0101 | unexpected character; see below |\n"
      "| W0302 | remote access (ssh) |\nprose | E0999 | not a row\n| X1 | not a code |\n");
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules["E0101"].short_description, "unexpected character");
  EXPECT_EQ(rules["E0101"].full_description, "unexpected character; see below");
  EXPECT_EQ(rules["W0302"].short_description, "remote access");
  // The embedded list knows every code of lang/codes.md, the risk codes included.
  EXPECT_TRUE(twin::cli::diagnostic_catalog().count("W0313"));
  EXPECT_TRUE(twin::cli::diagnostic_catalog().count("E0131"));
}

// SARIF's rules carry what lang/codes.md says of each code.
TEST(Lint, SarifRulesAreDescribedByTheCodesList) {
  LintTwin t{{"site.twin", kBadMode}};
  auto r = t.lint({"--format", "sarif"});
  auto log = nlohmann::json::parse(r.out);
  const auto& rule = log["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["id"], "E0206");
  EXPECT_THAT(rule["fullDescription"]["text"].get<std::string>(),
              HasSubstr("value or title not in its format"));
  EXPECT_EQ(rule["shortDescription"]["text"], "value or title not in its format: mode, path, package name, version, unit name, user or group name, cron schedule");
  EXPECT_TRUE(log["runs"][0]["results"][0]["partialFingerprints"].contains("twinFinding/v1"));
}

TEST(Lint, GithubPathsAreRelativeToTheWorkingDirectory) {
  LintTwin t{{"site.twin", kBadMode}};
  auto r = run_twin({"lint", "--twin", "twin", "--root", t.root.string(), "--format", "github"},
                    t.tmp.path().string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("::error file=twin/state/site.twin,line=2,"));
}

TEST(Lint, JsonAndSarifFormats) {
  LintTwin t{{"site.twin", kBadMode}};
  auto json = t.lint({"--format", "json"});
  EXPECT_EQ(json.exit_code, 1);
  auto parsed = nlohmann::json::parse(json.out);
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0]["code"], "E0206");
  EXPECT_EQ(parsed[0]["file"], "state/site.twin");
  EXPECT_EQ(parsed[0]["line"], 2);

  auto sarif = t.lint({"--format", "sarif"});
  EXPECT_EQ(sarif.exit_code, 1);
  auto log = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["name"], "twin");
  EXPECT_EQ(log["runs"][0]["results"][0]["ruleId"], "E0206");
  EXPECT_EQ(log["runs"][0]["originalUriBaseIds"]["TWINROOT"]["uri"],
            "file://" + fs::canonical(t.twin).string() + "/");
}

TEST(Lint, UnknownFormatIsAUsageError) {
  LintTwin t{{"site.twin", kClean}};
  auto r = t.lint({"--format", "xml"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--format"));
}

TEST(Lint, PathsLimitTheReportToThoseManifests) {
  LintTwin t{{"a.twin", kBadMode}, {"b.twin", kRisky}};
  auto r = t.lint({"state/b.twin"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("W0303"));
  EXPECT_THAT(r.out, Not(HasSubstr("E0206")));
  auto missing = t.lint({"state/nope.twin"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("E1204"));
  EXPECT_EQ(missing.out, "");
}

TEST(Lint, ProvidersValidateAgainstTheRoot) {
  LintTwin t{{"site.twin", "file \"/etc/motd\" {\n  owner = \"nobody-here\"\n}\n"}};
  auto r = t.lint();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("error[E0308]: unknown user \"nobody-here\" on the target"));
}

TEST(Lint, SyntaxErrorsStopBeforeTheChecker) {
  LintTwin t{{"site.twin", "file \"/etc/motd\" {\n  mode \"0999\"\n}\n"}};
  auto r = t.lint();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("error[E0001]"));
  EXPECT_THAT(r.out, Not(HasSubstr("E0206")));
}

TEST(Lint, NotATwinIsAnError) {
  TempDir tmp;
  auto r = run_twin({"lint"}, tmp.path().string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[E1201]: no twin here and none remembered"));
  EXPECT_EQ(r.out, "");
}

TEST(Lint, TwoSpellingsOfOneUnitAreADuplicate) {
  LintTwin t{{"a.twin", "service \"cron\" {\n  enabled = true\n}\n"},
             {"b.twin", "service \"cron.service\" {\n  enabled = false\n}\n"}};
  auto r = t.lint();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("state/b.twin:1:9: error[E0202]: duplicate resource "
                               "service[\"cron.service\"]"));
  EXPECT_THAT(r.out, HasSubstr("service[\"cron\"] and service[\"cron.service\"] both name "
                               "cron.service"));
  // Two different units are not.
  LintTwin two{{"a.twin", "service \"cron\" {\n  enabled = true\n}\n"},
               {"b.twin", "service \"cron.timer\" {\n  enabled = false\n}\n"}};
  EXPECT_THAT(two.lint().out, Not(HasSubstr("E0202")));
}

TEST(Lint, APersonsDeclarationOverridesTheGeneratedOne) {
  LintTwin t{{"files.twin", "file \"/etc/motd\" {\n  content = \"generated\\n\"\n}\n"},
             {"site.twin", "file \"/etc/motd\" {\n  content = \"by hand\\n\"\n}\n"}};
  auto lint = t.lint({"--strict"});
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  auto plan = run_twin({"plan", "--root", t.root.string()}, t.twin.string());
  EXPECT_EQ(plan.exit_code, 2) << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("+by hand"));
  EXPECT_THAT(plan.out, Not(HasSubstr("+generated")));
  // Two hand-written declarations are still a duplicate.
  LintTwin both{{"a.twin", "file \"/etc/motd\" {\n  content = \"a\\n\"\n}\n"},
                {"site.twin", "file \"/etc/motd\" {\n  content = \"b\\n\"\n}\n"}};
  EXPECT_THAT(both.lint().out, HasSubstr("error[E0202]"));
}

TEST(Lint, PlanRunsTheCheckerToo) {
  LintTwin t{{"site.twin", kBadMode}};
  auto r = run_twin({"plan", "--root", t.root.string()}, t.twin.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("state/site.twin:2:10: error[E0206]: invalid mode \"0999\""));
}

TEST(Lint, EveryProviderHasASchema) {
  engine::ProviderRegistry registry;
  resources::register_builtin_providers(registry);
  ASSERT_FALSE(registry.types().empty());
  for (const std::string& type : registry.types())
    EXPECT_NE(ops::builtin_schemas().find_type(type), nullptr) << type;
}

// The checker checks formats with the rules resources registers
// (resources/value_formats.h); these tables keep proving that the schemas
// `twin` loads use them and agree with what the providers accept.
TEST(Lint, CheckerFormatsAgreeWithTheProviders) {
  const lang::FormatRegistry& formats = ops::builtin_schemas().formats();
  for (const char* mode : {"0644", "644", "7777", "0999", "64", "00644", "64a"})
    EXPECT_EQ(!formats.check("mode", mode), resources::parse_mode(mode).has_value()) << mode;
  for (const char* path : {"/", "/etc/motd", "etc", "/etc/", "/a//b", "/a/./b", "/a/../b", ""}) {
    EXPECT_EQ(!formats.check("absolute_path", path), !resources::absolute_path_problem(path))
        << path;
    EXPECT_EQ(!formats.check("relative_path", path), !resources::relative_path_problem(path))
        << path;
  }
  for (const char* name : {"nginx", "g++", "libc6", "x", "Nginx", "-a", "a b", "0ad", "a_b"})
    EXPECT_EQ(!formats.check("package_name", name), !resources::package_name_problem(name)) << name;
  for (const char* version : {"1.0", "1:2.0-1", "1.0-", "a1", "1:", ":1", "1.0~rc1+b2", "1_0"})
    EXPECT_EQ(!formats.check("debian_version", version), !resources::version_problem(version))
        << version;
  for (const char* unit : {"nginx", "getty@tty1", "getty@", "@x", "a.mount", "x.servce", "-x",
                           "a b", "apt-daily.timer", "a.b.c"})
    EXPECT_EQ(!formats.check("unit_name", unit), !resources::normalize_unit_name(unit).problem)
        << unit;
  for (const char* user : {"alice", "_apt", "host$", "Alice", "0day", "a.b", "a$b", ""})
    EXPECT_EQ(!formats.check("user_name", user), resources::is_valid_user_name(user)) << user;
  for (const char* schedule : {"0 3 * * *", "@daily", "@dayly", "61 * * * *", "* * * *",
                               "*/5 1-3 * jan-mar mon,fri", "5-1 * * * *", "* * * * 8",
                               "1,,2 * * * *", "*/0 * * * *"})
    EXPECT_EQ(!formats.check("cron_schedule", schedule), !resources::check_schedule(schedule))
        << schedule;
}

}  // namespace
}  // namespace twin::cli
