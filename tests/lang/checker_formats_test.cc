// The value formats a schema can ask for (lang/value_formats.h): lang's
// generic rules as tables of valid values and of invalid ones with the exact
// problem reported, and the registry the schemas and the checker share. The
// formats that know the system are tested in tests/resources/value_formats_test.cc.
#include "lang/value_formats.h"

#include <gtest/gtest.h>

#include <string>

#include "lang/checker.h"
#include "lang/schema.h"
#include "tests/lang/lang_test_util.h"
#include "tests/lang/test_formats.h"

namespace twin::lang {
namespace {

struct Case {
  const char* format;
  std::string text;
  const char* problem;  // nullptr: valid
};

const Case kCases[] = {
    {"mode", "0644", nullptr},
    {"mode", "755", nullptr},
    {"mode", "4755", nullptr},
    {"mode", "0999", "'9' is not an octal digit"},
    {"mode", "644x", "'x' is not an octal digit"},
    {"mode", "64", "a mode has 3 or 4 digits, not 2"},
    {"mode", "00644", "a mode has 3 or 4 digits, not 5"},
    {"absolute_path", "/", nullptr},
    {"absolute_path", "/etc/motd", nullptr},
    {"absolute_path", "/srv/www/ex ample.org/index.html", nullptr},
    {"absolute_path", "", "path is empty"},
    {"absolute_path", "etc/motd", "path must be absolute"},
    {"absolute_path", "/etc/", "path must not end with '/'"},
    {"absolute_path", "/etc//motd", "path contains '//'"},
    {"absolute_path", "/etc/./motd", "path contains a '.' component"},
    {"absolute_path", "/etc/..", "path contains a '..' component"},
    {"absolute_path", "/etc/\xff", "path is not valid UTF-8"},
    {"absolute_path", std::string("/etc/a\0b", 8), "path contains a NUL byte"},
    {"relative_path", "files/motd", nullptr},
    {"relative_path", "/files/motd", "path must be relative to the twin directory"},
    {"relative_path", "../motd", "path contains a '..' component"},
    {"relative_path", "files/", "path must not end with '/'"},
};

class FormatCases : public ::testing::TestWithParam<Case> {};

const FormatRegistry& generic() {
  static const FormatRegistry kGeneric = [] {
    FormatRegistry formats;
    add_generic_formats(formats);
    return formats;
  }();
  return kGeneric;
}

TEST_P(FormatCases, ReportsTheProblem) {
  const Case& c = GetParam();
  ASSERT_TRUE(generic().find(c.format));
  auto problem = generic().check(c.format, c.text);
  if (!c.problem) {
    EXPECT_FALSE(problem) << c.format << " \"" << c.text << "\": " << problem->message;
  } else {
    ASSERT_TRUE(problem) << c.format << " \"" << c.text << "\" passed";
    EXPECT_EQ(problem->message, c.problem);
    EXPECT_FALSE(problem->hint.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Table, FormatCases, ::testing::ValuesIn(kCases));

TEST(Formats, LangDefinesOnlyTheGenericOnes) {
  EXPECT_EQ(generic().names(),
            (std::vector<std::string>{"mode", "absolute_path", "relative_path"}));
  for (const std::string& name : generic().names()) EXPECT_NE(generic().noun(name), "");
  EXPECT_EQ(generic().noun("absolute_path"), "path");
  EXPECT_EQ(generic().find("package_name"), nullptr);
}

TEST(Formats, RegistryKeepsOrderAndRefusesASecondFormatOfTheSameName) {
  FormatRegistry formats;
  EXPECT_TRUE(formats.add({"b", "bee", "", nullptr}));
  EXPECT_TRUE(formats.add({"a", "ay", "", nullptr}));
  EXPECT_FALSE(formats.add({"b", "other", "", nullptr}));
  EXPECT_EQ(formats.names(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(formats.noun("b"), "bee");
  // Unknown formats (SchemaSet reports them) and formats without a rule
  // accept everything; an unknown format is called by its name.
  EXPECT_FALSE(formats.check("octal", "anything"));
  EXPECT_FALSE(formats.check("a", "anything"));
  EXPECT_EQ(formats.noun("octal"), "octal");
}

TEST(Formats, DescribeChar) {
  EXPECT_EQ(describe_char('x'), "'x'");
  EXPECT_EQ(describe_char(' '), "a space");
  EXPECT_EQ(describe_char('\n'), "byte 0x0a");
  EXPECT_EQ(describe_char('\xff'), "byte 0xff");
}

// A format registered by the caller is the one the schema loader and the
// checker use: its noun, message and hint, for titles, attributes and enums.
const char kWordSchema[] =
    "type \"thing\" {\n"
    "  title_format = \"lower_word\"\n"
    "  attribute \"label\" {\n"
    "    type = \"string\"\n"
    "    format = \"lower_word\"\n"
    "    example = \"abc\"\n"
    "  }\n"
    "  attribute \"size\" {\n"
    "    type = \"enum\"\n"
    "    values = [\"small\", \"large\"]\n"
    "    or_format = \"mode\"\n"
    "  }\n"
    "}\n";

std::string check_with(const FormatRegistry& formats, const std::string& schema,
                       const std::string& manifest) {
  DiagnosticSink schema_sink;
  SchemaSet schemas = SchemaSet::load({make_source("stdlib/t.twin", schema)}, formats, schema_sink);
  DiagnosticSink sink;
  std::vector<ResourceDecl> resources;
  if (auto module = parse(make_source("state/a.twin", manifest), sink))
    resources = evaluate(*module, sink);
  (void)check_resources(resources, schemas, {}, sink);
  return testing::render_all(schema_sink) + testing::render_all(sink);
}

TEST(Formats, TheCheckerUsesTheRegisteredFormats) {
  EXPECT_EQ(check_with(testing::test_formats(), kWordSchema,
                       "thing \"Abc\" {\n  label = \"a-b\"\n  size = \"mediun\"\n}\n"
                       "thing \"abc\" {\n  size = \"0999\"\n}\n"),
            "state/a.twin:1:7: error[E0206]: invalid word \"Abc\" in the title: 'A' is not a "
            "lower-case letter\n"
            "    1 | thing \"Abc\" {\n"
            "      |       ^~~~~\n"
            "help: write lower-case letters, e.g. \"abc\"\n"
            "state/a.twin:2:11: error[E0206]: invalid word \"a-b\": '-' is not a lower-case "
            "letter\n"
            "    2 |   label = \"a-b\"\n"
            "      |           ^~~~~\n"
            "help: write lower-case letters, e.g. \"abc\"\n"
            "state/a.twin:3:10: error[E0205]: invalid value \"mediun\" for `size`\n"
            "    3 |   size = \"mediun\"\n"
            "      |          ^~~~~~~~\n"
            "help: allowed values: \"small\", \"large\", or a mode\n"
            "state/a.twin:6:10: error[E0206]: invalid mode \"0999\": '9' is not an octal digit\n"
            "    6 |   size = \"0999\"\n"
            "      |          ^~~~~~\n"
            "help: a mode is 3 or 4 octal digits in a string, e.g. \"0644\"\n");
}

TEST(Formats, ASchemaMayNameOnlyRegisteredFormats) {
  std::string errors = check_with(generic(), kWordSchema, "");
  EXPECT_NE(errors.find("stdlib/t.twin:2:18: error[E0290]: invalid schema: unknown format "
                        "\"lower_word\""),
            std::string::npos)
      << errors;
}

}  // namespace
}  // namespace twin::lang
