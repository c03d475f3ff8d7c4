// What the language v1 additions evaluate to: heredocs, references, facts,
// operators, if / for, calls and defines. Errors are in
// language_errors_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

std::vector<ResourceDecl> load_clean(const std::string& text) {
  std::string errors;
  auto resources = testing::load_ok(text, &errors);
  EXPECT_EQ(errors, "");
  return resources;
}

// The value of `let probe = EXPR`, through a resource attribute.
Value eval_expr(const std::string& expr) {
  auto resources = load_clean("let probe = " + expr + "\nthing \"t\" { v = probe }\n");
  EXPECT_EQ(resources.size(), 1u);
  return resources.empty() ? Value{} : resources[0].find("v")->value;
}

std::string_view text_of(const Span& span) {
  return std::string_view(span.file->text()).substr(span.begin, span.end - span.begin);
}

TEST(Heredoc, KeepsLinesAndInterpolates) {
  auto r = load_clean(
      "let who = \"web1\"\n"
      "file \"/etc/motd\" {\n"
      "  content = <<EOT\n"
      "  hello ${who}\n"
      "back\\slash $HOME $${literal}\n"
      "EOT\n"
      "}\n");
  EXPECT_EQ(*r.at(0).get_string("content"), "  hello web1\nback\\slash $HOME ${literal}\n");
}

TEST(Heredoc, DashStripsCommonIndentationAndAllowsAnIndentedTerminator) {
  auto r = load_clean(
      "file \"/etc/motd\" {\n"
      "  content = <<-EOT\n"
      "    first\n"
      "\n"
      "      indented\n"
      "    EOT\n"
      "  mode = \"0644\"\n"
      "}\n");
  EXPECT_EQ(*r.at(0).get_string("content"), "first\n\n  indented\n");
  EXPECT_EQ(*r.at(0).get_string("mode"), "0644");
}

TEST(Heredoc, TerminatorMustStandAlone) {
  auto r = load_clean("let s = <<END\nENDING\nEND\nthing \"t\" { v = s }\n");
  EXPECT_EQ(*r.at(0).get_string("v"), "ENDING\n");
}

TEST(Heredoc, EmptyBodyAndSpanCoversTheWholeHeredoc) {
  auto r = load_clean("thing \"t\" {\n  v = <<X\nX\n}\n");
  const Attribute& v = r.at(0).attributes.at(0);
  EXPECT_EQ(v.value.as_string(), "");
  EXPECT_EQ(text_of(v.value.span), "<<X\nX");
}

TEST(Reference, EvaluatesToAReferenceValue) {
  Value v = eval_expr("[package[\"nginx\"], service[\"web-${facts.hostname}\"]]");
  ASSERT_TRUE(v.is_list());
  ASSERT_TRUE(v.as_list()[0].is_reference());
  EXPECT_EQ(v.as_list()[0].as_reference(), (Reference{"package", "nginx"}));
  EXPECT_EQ(v.as_list()[1].as_reference().address(), "service[\"web-web1\"]");
}

TEST(Facts, MemberAccess) {
  EXPECT_EQ(eval_expr("facts.os.id").as_string(), "debian");
  EXPECT_EQ(eval_expr("facts.os.version_id").as_string(), "12");
  EXPECT_EQ(eval_expr("facts.hostname").as_string(), "web1");
  EXPECT_EQ(eval_expr("facts.arch").as_string(), "amd64");
  EXPECT_EQ(eval_expr("\"${facts.os.id}-${facts.os.version_id}\"").as_string(), "debian-12");
}

TEST(Facts, MembersOfOrdinaryMaps) {
  EXPECT_EQ(eval_expr("{ a = { b = 7 } }.a.b").as_int(), 7);
}

struct OperatorCase {
  const char* expr;
  bool expected;
};

class OperatorTest : public ::testing::TestWithParam<OperatorCase> {};

TEST_P(OperatorTest, Evaluates) {
  Value v = eval_expr(GetParam().expr);
  ASSERT_TRUE(v.is_bool()) << GetParam().expr;
  EXPECT_EQ(v.as_bool(), GetParam().expected) << GetParam().expr;
}

