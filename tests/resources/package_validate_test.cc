// validate() of package declarations: the right code, message, span and
// hint for every rule, table-driven.
#include <gtest/gtest.h>

#include "resources/package_codes.h"
#include "resources/package_provider.h"
#include "resources/package_spec.h"
#include "resources/process_runner.h"
#include "tests/resources/decl_builder.h"

namespace twin::resources::testing {
namespace {

lang::DiagnosticSink validate(const engine::Resource& decl) {
  ProcessRunner runner;
  engine::Host host("/", runner);
  PackageProvider provider;
  lang::DiagnosticSink sink;
  provider.validate(decl, {host, "/tmp"}, sink);
  return sink;
}

struct NameCase {
  std::string title;
  std::string code;  // "" when valid
  std::string message;
  std::string hint;
};

class PackageValidateName : public ::testing::TestWithParam<NameCase> {};

TEST_P(PackageValidateName, ReportsOnTheTitle) {
  const NameCase& c = GetParam();
  engine::Resource decl = DeclBuilder("package", c.title).build();
  lang::DiagnosticSink sink = validate(decl);
  if (c.code.empty()) {
    EXPECT_TRUE(sink.empty()) << sink.all().front().message;
    return;
  }
  ASSERT_EQ(sink.all().size(), 1u);
  const lang::Diagnostic& d = sink.all()[0];
  EXPECT_EQ(d.code, c.code);
  EXPECT_EQ(d.message, c.message);
  EXPECT_EQ(d.span.begin, decl.title_span.begin);
  EXPECT_EQ(d.span.end, decl.title_span.end);
  if (!c.hint.empty()) {
    EXPECT_EQ(d.hint, c.hint);
  }
}

INSTANTIATE_TEST_SUITE_P(
    PackageNames, PackageValidateName,
    ::testing::Values(
        NameCase{"nginx", "", "", ""}, NameCase{"g++", "", "", ""},
        NameCase{"libstdc++6", "", "", ""}, NameCase{"0ad", "", "", ""},
        NameCase{"python3.11-venv", "", "", ""},
        NameCase{"Foo", "E0321", "invalid package name \"Foo\": it contains upper-case letters",
                 "package names are lower case: write \"foo\""},
        NameCase{"-x", "E0321",
                 "invalid package name \"-x\": it starts with '-'; names start with a letter or "
                 "digit",
                 ""},
        NameCase{"a;rm -rf /", "E0321",
                 "invalid package name \"a;rm -rf /\": ';' is not allowed "
                 "in the name",
                 ""},
        NameCase{"a", "E0321", "invalid package name \"a\": it is shorter than two characters", ""},
        NameCase{"", "E0321", "invalid package name \"\": it is empty", ""},
        NameCase{"foo bar", "E0321",
                 "invalid package name \"foo bar\": a space is not allowed in the name", ""},
        NameCase{"foo\n", "E0321",
                 "invalid package name \"foo\\x0a\": byte 0x0a is not allowed in the name", ""},
        NameCase{"libc6:amd64", "E0322",
                 "architecture qualifiers are not supported: \"libc6:amd64\"",
                 "declare the package as \"libc6\"; twin manages the native architecture"}));

struct EnsureCase {
  std::string ensure;
  std::string code;  // "" when valid
  std::string message;
  std::string hint;
};

class PackageValidateEnsure : public ::testing::TestWithParam<EnsureCase> {};

TEST_P(PackageValidateEnsure, ReportsOnTheValue) {
  const EnsureCase& c = GetParam();
  engine::Resource decl = DeclBuilder("package", "nginx").str("ensure", c.ensure).build();
  lang::DiagnosticSink sink = validate(decl);
  if (c.code.empty()) {
    EXPECT_TRUE(sink.empty()) << sink.all().front().message;
    return;
  }
  ASSERT_EQ(sink.all().size(), 1u);
  const lang::Diagnostic& d = sink.all()[0];
  EXPECT_EQ(d.code, c.code);
  EXPECT_EQ(d.message, c.message);
  EXPECT_EQ(d.span.begin, decl.find("ensure")->value.span.begin);
  if (!c.hint.empty()) {
    EXPECT_EQ(d.hint, c.hint);
  }
}

INSTANTIATE_TEST_SUITE_P(
    PackageEnsure, PackageValidateEnsure,
    ::testing::Values(
        EnsureCase{"present", "", "", ""}, EnsureCase{"absent", "", "", ""},
        EnsureCase{"purged", "", "", ""}, EnsureCase{"latest", "", "", ""},
        EnsureCase{"1.2.3-1", "", "", ""}, EnsureCase{"1:2.0~rc1-2+deb12u1", "", "", ""},
        EnsureCase{"2:1.0-1-2", "", "", ""},
        EnsureCase{"presnt", "E0323", "invalid ensure \"presnt\": expected a keyword or a version",
                   "did you mean \"present\"?"},
        EnsureCase{"installed", "E0323",
                   "invalid ensure \"installed\": expected a keyword or a version", ""},
        EnsureCase{"1.0 beta", "E0324",
                   "invalid version \"1.0 beta\": a space is not allowed in the upstream version",
                   ""},
        EnsureCase{"1.0-", "E0324",
                   "invalid version \"1.0-\": the revision after the last '-' is empty", ""},
        EnsureCase{"1:", "E0324", "invalid version \"1:\": the upstream version is empty", ""},
        EnsureCase{"1:a", "E0324",
                   "invalid version \"1:a\": it starts with 'a'; versions start with a digit", ""},
        EnsureCase{"1.0_1", "E0324",
                   "invalid version \"1.0_1\": '_' is not allowed in the upstream version", ""}));

TEST(PackageValidate, HoldCannotGoWithAbsent) {
  engine::Resource decl =
      DeclBuilder("package", "nginx").str("ensure", "purged").attr("hold", true).build();
  lang::DiagnosticSink sink = validate(decl);
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, package_codes::kDiagHoldConflict);
  EXPECT_EQ(sink.all()[0].message, "hold = true cannot go with ensure = \"purged\"");
  EXPECT_EQ(sink.all()[0].span.begin, decl.find("hold")->value.span.begin);
}

TEST(PackageValidate, AutoCannotGoWithAbsent) {
  engine::Resource decl =
      DeclBuilder("package", "libfoo1").str("ensure", "absent").attr("auto", true).build();
  lang::DiagnosticSink sink = validate(decl);
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, package_codes::kDiagAutoConflict);
  EXPECT_EQ(sink.all()[0].message, "auto = true cannot go with ensure = \"absent\"");
  EXPECT_EQ(sink.all()[0].span.begin, decl.find("auto")->value.span.begin);
  auto spec = read_package_spec(DeclBuilder("package", "libfoo1").attr("auto", false).build());
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->automatic, false);
}

