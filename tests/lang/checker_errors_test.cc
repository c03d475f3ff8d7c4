// The type checker against the stdlib schemas: one case per kind of error,
// each with the exact rendered diagnostic (caret and hint included).
#include "lang/checker.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/lang/checker_test_util.h"

namespace twin::lang {
namespace {

using testing::check_errors;

struct Case {
  const char* name;
  const char* manifest;
  const char* expected;
};

// Keeps each expected text readable: the manifest lines the caret points at
// are written out in full.
const Case kCases[] = {
    {"UnknownTypeWithSuggestion",
     "fille \"/etc/motd\" {\n}\n",
     "state/a.twin:1:1: error[E0201]: unknown resource type `fille`\n"
     "    1 | fille \"/etc/motd\" {\n"
     "      | ^~~~~\n"
     "help: did you mean `file`?\n"},
    {"UnknownTypeListsTheTypes",
     "repository \"debian\" {\n}\n",
     "state/a.twin:1:1: error[E0201]: unknown resource type `repository`\n"
     "    1 | repository \"debian\" {\n"
     "      | ^~~~~~~~~~\n"
     "help: known resource types: accounts, crontab, crontabs, file, group, mirror, package, "
     "packages, service, user\n"},
    {"UnknownAttributeWithSuggestion",
     "file \"/etc/motd\" {\n  modee = \"0644\"\n}\n",
     "state/a.twin:2:3: error[E0203]: unknown attribute `modee` for a file\n"
     "    2 |   modee = \"0644\"\n"
     "      |   ^~~~~\n"
     "help: did you mean `mode`?\n"},
    {"UnknownAttributeListsWhatIsAccepted",
     "service \"nginx\" {\n  colour = \"red\"\n}\n",
     "state/a.twin:2:3: error[E0203]: unknown attribute `colour` for a service\n"
     "    2 |   colour = \"red\"\n"
     "      |   ^~~~~~\n"
     "help: a service accepts: `enabled`, `running`, `masked` (and the metaparameters `require`, "
     "`before`, `notify`, `subscribe`, `allow_risky`)\n"},
    {"MetaparameterOfOtherTypesIsUnknown",
     "service \"nginx\" {\n  sensitive = true\n}\n",
     "state/a.twin:2:3: error[E0203]: unknown attribute `sensitive` for a service\n"
     "    2 |   sensitive = true\n"
     "      |   ^~~~~~~~~\n"
     "help: a service accepts: `enabled`, `running`, `masked` (and the metaparameters `require`, "
     "`before`, `notify`, `subscribe`, `allow_risky`)\n"},
    {"WrongType",
     "file \"/etc/motd\" {\n  mode = 644\n}\n",
     "state/a.twin:2:10: error[E0204]: attribute `mode` must be a string, not int\n"
     "    2 |   mode = 644\n"
     "      |          ^~~\n"
     "help: write `mode = \"0644\"`\n"},
    {"WrongTypeOfAMetaparameter",
     "package \"nginx\" {\n  allow_risky = \"yes\"\n}\n",
     "state/a.twin:2:17: error[E0204]: attribute `allow_risky` must be a bool, not string\n"
     "    2 |   allow_risky = \"yes\"\n"
     "      |                 ^~~~~\n"
     "help: write `allow_risky = true`\n"},
    {"WrongTypeOfAReferenceList",
     "service \"app\" {\n  require = \"file[/etc/app]\"\n}\n",
     "state/a.twin:2:13: error[E0204]: attribute `require` must be a reference or a list of "
     "references, not string\n"
     "    2 |   require = \"file[/etc/app]\"\n"
     "      |             ^~~~~~~~~~~~~~~~\n"
     "help: write `require = [file[\"/etc/motd\"]]`\n"},
    {"WrongTypeOfAListElement",
     "service \"app\" {\n  before = [1]\n}\n",
     "state/a.twin:2:13: error[E0204]: element 1 of `before` must be a reference, not int\n"
     "    2 |   before = [1]\n"
     "      |             ^\n"
     "help: write `before = [file[\"/etc/motd\"]]`\n"},
    {"BadEnumValueWithSuggestion",
     "file \"/etc/app\" {\n  ensure = \"directroy\"\n}\n",
     "state/a.twin:2:12: error[E0205]: invalid value \"directroy\" for `ensure`\n"
     "    2 |   ensure = \"directroy\"\n"
     "      |            ^~~~~~~~~~~\n"
     "help: did you mean \"directory\"? allowed values: \"file\", \"directory\", \"link\", \"absent\"\n"},
    {"BadEnumValueListsTheValues",
     "crontab \"alice\" {\n  ensure = \"gone\"\n}\n",
     "state/a.twin:2:12: error[E0205]: invalid value \"gone\" for `ensure`\n"
     "    2 |   ensure = \"gone\"\n"
     "      |            ^~~~~~\n"
     "help: allowed values: \"present\", \"absent\"\n"},
    {"BadMode",
     "file \"/etc/motd\" {\n  mode = \"0999\"\n}\n",
     "state/a.twin:2:10: error[E0206]: invalid mode \"0999\": '9' is not an octal digit\n"
     "    2 |   mode = \"0999\"\n"
     "      |          ^~~~~~\n"
     "help: a mode is 3 or 4 octal digits in a string, e.g. \"0644\"\n"},
    {"BadModeWithALetter",
     "file \"/etc/motd\" {\n  mode = \"644x\"\n}\n",
     "state/a.twin:2:10: error[E0206]: invalid mode \"644x\": 'x' is not an octal digit\n"
     "    2 |   mode = \"644x\"\n"
     "      |          ^~~~~~\n"
     "help: a mode is 3 or 4 octal digits in a string, e.g. \"0644\"\n"},
    {"RelativeFileTitle",
     "file \"etc/motd\" {\n}\n",
     "state/a.twin:1:6: error[E0206]: invalid path \"etc/motd\" in the title: path must be "
     "absolute\n"
     "    1 | file \"etc/motd\" {\n"
     "      |      ^~~~~~~~~~\n"
     "help: write an absolute, normal path, e.g. \"/etc/motd\" (no '.', '..', '//' or trailing "
     "'/')\n"},
    {"NonNormalFileTitle",
     "file \"/etc/../motd\" {\n}\n",
     "state/a.twin:1:6: error[E0206]: invalid path \"/etc/../motd\" in the title: path contains "
     "a '..' component\n"
     "    1 | file \"/etc/../motd\" {\n"
     "      |      ^~~~~~~~~~~~~~\n"
     "help: write an absolute, normal path, e.g. \"/etc/motd\" (no '.', '..', '//' or trailing "
     "'/')\n"},
    {"AbsoluteSource",
     "file \"/etc/motd\" {\n  source = \"/etc/issue\"\n}\n",
     "state/a.twin:2:12: error[E0206]: invalid path \"/etc/issue\": path must be relative to the "
     "twin directory\n"
     "    2 |   source = \"/etc/issue\"\n"
     "      |            ^~~~~~~~~~~~\n"
     "help: write a path inside the twin directory, e.g. \"files/motd\" (no leading '/', '.', "
     "'..' or '//')\n"},
    {"MissingRequiredAttribute",
     "crontab \"alice\" {\n"
     "  entry \"backup\" {\n"
     "    schedule = \"@daily\"\n"
     "  }\n"
     "}\n",
     "state/a.twin:2:9: error[E0207]: entry \"backup\" has no `command`, which is required\n"
     "    2 |   entry \"backup\" {\n"
     "      |         ^~~~~~~~\n"
     "help: write `command = \"/usr/bin/backup\"`\n"},
    {"MissingRequiredAttributeOfAResource",
     "mirror \"/etc\" {\n  mode = \"0644\"\n}\n",
     "state/a.twin:1:8: error[E0207]: mirror[\"/etc\"] has no `source`, which is required\n"
     "    1 | mirror \"/etc\" {\n"
     "      |        ^~~~~~\n"
     "help: write `source = \"filesystem/etc\"`\n"},
    {"ConflictingAttributes",
     "file \"/etc/motd\" {\n"
     "  content = \"hi\\n\"\n"
     "  source = \"files/motd\"\n"
     "}\n",
     "state/a.twin:3:3: error[E0208]: a file takes `content` or `source`, not both\n"
     "    3 |   source = \"files/motd\"\n"
     "      |   ^~~~~~\n"
     "state/a.twin:2:3: note: the other one is here\n"
     "    2 |   content = \"hi\\n\"\n"
     "      |   ^~~~~~~\n"
     "help: keep one of them\n"},
    {"AttributeConflictingWithABlock",
     "crontab \"alice\" {\n"
     "  content = \"\"\n"
     "  entry \"backup\" {\n"
     "    schedule = \"@daily\"\n"
     "    command = \"/usr/bin/backup\"\n"
     "  }\n"
     "}\n",
     "state/a.twin:3:3: error[E0208]: a crontab takes `content` or `entry` blocks, not both\n"
     "    3 |   entry \"backup\" {\n"
     "      |   ^~~~~\n"
     "state/a.twin:2:3: note: the other one is here\n"
     "    2 |   content = \"\"\n"
     "      |   ^~~~~~~\n"
     "help: keep one of them\n"},
    {"UnknownNestedBlockWithSuggestion",
     "crontab \"alice\" {\n"
     "  entri \"backup\" {\n"
     "  }\n"
     "}\n",
     "state/a.twin:2:3: error[E0209]: unknown nested block `entri` in a crontab\n"
     "    2 |   entri \"backup\" {\n"
     "      |   ^~~~~\n"
     "help: did you mean `entry`?\n"},
    {"NestedBlockInATypeWithout",
     "file \"/etc/motd\" {\n"
     "  entry \"x\" {\n"
     "  }\n"
     "}\n",
     "state/a.twin:2:3: error[E0209]: unknown nested block `entry` in a file\n"
     "    2 |   entry \"x\" {\n"
     "      |   ^~~~~\n"
     "help: a file takes no nested blocks\n"},
    {"UnknownAttributeInANestedBlock",
     "crontab \"alice\" {\n"
     "  entry \"backup\" {\n"
     "    schedule = \"@daily\"\n"
     "    command = \"/usr/bin/backup\"\n"
     "    require = []\n"
     "  }\n"
     "}\n",
     "state/a.twin:5:5: error[E0203]: unknown attribute `require` for a crontab entry\n"
     "    5 |     require = []\n"
     "      |     ^~~~~~~\n"
     "help: a crontab entry accepts: `schedule`, `command`\n"},
    {"UndeclaredReferenceWithSuggestion",
     "file \"/etc/app\" {\n  ensure = \"directory\"\n}\n"
     "file \"/etc/app/x\" {\n  require = [file[\"/etc/ap\"]]\n}\n",
     "state/a.twin:5:14: error[E0210]: require refers to file[\"/etc/ap\"], which is not "
     "declared\n"
     "    5 |   require = [file[\"/etc/ap\"]]\n"
     "      |              ^~~~~~~~~~~~~~~\n"
     "help: did you mean file[\"/etc/app\"]?\n"},
    {"UndeclaredSingleReference",
     "service \"app\" {\n  subscribe = package[\"app\"]\n}\n",
     "state/a.twin:2:15: error[E0210]: subscribe refers to package[\"app\"], which is not "
     "declared\n"
     "    2 |   subscribe = package[\"app\"]\n"
     "      |               ^~~~~~~~~~~~~~\n"
     "help: declare package[\"app\"] or remove the reference\n"},
    {"SourceMissingFromTheTwin",
     "file \"/etc/motd\" {\n  source = \"files/motd.txt\"\n}\n",
     "state/a.twin:2:12: error[E0212]: source \"files/motd.txt\" is not a file of the twin\n"
     "    2 |   source = \"files/motd.txt\"\n"
     "      |            ^~~~~~~~~~~~~~~~\n"
     "help: `source` paths are relative to the twin directory (the one that holds state/); add "
     "the file there or fix the path\n"},
};

class CheckerErrors : public ::testing::TestWithParam<Case> {};

TEST_P(CheckerErrors, RendersExactly) {
  EXPECT_EQ(check_errors(GetParam().manifest), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(EveryKind, CheckerErrors, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Checker, ValidManifestsPass) {
  EXPECT_EQ(check_errors("file \"/etc/motd\" {\n"
                         "  content = \"hi\\n\"\n"
                         "  mode = \"644\"\n"
                         "  owner = \"root\"\n"
                         "  group = \"0\"\n"
                         "  sensitive = true\n"
                         "  allow_risky = false\n"
                         "}\n"
                         "file \"/etc/issue\" {\n  source = \"files/motd\"\n}\n"
                         "file \"/\" {\n  ensure = \"directory\"\n}\n"
                         "package \"libc6\" {\n  ensure = \"1:2.36-9+deb12u4\"\n  hold = true\n}\n"
                         "package \"g++\" {\n  ensure = \"latest\"\n}\n"
                         "service \"getty@tty1\" {\n  enabled = true\n  running = false\n}\n"
                         "service \"apt-daily.timer\" {\n  enabled = false\n}\n"
                         "crontab \"alice\" {\n"
                         "  sensitive = true\n"
                         "  entry \"backup\" {\n"
                         "    schedule = \"*/5 1-3 * jan-mar mon,fri\"\n"
                         "    command = \"/usr/bin/backup\"\n"
                         "  }\n"
                         "}\n"
                         "crontab \"bob\" {\n  source = \"files/alice.cron\"\n}\n"
                         "service \"app\" {\n"
                         "  require = [file[\"/etc/motd\"], package[\"libc6\"]]\n"
                         "  subscribe = file[\"/etc/issue\"]\n"
                         "}\n"),
            "");
}

TEST(Checker, ReportsEveryProblemOfAResource) {
  std::string errors = check_errors(
      "file \"/etc/motd\" {\n"
      "  mode = \"999\"\n"
      "  owner = 0\n"
      "  colour = \"red\"\n"
      "}\n");
  EXPECT_NE(errors.find("error[E0206]: invalid mode \"999\""), std::string::npos) << errors;
  EXPECT_NE(errors.find("error[E0204]: attribute `owner` must be a string, not int"),
            std::string::npos);
  EXPECT_NE(errors.find("error[E0203]: unknown attribute `colour` for a file"), std::string::npos);
}

TEST(Checker, ResultSaysWhichResourcesHaveErrors) {
  DiagnosticSink sink;
  std::vector<ResourceDecl> resources;
  auto module = parse(make_source("state/a.twin",
                                  "file \"/a\" {\n}\n"
                                  "file \"b\" {\n}\n"
                                  "fiel \"/c\" {\n}\n"),
                      sink);
  ASSERT_TRUE(module);
  resources = evaluate(*module, sink);
  CheckResult result = check_resources(resources, testing::stdlib_schemas(), {}, sink);
  EXPECT_EQ(result.has_errors, (std::vector<bool>{false, true, true}));
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(sink.error_count(), 2u);
}

TEST(Checker, WithoutACallbackTwinFilesAreNotLookedUp) {
  DiagnosticSink sink;
  auto module = parse(make_source("state/a.twin",
                                  "file \"/a\" {\n  source = \"files/none\"\n}\n"),
                      sink);
  ASSERT_TRUE(module);
  auto resources = evaluate(*module, sink);
  EXPECT_TRUE(check_resources(resources, testing::stdlib_schemas(), {}, sink).ok());
  EXPECT_TRUE(sink.empty());
}

}  // namespace
}  // namespace twin::lang