const OperatorCase kOperatorCases[] = {
    {"1 == 1", true},
    {"1 != 1", false},
    {"\"a\" == \"b\"", false},
    {"[1, \"x\"] == [1, \"x\"]", true},
    {"{ a = 1, b = 2 } == { b = 2, a = 1 }", true},
    {"file[\"a\"] == file[\"a\"]", true},
    {"file[\"a\"] != package[\"a\"]", true},
    {"!true", false},
    {"!!true", true},
    {"true && false", false},
    {"false || true", true},
    // && binds tighter than ||; == tighter than both; ! tightest.
    {"true || true && false", true},
    {"(true || true) && false", false},
    {"!false == true", true},
    {"1 == 1 && 2 == 2", true},
    {"facts.os.id == \"debian\" && facts.arch != \"arm64\"", true},
    // Short-circuit: the right side is not evaluated (it would fail).
    {"false && nope", false},
    {"true || lower(1)", true},
    {"true ==\n  true", true},
};
INSTANTIATE_TEST_SUITE_P(Table, OperatorTest, ::testing::ValuesIn(kOperatorCases));

TEST(Operators, SpanOfABinaryExpressionCoversBothSides) {
  auto r = load_clean("thing \"t\" {\n  v = (1 == 1) && !false\n}\n");
  EXPECT_EQ(text_of(r.at(0).attributes.at(0).value.span), "(1 == 1) && !false");
}

TEST(If, ChoosesABranchAndElseIfChains) {
  auto r = load_clean(
      "if facts.os.id == \"ubuntu\" {\n"
      "  package \"ubuntu-only\" {}\n"
      "} else if facts.os.id == \"debian\" {\n"
      "  package \"debian-only\" {}\n"
      "  package \"debian-too\" {}\n"
      "} else {\n"
      "  package \"other\" {}\n"
      "}\n"
      "if false {\n"
      "  package \"never\" {}\n"
      "}\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].title, "debian-only");
  EXPECT_EQ(r[1].title, "debian-too");
}

TEST(For, RepeatsItsBodyWithTheVariableBound) {
  auto r = load_clean(
      "let users = [\"alice\", \"bob\"]\n"
      "for u in users {\n"
      "  user \"${u}\" { home = \"/home/${u}\" }\n"
      "  if u == \"bob\" {\n"
      "    group \"admins-${u}\" {}\n"
      "  }\n"
      "}\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].address(), "user[\"alice\"]");
  EXPECT_EQ(*r[1].get_string("home"), "/home/bob");
  EXPECT_EQ(r[2].address(), "group[\"admins-bob\"]");
}

TEST(For, AroundNestedBlocks) {
  auto r = load_clean(
      "crontab \"root\" {\n"
      "  user = \"root\"\n"
      "  for job in [\"backup\", \"rotate\"] {\n"
      "    entry \"${job}\" { command = \"/usr/local/bin/${job}\" }\n"
      "  }\n"
      "  if facts.arch == \"amd64\" { entry \"x86\" {} } else { entry \"other\" {} }\n"
      "}\n");
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].children.size(), 3u);
  EXPECT_EQ(r[0].children[1].address(), "entry[\"rotate\"]");
  EXPECT_EQ(*r[0].children[1].get_string("command"), "/usr/local/bin/rotate");
  EXPECT_EQ(r[0].children[2].title, "x86");
}

TEST(For, DuplicateNestedBlocksFromALoopAreReported) {
  EXPECT_EQ(testing::load_errors("crontab \"root\" {\n"
                                 "  for j in [\"a\", \"a\"] {\n"
                                 "    entry \"${j}\" {}\n"
                                 "  }\n"
                                 "}\n"),
            R"txt(state/a.twin:3:11: error[E0107]: entry["a"] is declared twice in crontab["root"]
    3 |     entry "${j}" {}
      |           ^~~~~~
state/a.twin:3:11: note: first declared here
    3 |     entry "${j}" {}
      |           ^~~~~~
help: remove one of them, or give them different titles
)txt");
}

struct CallCase {
  const char* expr;
  const char* expected;
};

class CallTest : public ::testing::TestWithParam<CallCase> {};

TEST_P(CallTest, Evaluates) {
  Value v = eval_expr(GetParam().expr);
  ASSERT_TRUE(v.is_string()) << GetParam().expr;
  EXPECT_EQ(v.as_string(), GetParam().expected) << GetParam().expr;
}

