// The mirror resource: expansion into file resources, explicit files
// winning, and plans against a sandbox root (edit -> REPLACE, add -> CREATE).
#include "resources/mirror_provider.h"

#include <gtest/gtest.h>

#include "engine/core/expansion.h"
#include "engine/core/reconciler.h"
#include "resources/process_runner.h"
#include "resources/register.h"
#include "tests/resources/decl_builder.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;
using testing::DeclBuilder;
using testing::TempDir;
using testing::write_file;

class MirrorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    twin_ = tmp_.path() / "twin";
    root_ = tmp_.path() / "root";
    write_file(twin_ / "filesystem/etc/motd", "hello\n");
    write_file(twin_ / "filesystem/etc/app/app.conf", "a = 1\n");
    fs::create_symlink("motd", twin_ / "filesystem/etc/link");
    write_file(root_ / "etc/motd", "hello\n");
    write_file(root_ / "etc/app/app.conf", "a = 1\n");
    fs::create_symlink("motd", root_ / "etc/link");
    register_builtin_providers(registry_);
    host_ = std::make_unique<engine::Host>(root_, runner_);
  }
  engine::Context ctx() const { return {*host_, twin_}; }

  /// prepare + compute_plan; "ACTION address" per step.
  std::vector<std::string> plan(std::vector<engine::Resource> declared) {
    declared_ = std::move(declared);
    lang::DiagnosticSink sink;
    auto prepared = engine::prepare(declared_, registry_, ctx(), sink);
    EXPECT_TRUE(prepared) << (sink.all().empty() ? "" : sink.all().front().message);
    if (!prepared) return {"(invalid)"};
    auto p = engine::compute_plan(*prepared, registry_, ctx());
    EXPECT_TRUE(p.ok()) << p.error().text();
    std::vector<std::string> steps;
    for (const auto& s : p->steps)
      steps.push_back(std::string(engine::action_name(s.primary())) + " " + s.address);
    return steps;
  }

  static engine::Resource etc_mirror() {
    return DeclBuilder("mirror", "/etc").str("source", "filesystem/etc").str("mode", "0644").build();
  }

  TempDir tmp_;
  fs::path twin_, root_;
  ProcessRunner runner_;
  std::unique_ptr<engine::Host> host_;
  engine::ProviderRegistry registry_;
  std::vector<engine::Resource> declared_;
};

TEST_F(MirrorTest, ExpandsIntoOneFilePerRegularFileCarryingItsAttributes) {
  lang::DiagnosticSink sink;
  std::vector<engine::Resource> declared = {etc_mirror()};
  auto expanded = engine::expand_resources(declared, registry_, ctx(), sink);
  ASSERT_TRUE(expanded);
  EXPECT_TRUE(sink.empty());
  ASSERT_EQ(expanded->size(), 3u);
  const auto& app = (*expanded)[0];
  EXPECT_EQ(app.address(), "file[\"/etc/app/app.conf\"]");
  EXPECT_EQ(*app.get_string("source"), "filesystem/etc/app/app.conf");
  EXPECT_EQ(*app.get_string("mode"), "0644");
  EXPECT_EQ(app.title_span.begin, declared[0].title_span.begin);  // errors point at the mirror
  // A symlink in the twin is a link on the machine: its target, no mode.
  const auto& link = (*expanded)[1];
  EXPECT_EQ(link.title, "/etc/link");
  EXPECT_EQ(*link.get_string("ensure"), "link");
  EXPECT_EQ(*link.get_string("target"), "motd");
  EXPECT_EQ(link.find("source"), nullptr);
  EXPECT_EQ(link.find("mode"), nullptr);
  EXPECT_EQ((*expanded)[2].title, "/etc/motd");
}

TEST_F(MirrorTest, AChangedLinkInTheTwinPlansReplaceAndApplyMakesIt) {
  fs::remove(twin_ / "filesystem/etc/link");
  fs::create_symlink("app/app.conf", twin_ / "filesystem/etc/link");
  EXPECT_EQ(plan({etc_mirror()}), (std::vector<std::string>{"REPLACE file[\"/etc/link\"]"}));
}

TEST_F(MirrorTest, NothingToExpandGivesNull) {
  lang::DiagnosticSink sink;
  std::vector<engine::Resource> declared = {DeclBuilder("file", "/etc/x").str("content", "x").build()};
  EXPECT_FALSE(engine::expand_resources(declared, registry_, ctx(), sink));
}

TEST_F(MirrorTest, PlansNothingWhenTheRootMatches) {
  EXPECT_TRUE(plan({etc_mirror()}).empty());
}

TEST_F(MirrorTest, EditingAMirroredFilePlansReplaceAndAddingOnePlansCreate) {
  write_file(twin_ / "filesystem/etc/app/app.conf", "a = 2\n");
  write_file(twin_ / "filesystem/etc/new.conf", "new\n");
  EXPECT_EQ(plan({etc_mirror()}), (std::vector<std::string>{"REPLACE file[\"/etc/app/app.conf\"]",
                                                           "CREATE file[\"/etc/new.conf\"]"}));
}

TEST_F(MirrorTest, AnExplicitFileWins) {
  auto motd = DeclBuilder("file", "/etc/motd").str("content", "bye\n").build();
  EXPECT_EQ(plan({etc_mirror(), motd}), std::vector<std::string>{"REPLACE file[\"/etc/motd\"]"});
}

TEST_F(MirrorTest, ASourceThatIsNotADirectoryOfTheTwinIsAnError) {
  lang::DiagnosticSink sink;
  std::vector<engine::Resource> declared = {
      DeclBuilder("mirror", "/srv").str("source", "filesystem/srv").build(),
      DeclBuilder("mirror", "relative").str("source", "../x").build(),
      DeclBuilder("mirror", "/opt").build()};
  EXPECT_FALSE(engine::prepare(declared, registry_, ctx(), sink));
  std::vector<std::string> codes;
  for (const auto& d : sink.all()) codes.push_back(d.code + " " + d.message);
  EXPECT_EQ(codes, (std::vector<std::string>{
                       "E0352 source \"filesystem/srv\" is not a directory of the twin",
                       "E0350 invalid mirror path: path must be absolute",
                       "E0351 invalid source: path contains a '..' component",
                       "E0351 a mirror needs `source`, a directory of the twin"}));
}

}  // namespace
}  // namespace twin::resources
