// The errors of the language v1 additions (heredocs, operators, references,
// calls, member access, if / for, define, import), each rendered exactly as
// the user sees it. Inputs are loaded as state/a.twin with the fixture twin
// of lang_test_util.h (imports, files and facts).
#include <gtest/gtest.h>

#include <string>

#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

struct LanguageErrorCase {
  const char* name;
  std::string input;
  std::string expected;  // every diagnostic of load(), rendered
};

const LanguageErrorCase kCases[] = {
    {"UnterminatedHeredoc", "let x = <<EOT\nabc\n",
     R"txt(state/a.twin:1:9: error[E0024]: unterminated heredoc
    1 | let x = <<EOT
      |         ^~~~~
help: end it with a line that holds only EOT
)txt"},
    {"TextAfterHeredocTag", "let x = <<EOT junk\nabc\nEOT\nlet y = z\n",
     R"txt(state/a.twin:1:15: error[E0025]: expected a newline after the heredoc tag
    1 | let x = <<EOT junk
      |               ^~~~
help: the heredoc's text starts on the next line
state/a.twin:4:9: error[E0102]: undefined variable 'z'
    4 | let y = z
      |         ^
help: did you mean 'x'?
)txt"},
    {"MissingHeredocTag", "let x = <<\n",
     R"txt(state/a.twin:1:11: error[E0025]: expected a heredoc tag after '<<'
    1 | let x = <<
      |           ^
help: write `<<EOT` (or `<<-EOT` to strip indentation)
)txt"},
    {"UnclosedParenthesis", "let x = (1 == 2\n",
     R"txt(state/a.twin:1:16: error[E0026]: expected ')' to close the parenthesis
    1 | let x = (1 == 2
      |                ^
)txt"},
    {"MissingCommaBetweenArguments", "let x = lower(\"a\" \"b\")\n",
     R"txt(state/a.twin:1:19: error[E0026]: expected ',' or ')' after an argument
    1 | let x = lower("a" "b")
      |                   ^~~
)txt"},
    {"UnclosedArgumentList", "let x = lower(\n  \"a\",\n",
     R"txt(state/a.twin:2:7: error[E0026]: expected ')' to close the argument list
    2 |   "a",
      |       ^
state/a.twin:1:14: note: the argument list opens here
    1 | let x = lower(
      |              ^
)txt"},
    {"ReferenceWithoutQuotedTitle", "let x = file[1]\n",
     R"txt(state/a.twin:1:14: error[E0027]: expected a quoted title in the reference
    1 | let x = file[1]
      |              ^
help: write `TYPE["title"]`
)txt"},
    {"UnclosedReference", "let x = file[\"a\"\n",
     R"txt(state/a.twin:1:17: error[E0027]: expected ']' after the reference title
    1 | let x = file["a"
      |                 ^
help: write `TYPE["title"]`
)txt"},
    {"NothingAfterDot", "let x = facts.\n",
     R"txt(state/a.twin:1:15: error[E0028]: expected a name after '.'
    1 | let x = facts.
      |               ^
)txt"},
    {"NothingAfterEquals", "let x = 1 ==\n",
     R"txt(state/a.twin:1:13: error[E0006]: expected a value after the operator
    1 | let x = 1 ==
      |             ^
)txt"},
    {"NothingAfterAnd", "let x = true &&\n",
     R"txt(state/a.twin:1:16: error[E0006]: expected a value after '&&'
    1 | let x = true &&
      |                ^
)txt"},
    {"NothingAfterNot", "let x = !\n",
     R"txt(state/a.twin:1:10: error[E0006]: expected a value after the operator
    1 | let x = !
      |          ^
)txt"},
    {"ImportWithoutQuotes", "import other\n",
     R"txt(state/a.twin:1:8: error[E0029]: expected a quoted path after 'import'
    1 | import other
      |        ^~~~~
help: write `import "other.twin"`
)txt"},
    {"ImportWithInterpolation", "import \"a${x}.twin\"\n",
     R"txt(state/a.twin:1:12: error[E0030]: an import path cannot use interpolation
    1 | import "a${x}.twin"
      |            ^
help: write the path out in full
)txt"},
    {"IfWithoutBrace", "if true file \"a\" {}\n",
     R"txt(state/a.twin:1:9: error[E0031]: expected '{' after the condition
    1 | if true file "a" {}
      |         ^~~~
)txt"},
    {"ElseWithoutBrace", "if true {\n  file \"a\" {}\n} else file\n",
     R"txt(state/a.twin:3:8: error[E0031]: expected '{' or 'if' after 'else'
    3 | } else file
      |        ^~~~
)txt"},
    {"ForWithoutVariable", "for in x {}\n",
     R"txt(state/a.twin:1:5: error[E0032]: expected a variable name after 'for'
    1 | for in x {}
      |     ^~
help: write `for NAME in LIST { ... }`
)txt"},
    {"ForWithoutIn", "for x y {}\n",
     R"txt(state/a.twin:1:7: error[E0032]: expected 'in' after the loop variable
    1 | for x y {}
      |       ^
help: write `for NAME in LIST { ... }`
)txt"},
    {"ForWithoutBrace", "for x in y\n",
     R"txt(state/a.twin:1:11: error[E0032]: expected '{' after the list
    1 | for x in y
      |           ^
)txt"},
    {"DefineWithoutName", "define (a: int) {}\n",
     R"txt(state/a.twin:1:8: error[E0033]: expected a name after 'define'
    1 | define (a: int) {}
      |        ^
help: write `define NAME(PARAM: TYPE) { ... }`
)txt"},
    {"DefineWithoutParens", "define d {}\n",
     R"txt(state/a.twin:1:10: error[E0033]: expected '(' after the define's name
    1 | define d {}
      |          ^
help: write `define NAME(PARAM: TYPE) { ... }`
)txt"},
    {"ParamWithoutColon", "define d(a int) {}\n",
     R"txt(state/a.twin:1:12: error[E0033]: expected ':' and a type after the parameter name
    1 | define d(a int) {}
      |            ^~~
help: the types are string, int, bool, list, map, reference and any
)txt"},
    {"ParamWithoutType", "define d(a: ) {}\n",
     R"txt(state/a.twin:1:13: error[E0033]: expected a type after ':'
    1 | define d(a: ) {}
      |             ^
help: the types are string, int, bool, list, map, reference and any
)txt"},
    {"ParamsWithoutComma", "define d(a: int b: int) {}\n",
     R"txt(state/a.twin:1:17: error[E0033]: expected ',' or ')' after a parameter
    1 | define d(a: int b: int) {}
      |                 ^
)txt"},
    {"DefineWithoutBody", "define d(a: int) file\n",
     R"txt(state/a.twin:1:18: error[E0033]: expected '{' after the parameter list
    1 | define d(a: int) file
      |                  ^~~~
)txt"},
    {"LetInsideIf", "if true {\n  let x = 1\n}\n",
     R"txt(state/a.twin:2:3: error[E0034]: expected '}' to close the body of if
    2 |   let x = 1
      |   ^~~
state/a.twin:1:9: note: the body opens here
    1 | if true {
      |         ^
)txt"},
    {"UnclosedIfBody", "if true {\n  file \"a\" {}\n",
     R"txt(state/a.twin:2:14: error[E0034]: expected '}' to close the body of if
    2 |   file "a" {}
      |              ^
state/a.twin:1:9: note: the body opens here
    1 | if true {
      |         ^
)txt"},
    {"AttributeInsideNestedIf", "file \"a\" {\n  if true {\n    mode = 1\n  }\n}\n",
     R"txt(state/a.twin:3:5: error[E0035]: expected a nested block, 'if' or 'for'
    3 |     mode = 1
      |     ^~~~
help: only nested blocks can be inside 'if' or 'for' within a block
)txt"},
    {"LetInsideDefine", "define d() {\n  import \"x.twin\"\n}\n",
     R"txt(state/a.twin:2:3: error[E0035]: expected a resource block, 'if' or 'for'
    2 |   import "x.twin"
      |   ^~~~~~
help: lets, imports and defines belong at top level
)txt"},
    {"UnknownFact", "let x = facts.os.idd\n",
     R"txt(state/a.twin:1:18: error[E0113]: unknown fact 'facts.os.idd'
    1 | let x = facts.os.idd
      |                  ^~~
help: did you mean 'facts.os.id'?
)txt"},
    {"UnknownTopLevelFact", "let x = facts.hostnam\n",
     R"txt(state/a.twin:1:15: error[E0113]: unknown fact 'facts.hostnam'
    1 | let x = facts.hostnam
      |               ^~~~~~~
help: did you mean 'facts.hostname'?
)txt"},
    {"UnknownMapKey", "let m = { alpha = 1, beta = 2 }\nlet x = m.gamma\n",
     R"txt(state/a.twin:2:11: error[E0113]: map has no key 'gamma'
    2 | let x = m.gamma
      |           ^~~~~
help: the keys are alpha, beta
)txt"},
    {"MemberOfAString", "let s = \"x\"\nlet x = s.length\n",
     R"txt(state/a.twin:2:9: error[E0127]: cannot take member 'length' of a string
    2 | let x = s.length
      |         ^
help: only maps have members
)txt"},
    {"CompareStringWithInt", "let x = \"a\" == 1\n",
     R"txt(state/a.twin:1:13: error[E0111]: cannot compare a string with an int
    1 | let x = "a" == 1
      |             ^~
state/a.twin:1:9: note: this is a string
    1 | let x = "a" == 1
      |         ^~~
state/a.twin:1:16: note: this is an int
    1 | let x = "a" == 1
      |                ^
help: '==' compares values of the same type
)txt"},
    {"AndNeedsBools", "let x = 1 && true\n",
     R"txt(state/a.twin:1:9: error[E0111]: '&&' needs a bool, not an int
    1 | let x = 1 && true
      |         ^
help: compare it first, e.g. `x == "value"`
)txt"},
    {"NotNeedsABool", "let x = !\"s\"\n",
     R"txt(state/a.twin:1:10: error[E0111]: '!' needs a bool, not a string
    1 | let x = !"s"
      |          ^~~
help: compare it first, e.g. `x == "value"`
)txt"},
    {"UnknownFunction", "let x = lowr(\"A\")\n",
     R"txt(state/a.twin:1:9: error[E0114]: unknown function 'lowr'
    1 | let x = lowr("A")
      |         ^~~~
help: did you mean 'lower'?
)txt"},
    {"UnknownFunctionNoSuggestion", "let x = frobnicate(\"A\")\n",
     R"txt(state/a.twin:1:9: error[E0114]: unknown function 'frobnicate'
    1 | let x = frobnicate("A")
      |         ^~~~~~~~~~
help: the functions are basename, dirname, file, join, lower, sha256, template, upper
)txt"},
    {"WrongArity", "let x = sha256(\"a\", \"b\")\n",
     R"txt(state/a.twin:1:9: error[E0115]: sha256() takes 1 argument, 2 given
    1 | let x = sha256("a", "b")
      |         ^~~~~~~~~~~~~~~~
help: call it as sha256(string)
)txt"},
    {"WrongArgumentType", "let x = join(\"a\", \",\")\n",
     R"txt(state/a.twin:1:14: error[E0116]: argument 1 of join() must be a list, not a string
    1 | let x = join("a", ",")
      |              ^~~
help: call it as join(list, string)
)txt"},
    {"JoinOfAList", "let x = join([[\"a\"]], \",\")\n",
     R"txt(state/a.twin:1:15: error[E0116]: join() cannot join a list (element 1)
    1 | let x = join([["a"]], ",")
      |               ^~~~~
help: join() takes a list of strings, integers or booleans
)txt"},
    {"FileOutsideTheTwin", "let x = file(\"../etc/passwd\")\n",
     R"txt(state/a.twin:1:14: error[E0125]: path "../etc/passwd" is outside the twin
    1 | let x = file("../etc/passwd")
      |              ^~~~~~~~~~~~~~~
help: paths are relative to the twin's root directory, without leading '/'
)txt"},
    {"FileMissing", "let x = file(\"files/nope\")\n",
     R"txt(state/a.twin:1:14: error[E0109]: cannot read "files/nope"
    1 | let x = file("files/nope")
      |              ^~~~~~~~~~~~
help: paths are relative to the twin's root directory
)txt"},
    {"TemplateErrors", "let x = template(\"files/t.tmpl\", { nam = \"x\" })\n",
     R"txt(files/t.tmpl:1:8: error[E0117]: unknown template variable 'name'
    1 | name=${name} ${ bad
      |        ^~~~
state/a.twin:1:9: note: the template is expanded here
    1 | let x = template("files/t.tmpl", { nam = "x" })
      |         ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
help: did you mean 'nam'?
files/t.tmpl:1:14: error[E0118]: malformed substitution in template
    1 | name=${name} ${ bad
      |              ^~~~~~
state/a.twin:1:9: note: the template is expanded here
    1 | let x = template("files/t.tmpl", { nam = "x" })
      |         ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
help: write `${name}`, or `$${` for a literal `${`
)txt"},
    {"IfConditionNotBool", "if \"yes\" {\n  file \"/a\" {}\n}\n",
     R"txt(state/a.twin:1:4: error[E0112]: the condition of 'if' must be a bool, not a string
    1 | if "yes" {
      |    ^~~~~
help: compare it, e.g. `facts.os.id == "debian"`
)txt"},
    {"ForOverAString", "for i in \"abc\" {\n  file \"/b\" {}\n}\n",
     R"txt(state/a.twin:1:10: error[E0112]: 'for' needs a list to loop over, not a string
    1 | for i in "abc" {
      |          ^~~~~
help: write `for x in ["a", "b"] { ... }`
)txt"},
    {"UndefinedInLoopBody", "for p in [\"a\"] {\n  package \"${q}\" {}\n}\n",
     R"txt(state/a.twin:2:14: error[E0102]: undefined variable 'q'
    2 |   package "${q}" {}
      |              ^
help: did you mean 'p'?
)txt"},
    {"ImportCycle", "import \"c1.twin\"\n",
     R"txt(state/c3.twin:1:8: error[E0108]: import cycle: state/c1.twin -> state/c2.twin -> state/c3.twin -> state/c1.twin
    1 | import "c1.twin"
      |        ^~~~~~~~~
help: a file cannot import itself, directly or through other files
)txt"},
    {"ImportOutsideTheTwin", "import \"../../x.twin\"\n",
     R"txt(state/a.twin:1:8: error[E0125]: import path "../../x.twin" is outside the twin
    1 | import "../../x.twin"
      |        ^~~~~~~~~~~~~~
help: import paths are relative to the importing file
)txt"},
    {"ImportMissing", "import \"missing.twin\"\n",
     R"txt(state/a.twin:1:8: error[E0109]: cannot read imported file "state/missing.twin"
    1 | import "missing.twin"
      |        ^~~~~~~~~~~~~~
help: import paths are relative to the importing file
)txt"},
    {"ImportClashesWithLet", "import \"lib.twin\"\nlet shared = 1\n",
     R"txt(state/a.twin:2:5: error[E0110]: 'shared' is already imported from state/lib.twin
    2 | let shared = 1
      |     ^~~~~~
state/lib.twin:1:5: note: declared here
    1 | let shared = "s"
      |     ^~~~~~
help: rename the variable, or remove it from one of the files
)txt"},
    {"TwoImportsBringTheSameName", "import \"lib.twin\"\nimport \"other.twin\"\n",
     R"txt(state/a.twin:2:8: error[E0110]: 'shared' is imported from both state/lib.twin and state/other.twin
    2 | import "other.twin"
      |        ^~~~~~~~~~~~
state/other.twin:1:5: note: declared here
    1 | let shared = "t"
      |     ^~~~~~
help: rename one of them
)txt"},
    {"UnknownParameter", "define site(port: int) {\n  file \"/srv/${title}\" {}\n}\nsite \"a\" {\n  port = 1\n  prot = 2\n}\n",
     R"txt(state/a.twin:6:3: error[E0119]: site has no parameter 'prot'
    6 |   prot = 2
      |   ^~~~
state/a.twin:1:8: note: defined here
    1 | define site(port: int) {
      |        ^~~~
help: did you mean 'port'?
)txt"},
    {"MissingParameter", "define site(port: int, root: string = \"/srv\") {\n  file \"${root}/${title}\" {}\n}\nsite \"a\" {\n}\n",
     R"txt(state/a.twin:4:1: error[E0120]: missing parameter 'port' of site
    4 | site "a" {
      | ^~~~~~~~
state/a.twin:1:13: note: declared here
    1 | define site(port: int, root: string = "/srv") {
      |             ^~~~
help: set it: `port = ...`
)txt"},
    {"WrongParameterType", "define site(port: int) {\n  file \"/srv/${title}\" {}\n}\nsite \"a\" {\n  port = \"80\"\n}\n",
     R"txt(state/a.twin:5:10: error[E0121]: parameter 'port' of site must be an int, not a string
    5 |   port = "80"
      |          ^~~~
state/a.twin:1:19: note: declared here
    1 | define site(port: int) {
      |                   ^~~
)txt"},
    {"WrongDefaultType", "define site(port: int = \"80\") {\n  file \"/srv/${title}\" {}\n}\nsite \"a\" {}\n",
     R"txt(state/a.twin:1:25: error[E0121]: the default of parameter 'port' must be an int, not a string
    1 | define site(port: int = "80") {
      |                         ^~~~
state/a.twin:1:19: note: declared here
    1 | define site(port: int = "80") {
      |                   ^~~
)txt"},
    {"UnknownParameterType", "define d(a: strin) {}\n",
     R"txt(state/a.twin:1:13: error[E0122]: unknown parameter type 'strin'
    1 | define d(a: strin) {}
      |             ^~~~~
help: the types are string, int, bool, list, map, reference and any
)txt"},
    {"ParameterDeclaredTwice", "define d(a: int, a: int) {}\n",
     R"txt(state/a.twin:1:18: error[E0122]: parameter 'a' is declared twice
    1 | define d(a: int, a: int) {}
      |                  ^
state/a.twin:1:10: note: first declared here
    1 | define d(a: int, a: int) {}
      |          ^
help: remove one of them
)txt"},
    {"ParameterCalledTitle", "define d(title: string) {}\n",
     R"txt(state/a.twin:1:10: error[E0122]: a parameter cannot be called 'title'
    1 | define d(title: string) {}
      |          ^~~~~
help: inside the body, `title` is the instance's title
)txt"},
    {"DefineDeclaredTwice", "define d() {}\ndefine d() {}\n",
     R"txt(state/a.twin:2:8: error[E0123]: define 'd' is declared twice
    2 | define d() {}
      |        ^
state/a.twin:1:8: note: first declared here
    1 | define d() {}
      |        ^
help: rename one of them
)txt"},
    {"ErrorInsideADefineBody", "define site(port: int) {\n  file \"/srv/${title}\" {\n    content = \"${prt}\"\n  }\n}\nsite \"a\" {\n  port = 80\n}\n",
     R"txt(state/a.twin:3:18: error[E0102]: undefined variable 'prt'
    3 |     content = "${prt}"
      |                  ^~~
state/a.twin:6:1: note: in the instance site["a"]
    6 | site "a" {
      | ^~~~~~~~
help: did you mean 'port'?
)txt"},
    {"RecursiveDefine", "define loop() {\n  loop \"again\" {}\n}\nloop \"x\" {}\n",
     R"txt(state/a.twin:2:3: error[E0124]: defines are instantiated more than 16 deep
    2 |   loop "again" {}
      |   ^~~~~~~~~~~~
state/a.twin:4:1: note: the outermost instance
    4 | loop "x" {}
      | ^~~~
state/a.twin:2:3: note: in the instance loop["again"]
    2 |   loop "again" {}
      |   ^~~~~~~~~~~~
state/a.twin:4:1: note: in the instance loop["x"]
    4 | loop "x" {}
      | ^~~~~~~~
help: does a define instantiate itself?
)txt"},
    {"InstanceWithNestedBlock", "define d() {}\nd \"x\" {\n  entry \"e\" {}\n}\n",
     R"txt(state/a.twin:3:3: error[E0126]: an instance of d cannot hold nested blocks
    3 |   entry "e" {}
      |   ^~~~~
help: put the nested blocks in the define's body
)txt"},
    {"ImportedDefineClash", "import \"lib.twin\"\ndefine lib_site() {}\n",
     R"txt(state/a.twin:2:8: error[E0110]: define 'lib_site' is already imported from state/lib.twin
    2 | define lib_site() {}
      |        ^~~~~~~~
state/lib.twin:2:8: note: first declared here
    2 | define lib_site(port: int) {
      |        ^~~~~~~~
help: rename one of them
)txt"},
};

class LanguageErrorTest : public ::testing::TestWithParam<LanguageErrorCase> {};

TEST_P(LanguageErrorTest, RendersExactly) {
  EXPECT_EQ(testing::load_errors(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, LanguageErrorTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace twin::lang