TEST(PackageValidate, EveryProblemIsReportedAndTypesAreLeftToTheChecker) {
  engine::Resource decl = DeclBuilder("package", "Bad!").str("ensure", "9 9").build();
  EXPECT_EQ(validate(decl).all().size(), 2u);
  // A non-string ensure is the generic checker's business, not ours...
  engine::Resource typed = DeclBuilder("package", "nginx").attr("ensure", true).build();
  EXPECT_TRUE(validate(typed).empty());
  // ...but plan never proceeds with it.
  auto spec = read_package_spec(typed);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().code, package_codes::kInvalidDecl);
}

TEST(PackageValidate, SpecCarriesTheDeclaredState) {
  auto spec = read_package_spec(DeclBuilder("package", "tool")
                                    .str("ensure", "1:1.0-2")
                                    .attr("hold", true)
                                    .attr("allow_risky", true)
                                    .build());
  ASSERT_TRUE(spec.ok()) << spec.error().text();
  EXPECT_EQ(spec->ensure, PackageEnsure::kVersion);
  EXPECT_EQ(spec->install_argument(), "tool=1:1.0-2");
  EXPECT_EQ(spec->hold, true);
  EXPECT_TRUE(spec->allow_risky);
  auto plain = read_package_spec(DeclBuilder("package", "tool").build());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->ensure, PackageEnsure::kPresent);
  EXPECT_FALSE(plain->hold.has_value());
  EXPECT_EQ(plain->install_argument(), "tool");
}

}  // namespace
}  // namespace twin::resources::testing
