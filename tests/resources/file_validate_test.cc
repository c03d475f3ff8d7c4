// FileProvider::validate: every bad title or attribute is a diagnostic with a
// stable code, the span of the offending text and a hint.
#include <gtest/gtest.h>

#include "resources/collect_file_rules.h"

#include "resources/error_codes.h"
#include "resources/file_provider.h"
#include "resources/file_spec.h"
#include "tests/resources/decl_builder.h"
#include "tests/resources/recording_runner.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

using testing::DeclBuilder;
namespace fs = std::filesystem;

class FileValidateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(root());
    fs::create_directories(twin());
    testing::write_file(root() / "etc/passwd", "alice:x:4242:4343::/home/alice:/bin/sh\n");
    testing::write_file(root() / "etc/group", "alice:x:4343:\n");
    testing::write_file(twin() / "files/motd", "from the twin\n");
  }
  fs::path root() const { return sandbox_.path() / "root"; }
  fs::path twin() const { return sandbox_.path() / "twin"; }

  std::vector<lang::Diagnostic> validate(const lang::ResourceDecl& decl) {
    engine::Host host(root(), runner_);
    engine::Context ctx{host, twin()};
    lang::DiagnosticSink sink;
    provider_.validate(decl, ctx, sink);
    return sink.all();
  }

  testing::TempDir sandbox_;
  testing::RecordingRunner runner_;
  FileProvider provider_;
};

TEST_F(FileValidateTest, AcceptsAFullDeclaration) {
  auto decl = DeclBuilder("file", "/etc/motd")
                  .str("ensure", "file")
                  .str("source", "files/motd")
                  .str("mode", "0640")
                  .str("owner", "alice")
                  .str("group", "4343")
                  .attr("sensitive", true)
                  .build();
  EXPECT_TRUE(validate(decl).empty());
}

struct TitleCase {
  std::string title;
  std::string message;
};

TEST_F(FileValidateTest, RefusesBadTitlesAtTheTitleSpan) {
  const std::vector<TitleCase> cases = {
      {"etc/motd", "invalid file path: path must be absolute"},
      {"/etc/../etc/shadow", "invalid file path: path contains a '..' component"},
      {"/etc/./motd", "invalid file path: path contains a '.' component"},
      {"/etc//motd", "invalid file path: path contains '//'"},
      {"/etc/motd/", "invalid file path: path must not end with '/'"},
      {std::string("/etc/a\0b", 8), "invalid file path: path contains a NUL byte"},
      {"/", "\"/\" can only be declared with ensure = \"directory\""},
  };
  for (const auto& c : cases) {
    auto decl = DeclBuilder("file", c.title).str("content", "x").build();
    auto diags = validate(decl);
    ASSERT_EQ(diags.size(), 1u) << c.title;
    EXPECT_EQ(diags[0].code, codes::kDiagBadTitle);
    EXPECT_EQ(diags[0].message, c.message);
    EXPECT_EQ(diags[0].span.begin, decl.title_span.begin);
  }
  auto bad = validate(DeclBuilder("file", "etc/motd").build());
  EXPECT_EQ(bad[0].hint,
            "a file's title is its absolute, normal path, e.g. \"/etc/motd\" (no '.', '..', "
            "'//' or trailing '/')");
}

// The trust list of signers approves risky changes: a twin that could
// write it could approve itself.
TEST_F(FileValidateTest, TheMachinesTrustConfigurationIsOutOfReach) {
  for (const char* title : {"/etc/twinsync", "/etc/twinsync/allowed_signers"}) {
    auto decl = DeclBuilder("file", title).str("content", "x").build();
    auto diags = validate(decl);
    ASSERT_EQ(diags.size(), 1u) << title;
    EXPECT_EQ(diags[0].code, "E0312");
    EXPECT_EQ(diags[0].message,
              "/etc/twinsync is the machine's own trust configuration; no twin manages it");
  }
  EXPECT_TRUE(validate(DeclBuilder("file", "/etc/twinsyncx").str("content", "x").build()).empty());
  EXPECT_TRUE(trust_config_reason("/etc/twinsync/allowed_signers"));
  EXPECT_FALSE(trust_config_reason("/etc/twinsyncx"));
}

// Names, types, ensure values, modes and content-with-source are the
// schema's: the checker reports them (tests/lang/checker_errors_test.cc).
// validate() adds nothing for them, and plan() still refuses them.
TEST_F(FileValidateTest, MetaparametersAndUnknownNamesAreLeftToTheChecker) {
  auto decl = DeclBuilder("file", "/etc/motd")
                  .str("content", "x")
                  .attr("require", lang::List{})
                  .attr("allow_risky", true)
                  .str("colour", "red")
                  .build();
  EXPECT_TRUE(validate(decl).empty());
}

