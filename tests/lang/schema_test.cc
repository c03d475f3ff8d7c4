// The stdlib schemas: every file parses clean with the ordinary parser, every
// built-in type has a schema, and malformed schemas are reported (E0290).
#include "lang/schema.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stdlib/stdlib.h"
#include "tests/lang/lang_test_util.h"
#include "tests/lang/test_formats.h"

namespace twin::lang {
namespace {

std::vector<SourcePtr> stdlib_sources() {
  std::vector<SourcePtr> files;
  for (const auto& file : stdlib::files())
    files.push_back(make_source("stdlib/" + std::string(file.name), std::string(file.text)));
  return files;
}

SchemaSet load_stdlib(std::string* errors) {
  DiagnosticSink sink;
  SchemaSet set = SchemaSet::load(stdlib_sources(), testing::test_formats(), sink);
  *errors = testing::render_all(sink);
  return set;
}

SchemaSet load_text(const std::string& text, std::string* errors) {
  DiagnosticSink sink;
  SchemaSet set =
      SchemaSet::load({make_source("stdlib/t.twin", text)}, testing::test_formats(), sink);
  *errors = testing::render_all(sink);
  return set;
}

TEST(Schema, EveryStdlibFileParsesClean) {
  ASSERT_FALSE(stdlib::files().empty());
  for (const auto& file : stdlib::files()) {
    std::string errors = testing::all_errors(std::string(file.text));
    EXPECT_EQ(errors, "") << file.name;
  }
  std::string errors;
  (void)load_stdlib(&errors);
  EXPECT_EQ(errors, "");
}

TEST(Schema, EveryBuiltinTypeHasASchema) {
  std::string errors;
  SchemaSet set = load_stdlib(&errors);
  EXPECT_EQ(set.type_names(),
            (std::vector<std::string>{"accounts", "crontab", "crontabs", "file", "group", "mirror", "package",
                                      "packages", "service", "user"}));
}

TEST(Schema, FileSchemaMatchesTheProvider) {
  std::string errors;
  SchemaSet set = load_stdlib(&errors);
  const BlockSchema* file = set.find_type("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->title_format, "absolute_path");
  EXPECT_EQ(file->attribute_names(),
            (std::vector<std::string>{"ensure", "content", "source", "package_default",
                                      "machine_secret", "target", "mode", "owner", "group"}));
  const AttributeSchema* ensure = file->find_attribute("ensure");
  ASSERT_NE(ensure, nullptr);
  EXPECT_EQ(ensure->kind, ValueKind::kEnum);
  EXPECT_EQ(ensure->values, (std::vector<std::string>{"file", "directory", "link", "absent"}));
  ASSERT_TRUE(ensure->default_value);
  EXPECT_EQ(ensure->default_value->to_source(), "\"file\"");
  EXPECT_EQ(file->find_attribute("mode")->format, "mode");
  EXPECT_EQ(file->find_attribute("content")->conflicts,
            (std::vector<std::string>{"source", "target", "package_default", "machine_secret"}));
  EXPECT_TRUE(file->find_attribute("source")->twin_file);
  EXPECT_TRUE(file->blocks.empty());
}

TEST(Schema, PackageEnsureIsAKeywordOrAVersion) {
  std::string errors;
  SchemaSet set = load_stdlib(&errors);
  const AttributeSchema* ensure = set.find_type("package")->find_attribute("ensure");
  ASSERT_NE(ensure, nullptr);
  EXPECT_EQ(ensure->values, (std::vector<std::string>{"present", "absent", "purged", "latest"}));
  EXPECT_EQ(ensure->or_format, "debian_version");
}

TEST(Schema, CrontabDeclaresItsEntryBlock) {
  std::string errors;
  SchemaSet set = load_stdlib(&errors);
  const BlockSchema* crontab = set.find_type("crontab");
  ASSERT_NE(crontab, nullptr);
  const BlockSchema* entry = crontab->find_block("entry");
  ASSERT_NE(entry, nullptr);
  EXPECT_TRUE(entry->find_attribute("schedule")->required);
  EXPECT_EQ(entry->find_attribute("schedule")->format, "cron_schedule");
  EXPECT_TRUE(entry->find_attribute("command")->required);
}

TEST(Schema, MetaparametersApplyToTheirTypes) {
  std::string errors;
  SchemaSet set = load_stdlib(&errors);
  const AttributeSchema* require = set.find_metaparameter("service", "require");
  ASSERT_NE(require, nullptr);
  EXPECT_EQ(require->kind, ValueKind::kList);
  EXPECT_EQ(require->element, ValueKind::kReference);
  EXPECT_TRUE(require->single);
  EXPECT_NE(set.find_metaparameter("package", "allow_risky"), nullptr);
  EXPECT_NE(set.find_metaparameter("file", "sensitive"), nullptr);
  EXPECT_NE(set.find_metaparameter("crontab", "sensitive"), nullptr);
  EXPECT_EQ(set.find_metaparameter("service", "sensitive"), nullptr);
  EXPECT_EQ(set.find_metaparameter("file", "mode"), nullptr);
  std::vector<std::string> names;
  for (const AttributeSchema* m : set.metaparameters_of("package")) names.push_back(m->name);
  EXPECT_EQ(names, (std::vector<std::string>{"require", "before", "notify", "subscribe",
                                             "allow_risky"}));
}

TEST(Schema, MalformedSchemasAreReported) {
  std::string errors;
  SchemaSet set = load_text(
      "type \"t\" {\n"
      "  attribute \"a\" {\n"
      "    type = \"strng\"\n"
      "  }\n"
      "  attribute \"b\" {\n"
      "    type = \"string\"\n"
      "    format = \"octal\"\n"
      "    colour = \"red\"\n"
      "  }\n"
      "  attribute \"c\" {\n"
      "    type = \"enum\"\n"
      "  }\n"
      "  attribute \"d\" {\n"
      "    type = \"bool\"\n"
      "    default = \"yes\"\n"
      "  }\n"
      "}\n"
      "resource \"x\" {\n"
      "}\n",
      &errors);
  EXPECT_EQ(errors,
            "stdlib/t.twin:3:12: error[E0290]: invalid schema: unknown value type \"strng\"\n"
            "    3 |     type = \"strng\"\n"
            "      |            ^~~~~~~\n"
            "help: schemas live in stdlib/*.twin; lang/schema.h documents their keys\n"
            "stdlib/t.twin:7:14: error[E0290]: invalid schema: unknown format \"octal\"\n"
            "    7 |     format = \"octal\"\n"
            "      |              ^~~~~~~\n"
            "help: schemas live in stdlib/*.twin; lang/schema.h documents their keys\n"
            "stdlib/t.twin:8:5: error[E0290]: invalid schema: unknown schema key `colour` in an "
            "attribute\n"
            "    8 |     colour = \"red\"\n"
            "      |     ^~~~~~\n"
            "help: schemas live in stdlib/*.twin; lang/schema.h documents their keys\n"
            "stdlib/t.twin:10:13: error[E0290]: invalid schema: enum attribute \"c\" has no "
            "`values`\n"
            "   10 |   attribute \"c\" {\n"
            "      |             ^~~\n"
            "help: schemas live in stdlib/*.twin; lang/schema.h documents their keys\n"
            "stdlib/t.twin:15:15: error[E0290]: invalid schema: the default of attribute \"d\" is "
            "not a valid bool\n"
            "   15 |     default = \"yes\"\n"
            "      |               ^~~~~\n"
            "help: schemas live in stdlib/*.twin; lang/schema.h documents their keys\n"
            "stdlib/t.twin:18:1: error[E0290]: invalid schema: unknown declaration `resource`; "
            "expected `type` or `metaparameters`\n"
            "   18 | resource \"x\" {\n"
            "      | ^~~~~~~~\n"
            "help: schemas live in stdlib/*.twin; lang/schema.h documents their keys\n");
  // What was valid is kept.
  ASSERT_NE(set.find_type("t"), nullptr);
  EXPECT_EQ(set.find_type("t")->attributes.size(), 4u);
}

TEST(Schema, ATypeDeclaredTwiceIsReported) {
  std::string errors;
  SchemaSet set = load_text("type \"t\" {\n}\ntype \"t\" {\n}\n", &errors);
  EXPECT_NE(errors.find("error[E0290]: invalid schema: type \"t\" is declared twice"),
            std::string::npos)
      << errors;
  EXPECT_EQ(set.type_names(), std::vector<std::string>{"t"});
}

}  // namespace
}  // namespace twin::lang
