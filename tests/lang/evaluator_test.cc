// Evaluation: values and their spans, scoping of lets, and the evaluation
// errors (E01xx) rendered exactly.
#include "lang/evaluator.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

using testing::all_errors;

std::vector<ResourceDecl> eval_ok(const std::string& text) {
  std::string errors;
  auto resources = testing::evaluate_ok(text, &errors);
  EXPECT_EQ(errors, "");
  return resources;
}

std::string_view text_of(const Span& span) {
  return std::string_view(span.file->text()).substr(span.begin, span.end - span.begin);
}

TEST(Evaluator, EveryValueKind) {
  auto resources = eval_ok(
      "thing \"t\" {\n"
      "  s = \"text\"\n"
      "  i = -7\n"
      "  b = true\n"
      "  l = [1, \"two\", false]\n"
      "  m = { a = 1, \"b c\" = [] }\n"
      "}\n");
  ASSERT_EQ(resources.size(), 1u);
  const ResourceDecl& r = resources[0];
  ASSERT_EQ(r.attributes.size(), 5u);
  EXPECT_EQ(*r.get_string("s"), "text");
  EXPECT_EQ(r.find("i")->value.as_int(), -7);
  EXPECT_EQ(r.get_bool("b"), true);
  EXPECT_EQ(r.find("l")->value.to_source(), "[1, \"two\", false]");
  EXPECT_EQ(r.find("m")->value.to_source(), "{ a = 1, \"b c\" = [] }");
}

TEST(Evaluator, SpansPointAtTheExpressions) {
  auto resources = eval_ok(
      "let owner = \"root\"\n"
      "file \"/etc/motd\" {\n"
      "  owner = owner\n"
      "  list = [ 1, \"x\" ]\n"
      "}\n");
  const ResourceDecl& r = resources.at(0);
  EXPECT_EQ(text_of(r.type_span), "file");
  EXPECT_EQ(text_of(r.title_span), "\"/etc/motd\"");
  EXPECT_EQ(text_of(r.span).front(), 'f');
  EXPECT_EQ(text_of(r.span).back(), '}');
  const Attribute& owner = r.attributes.at(0);
  EXPECT_EQ(text_of(owner.name_span), "owner");
  EXPECT_EQ(owner.name_span.where(), "state/a.twin:3:3");
  // A variable's value points at the use, not at the `let`.
  EXPECT_EQ(owner.value.span.where(), "state/a.twin:3:11");
  const Value& list = r.find("list")->value;
  EXPECT_EQ(text_of(list.span), "[ 1, \"x\" ]");
  EXPECT_EQ(text_of(list.as_list()[1].span), "\"x\"");
}

TEST(Evaluator, InterpolationOfStringsIntegersAndBooleans) {
  auto resources = eval_ok(
      "let site = \"example.org\"\n"
      "let admin = \"ops@${site}\"\n"
      "let port = 8080\n"
      "let tls = false\n"
      "file \"/srv/${site}/conf\" {\n"
      "  content = \"${admin} ${port} ${tls} \\${literal}\"\n"
      "}\n");
  const ResourceDecl& r = resources.at(0);
  EXPECT_EQ(r.title, "/srv/example.org/conf");
  EXPECT_EQ(r.address(), "file[\"/srv/example.org/conf\"]");
  EXPECT_EQ(*r.get_string("content"), "ops@example.org 8080 false ${literal}");
}

TEST(Evaluator, BlocksSeeEveryLetOfTheFile) {
  auto resources = eval_ok("file \"/a\" { owner = who }\nlet who = \"root\"\n");
  EXPECT_EQ(*resources.at(0).get_string("owner"), "root");
}

TEST(Evaluator, LetsAreValuesNotReferences) {
  auto resources = eval_ok("let l = [1, 2]\nlet m = { list = l }\nx \"y\" { v = m }\n");
  EXPECT_EQ(resources.at(0).find("v")->value.to_source(), "{ list = [1, 2] }");
}

TEST(Evaluator, NestedBlocksBecomeChildren) {
  auto resources = eval_ok(
      "let when = \"@daily\"\n"
      "crontab \"root\" {\n"
      "  entry \"backup\" {\n"
      "    schedule = when\n"
      "  }\n"
      "  entry \"rotate\" { schedule = \"0 1 * * *\" }\n"
      "}\n"
      "package \"cron\" {}\n");
  ASSERT_EQ(resources.size(), 2u);
  const ResourceDecl& cron = resources[0];
  ASSERT_EQ(cron.children.size(), 2u);
  EXPECT_EQ(cron.children[0].address(), "entry[\"backup\"]");
  EXPECT_EQ(*cron.children[0].get_string("schedule"), "@daily");
  EXPECT_EQ(*cron.children[1].get_string("schedule"), "0 1 * * *");
  EXPECT_EQ(resources[1].address(), "package[\"cron\"]");
}

struct EvalErrorCase {
  const char* name;
  std::string input;
  std::string expected;
};