TEST_F(FileValidateTest, SchemaViolationsAreNotReportedButRefusedByPlan) {
  const std::vector<lang::ResourceDecl> decls = {
      DeclBuilder("file", "/f").attr("mode", std::int64_t{644}).build(),
      DeclBuilder("file", "/f").str("ensure", "dirctory").build(),
      DeclBuilder("file", "/f").str("sensitive", "yes").build(),
      DeclBuilder("file", "/f").str("mode", "0648").build(),
      DeclBuilder("file", "/f").str("content", "x").str("source", "files/motd").build(),
  };
  for (const auto& decl : decls) {
    EXPECT_TRUE(validate(decl).empty());
    engine::Host host(root(), runner_);
    engine::Context ctx{host, twin()};
    const engine::Resource* one[] = {&decl};
    auto steps = provider_.plan(one, ctx);
    ASSERT_FALSE(steps);
    EXPECT_EQ(steps.error().code, codes::kInvalidDecl);
    EXPECT_EQ(steps.error().message,
              "invalid file declaration: it does not fit the `file` schema (`twin lint` says why)");
  }
}

TEST_F(FileValidateTest, ModesOfThreeOrFourOctalDigitsAreRead) {
  EXPECT_EQ(parse_mode("0644"), 0644u);
  EXPECT_EQ(parse_mode("4755"), 04755u);
  for (const char* mode : {"0644", "644", "4755", "0000", "7777"})
    EXPECT_TRUE(validate(DeclBuilder("file", "/f").str("mode", mode).build()).empty()) << mode;
  for (const char* mode : {"", "64", "0648", "10644", "rw-r--r--", "0x1a", " 644"})
    EXPECT_FALSE(parse_mode(mode)) << mode;
}

TEST_F(FileValidateTest, OwnersAreResolvedInTheTargetRoot) {
  auto decl = DeclBuilder("file", "/f").str("owner", "daemon").str("group", "nogroup").build();
  auto diags = validate(decl);
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags[0].code, codes::kDiagUnknownOwner);
  EXPECT_EQ(diags[0].message, "unknown user \"daemon\" on the target");
  EXPECT_EQ(diags[0].hint,
            "names are looked up in the target root's etc/passwd; a numeric id also works");
  EXPECT_EQ(diags[1].code, codes::kDiagUnknownGroup);
}

TEST_F(FileValidateTest, ContentAndSourceAreOnlyForFiles) {
  auto dir =
      validate(DeclBuilder("file", "/d").str("ensure", "directory").str("content", "x").build());
  ASSERT_EQ(dir.size(), 1u);
  EXPECT_EQ(dir[0].code, codes::kDiagContentOnNonFile);
  EXPECT_EQ(dir[0].message, "`content` has no meaning with ensure = \"directory\"");
  auto absent =
      validate(DeclBuilder("file", "/d").str("ensure", "absent").str("mode", "0600").build());
  ASSERT_EQ(absent.size(), 1u);
  EXPECT_EQ(absent[0].message, "`mode` has no meaning with ensure = \"absent\"");
}

TEST_F(FileValidateTest, SourceMustBeANormalRelativeRegularFileInTheTwin) {
  auto climbing = validate(DeclBuilder("file", "/f").str("source", "../secrets").build());
  ASSERT_EQ(climbing.size(), 1u);
  EXPECT_EQ(climbing[0].code, codes::kDiagBadSource);
  EXPECT_EQ(climbing[0].message, "invalid source path: path contains a '..' component");

  auto absolute = validate(DeclBuilder("file", "/f").str("source", "/etc/shadow").build());
  ASSERT_EQ(absolute.size(), 1u);
  EXPECT_EQ(absolute[0].message,
            "invalid source path: path must be relative to the twin directory");

  auto missing = validate(DeclBuilder("file", "/f").str("source", "files/nope").build());
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].message,
            "source \"files/nope\" cannot be used: no such file in the twin directory");

  fs::create_symlink("/etc/passwd", twin() / "files/passwd");
  auto link = validate(DeclBuilder("file", "/f").str("source", "files/passwd").build());
  ASSERT_EQ(link.size(), 1u);
  EXPECT_EQ(link[0].message,
            "source \"files/passwd\" cannot be used: it is a symlink, not a regular file");

  fs::create_symlink("/etc", twin() / "hostetc");
  auto escape = validate(DeclBuilder("file", "/f").str("source", "hostetc/passwd").build());
  ASSERT_EQ(escape.size(), 1u);
  EXPECT_EQ(escape[0].message,
            "source \"hostetc/passwd\" cannot be used: path leaves the target root through a "
            "symlink or '..' (hostetc/passwd)");
}

}  // namespace
}  // namespace twin::resources