const CallCase kCallCases[] = {
    {"sha256(\"abc\")", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"sha256(\"\")", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"join([\"a\", 1, true], \", \")", "a, 1, true"},
    {"join([], \",\")", ""},
    {"lower(\"MiXed ÄB\")", "mixed Äb"},
    {"upper(\"nginx\")", "NGINX"},
    {"basename(\"/etc/nginx/nginx.conf\")", "nginx.conf"},
    {"basename(\"/srv/www/\")", "www"},
    {"basename(\"name\")", "name"},
    {"basename(\"/\")", "/"},
    {"dirname(\"/etc/nginx/nginx.conf\")", "/etc/nginx"},
    {"dirname(\"/etc\")", "/"},
    {"dirname(\"relative\")", "."},
    {"dirname(\"a/b/\")", "a"},
    {"file(\"files/motd\")", "motd text\n"},
    {"file(\"./files/../files/motd\")", "motd text\n"},
    {"template(\"files/ok.tmpl\", { host = facts.hostname, port = 8080 })",
     "server web1:8080 ${literal} $HOME\n"},
    {"upper(lower(\"X\"))", "X"},
    {"lower(\n  \"A\",\n)", "a"},
};
INSTANTIATE_TEST_SUITE_P(Table, CallTest, ::testing::ValuesIn(kCallCases));

TEST(Call, ValueSpansTheCall) {
  auto r = load_clean("thing \"t\" {\n  v = upper(\"x\")\n}\n");
  EXPECT_EQ(text_of(r.at(0).attributes.at(0).value.span), "upper(\"x\")");
}

TEST(Define, InstancesExpandWithParamsDefaultsAndTitle) {
  auto r = load_clean(
      "let base = \"/srv/www\"\n"
      "define site(port: int, root: string = base, aliases: list = []) {\n"
      "  file \"${root}/${title}/index.html\" {\n"
      "    content = \"${title}:${port} ${join(aliases, \",\")}\"\n"
      "  }\n"
      "  service \"nginx\" { require = [file[\"${root}/${title}/index.html\"]] }\n"
      "}\n"
      "site \"example.org\" {\n"
      "  port = 8080\n"
      "  aliases = [\"www.example.org\"]\n"
      "}\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].address(), "file[\"/srv/www/example.org/index.html\"]");
  EXPECT_EQ(*r[0].get_string("content"), "example.org:8080 www.example.org");
  EXPECT_EQ(r[1].find("require")->value.to_source(),
            "[file[\"/srv/www/example.org/index.html\"]]");
  ASSERT_EQ(r[0].origins.size(), 1u);
  EXPECT_EQ(r[0].origins[0].define, "site");
  EXPECT_EQ(r[0].origins[0].title, "example.org");
  EXPECT_EQ(text_of(r[0].origins[0].span), "site \"example.org\"");
  // The resource's own spans point into the define's body.
  EXPECT_EQ(r[0].type_span.where(), "state/a.twin:3:3");
  auto labels = r[0].origin_labels();
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels[0].message, "in the instance site[\"example.org\"]");
}

TEST(Define, NestedInstancesRecordEveryInstantiation) {
  auto r = load_clean(
      "define inner(n: int) {\n"
      "  file \"/${title}/${n}\" {}\n"
      "}\n"
      "define outer() {\n"
      "  for i in [1, 2] {\n"
      "    inner \"${title}\" { n = i }\n"
      "  }\n"
      "}\n"
      "outer \"o\" {}\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].title, "/o/2");
  ASSERT_EQ(r[1].origins.size(), 2u);
  EXPECT_EQ(r[1].origins[0].define, "inner");
  EXPECT_EQ(r[1].origins[1].define, "outer");
}

TEST(Define, AnyTypeAndDefinesUsableBeforeTheirDeclaration) {
  auto r = load_clean(
      "thing_of \"x\" { v = { k = 1 } }\n"
      "define thing_of(v: any) {\n"
      "  thing \"${title}\" { v = v }\n"
      "}\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].find("v")->value.to_source(), "{ k = 1 }");
}

TEST(Define, BodySeesItsOwnFileNotTheCaller) {
  std::string errors;
  auto r = testing::load_ok("import \"lib.twin\"\nlet port = 1\nlib_site \"a\" { port = 9 }\n",
                            &errors);
  EXPECT_EQ(errors, "");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].address(), "file[\"/srv/a\"]");
  EXPECT_EQ(*r[0].get_string("content"), "9");
}

TEST(Keywords, AreNotNames) {
  EXPECT_EQ(testing::load_errors("let for = 1\n"),
            R"txt(state/a.twin:1:5: error[E0014]: expected a variable name after 'let'
    1 | let for = 1
      |     ^~~
help: a name is a letter or '_' followed by letters, digits or '_', and not a keyword
)txt");
  // Names that merely start with a keyword are fine.
  auto r = load_clean(
      "let iffy = 1\nlet format = 2\nlet defined = 3\nlet important = 4\n"
      "thing \"t\" { v = [iffy, format, defined, important] }\n");
  EXPECT_EQ(r.at(0).find("v")->value.to_source(), "[1, 2, 3, 4]");
}

}  // namespace
}  // namespace twin::lang