const EvalErrorCase kCases[] = {
    {"UndefinedVariableWithHint",
     "let hostname = \"web1\"\nfile \"/etc/hostname\" {\n  content = \"${hostnmae}\\n\"\n}\n",
     R"txt(state/a.twin:3:16: error[E0102]: undefined variable 'hostnmae'
    3 |   content = "${hostnmae}\n"
      |                ^~~~~~~~
help: did you mean 'hostname'?
)txt"},
    {"UndefinedVariableWithoutHint", "let hostname = \"web1\"\nfile \"/a\" { owner = zzz }\n",
     R"txt(state/a.twin:2:21: error[E0102]: undefined variable 'zzz'
    2 | file "/a" { owner = zzz }
      |                     ^~~
)txt"},
    {"DuplicateAttribute",
     "file \"/etc/motd\" {\n  mode = \"0644\"\n  owner = \"root\"\n  mode = \"0600\"\n}\n",
     R"txt(state/a.twin:4:3: error[E0101]: attribute 'mode' is set twice in file["/etc/motd"]
    4 |   mode = "0600"
      |   ^~~~
state/a.twin:2:3: note: first set here
    2 |   mode = "0644"
      |   ^~~~
help: remove one of them
)txt"},
    {"DuplicateLet", "let site = \"a\"\nlet other = 1\nlet site = \"b\"\n",
     R"txt(state/a.twin:3:5: error[E0103]: variable 'site' is already declared
    3 | let site = "b"
      |     ^~~~
state/a.twin:1:5: note: first declared here
    1 | let site = "a"
      |     ^~~~
help: rename one of them, or remove the second `let`
)txt"},
    {"LetUsedBeforeItsDeclaration", "let a = b\nlet b = 1\n",
     R"txt(state/a.twin:1:9: error[E0104]: variable 'b' is used before its declaration
    1 | let a = b
      |         ^
state/a.twin:2:5: note: declared here
    2 | let b = 1
      |     ^
help: move `let b` above its first use
)txt"},
    {"LetUsesItself", "let a = a\n",
     R"txt(state/a.twin:1:9: error[E0104]: variable 'a' is used before its declaration
    1 | let a = a
      |         ^
state/a.twin:1:5: note: declared here
    1 | let a = a
      |     ^
help: move `let a` above its first use
)txt"},
    {"DuplicateMapKey", "let env = {\n  PATH = \"/bin\"\n  \"PATH\" = \"/usr/bin\"\n}\n",
     R"txt(state/a.twin:3:3: error[E0105]: duplicate map key 'PATH'
    3 |   "PATH" = "/usr/bin"
      |   ^~~~~~
state/a.twin:2:3: note: first set here
    2 |   PATH = "/bin"
      |   ^~~~
)txt"},
    {"InterpolatingAList", "let l = [1]\nlet s = \"x${l}\"\n",
     R"txt(state/a.twin:2:13: error[E0106]: cannot interpolate a list into a string
    2 | let s = "x${l}"
      |             ^
help: only strings, integers and booleans can be interpolated
)txt"},
    {"DuplicateNestedBlock",
     "crontab \"root\" {\n  entry \"backup\" {}\n  entry \"backup\" {}\n}\n",
     R"txt(state/a.twin:3:9: error[E0107]: entry["backup"] is declared twice in crontab["root"]
    3 |   entry "backup" {}
      |         ^~~~~~~~
state/a.twin:2:9: note: first declared here
    2 |   entry "backup" {}
      |         ^~~~~~~~
help: remove one of them, or give them different titles
)txt"},
    {"FailedLetReportsOnce", "let a = [1, nope]\nlet b = a\nfile \"/x\" { c = \"${b}\" }\n",
     R"txt(state/a.twin:1:13: error[E0102]: undefined variable 'nope'
    1 | let a = [1, nope]
      |             ^~~~
)txt"},
    {"EveryEvaluationErrorIsReported",
     "let a = x1\nlet b = x2\nfile \"/x\" {\n  m = x3\n  m = 1\n}\n",
     R"txt(state/a.twin:1:9: error[E0102]: undefined variable 'x1'
    1 | let a = x1
      |         ^~
state/a.twin:2:9: error[E0102]: undefined variable 'x2'
    2 | let b = x2
      |         ^~
state/a.twin:4:7: error[E0102]: undefined variable 'x3'
    4 |   m = x3
      |       ^~
state/a.twin:5:3: error[E0101]: attribute 'm' is set twice in file["/x"]
    5 |   m = 1
      |   ^
state/a.twin:4:3: note: first set here
    4 |   m = x3
      |   ^
help: remove one of them
)txt"},
};

class EvalErrorTest : public ::testing::TestWithParam<EvalErrorCase> {};

TEST_P(EvalErrorTest, RendersExactly) {
  EXPECT_EQ(all_errors(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, EvalErrorTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Evaluator, FailedAttributeIsLeftOutOthersKept) {
  std::string errors;
  auto resources = testing::evaluate_ok("file \"/x\" {\n  a = nope\n  b = 1\n}\n", &errors);
  EXPECT_NE(errors, "");
  ASSERT_EQ(resources.size(), 1u);
  EXPECT_EQ(resources[0].find("a"), nullptr);
  EXPECT_NE(resources[0].find("b"), nullptr);
}

TEST(Evaluator, ResourceWithFailedTitleIsLeftOut) {
  std::string errors;
  auto resources = testing::evaluate_ok("file \"/${nope}\" {}\nfile \"/ok\" {}\n", &errors);
  EXPECT_NE(errors, "");
  ASSERT_EQ(resources.size(), 1u);
  EXPECT_EQ(resources[0].title, "/ok");
}

}  // namespace
}  // namespace twin::lang
