// How imports resolve with LoadOptions::modules_dir set (as engine/twin_loader
// sets it to "modules"): "modules/NAME/…" from the twin's top, a module's
// relative imports inside the module, and every escape refused at the
// import's file:line:col.
#include <gtest/gtest.h>

#include "lang/load.h"
#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

struct ModuleImport : ::testing::Test {
  MemoryReader reader;
  LoadOptions options;
  DiagnosticSink sink;

  void SetUp() override {
    options.reader = &reader;
    options.modules_dir = "modules";
    options.missing_module_hint = "run `fetch` to get it";
    reader.add("modules/web/web.twin",
               "import \"lib/site.twin\"\n"
               "define vhost(port: int = 80) {\n"
               "  file \"/etc/nginx/sites-enabled/${title}\" { content = \"${greeting} "
               "${title}:${port}\\n\" }\n"
               "}\n"
               "file \"/etc/nginx/nginx.conf\" { source = \"modules/web/files/nginx.conf\" }\n");
    reader.add("modules/web/lib/site.twin", "let greeting = \"server\"\n");
  }
  std::vector<ResourceDecl> load_state(const std::string& text) {
    return load({make_source("state/site.twin", text)}, options, sink);
  }
};

TEST_F(ModuleImport, ModulesPathResolvesFromTheTopAndModuleImportsStayInside) {
  auto resources = load_state("import \"modules/web/web.twin\"\nvhost \"example.org\" {}\n");
  ASSERT_EQ(testing::render_all(sink), "");
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[0].address(), "file[\"/etc/nginx/nginx.conf\"]");
  EXPECT_EQ(*resources[0].get_string("source"), "modules/web/files/nginx.conf");
  EXPECT_EQ(resources[1].address(), "file[\"/etc/nginx/sites-enabled/example.org\"]");
  EXPECT_EQ(*resources[1].get_string("content"), "server example.org:80\n");
}

TEST_F(ModuleImport, TheSameFileThroughARelativePathIsLoadedOnce) {
  auto resources = load({make_source("state/a.twin", "import \"../modules/web/web.twin\"\n"),
                         make_source("state/b.twin", "import \"modules/web/web.twin\"\n")},
                        options, sink);
  ASSERT_EQ(testing::render_all(sink), "");
  EXPECT_EQ(resources.size(), 1u);
}

TEST_F(ModuleImport, AMissingModuleSaysHowToFetchIt) {
  (void)load_state("# site\nimport \"modules/db/db.twin\"\n");
  EXPECT_EQ(testing::render_all(sink),
            R"(state/site.twin:2:8: error[E0109]: cannot read imported file "modules/db/db.twin"
    2 | import "modules/db/db.twin"
      |        ^~~~~~~~~~~~~~~~~~~~
help: run `fetch` to get it
)");
}

TEST_F(ModuleImport, ClimbingOutOfAModulesPathIsRefused) {
  reader.add("state/secret.twin", "let x = 1\n");
  (void)load_state("import \"modules/web/../../state/secret.twin\"\n");
  EXPECT_EQ(
      testing::render_all(sink),
      R"(state/site.twin:1:8: error[E0125]: import path "modules/web/../../state/secret.twin" is not a file of a module
    1 | import "modules/web/../../state/secret.twin"
      |        ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
help: write "modules/NAME/FILE.twin", without ".."
)");
}

TEST_F(ModuleImport, AModuleCannotReachOutsideItselfWithRelativePaths) {
  reader.add("modules/evil/evil.twin", "import \"../../state/site.twin\"\n");
  (void)load_state("import \"modules/evil/evil.twin\"\n");
  EXPECT_EQ(
      testing::render_all(sink),
      R"(modules/evil/evil.twin:1:8: error[E0125]: import path "../../state/site.twin" leaves the module "modules/evil"
    1 | import "../../state/site.twin"
      |        ^~~~~~~~~~~~~~~~~~~~~~~
help: a module imports its own files (relative paths), other modules as "modules/NAME/FILE.twin", and std:NAME
)");
}

TEST_F(ModuleImport, AModuleCannotReachAnotherModuleRelatively) {
  reader.add("modules/evil/evil.twin", "import \"../web/web.twin\"\n");
  (void)load_state("import \"modules/evil/evil.twin\"\n");
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0125");
}

TEST_F(ModuleImport, AModuleMayImportAnotherModuleByItsModulesPath) {
  reader.add("modules/app/app.twin", "import \"modules/web/web.twin\"\nvhost \"app\" {}\n");
  auto resources = load_state("import \"modules/app/app.twin\"\n");
  ASSERT_EQ(testing::render_all(sink), "");
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[1].address(), "file[\"/etc/nginx/sites-enabled/app\"]");
}

TEST_F(ModuleImport, EscapingTheTwinIsRefusedAsBefore) {
  (void)load_state("import \"../../etc/passwd\"\n");
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0125");
  EXPECT_EQ(sink.all()[0].message, "import path \"../../etc/passwd\" is outside the twin");
}

TEST_F(ModuleImport, AFileDirectlyInModulesIsNotAModule) {
  reader.add("modules/loose.twin", "let x = 1\n");
  (void)load_state("import \"modules/loose.twin\"\n");
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0125");
}

TEST(ModuleImportOff, WithoutModulesDirEveryPathIsRelative) {
  MemoryReader reader;
  reader.add("state/modules/web/web.twin", "let here = \"state\"\n");
  DiagnosticSink sink;
  auto resources =
      load({make_source("state/site.twin",
                        "import \"modules/web/web.twin\"\nthing \"t\" { v = here }\n")},
           LoadOptions{&reader, {}}, sink);
  ASSERT_EQ(testing::render_all(sink), "");
  ASSERT_EQ(resources.size(), 1u);
  EXPECT_EQ(*resources[0].get_string("v"), "state");
}

}  // namespace
}  // namespace twin::lang
