// packages "unlisted": the opt-in removal of manually installed packages no
// manifest lists, against the real dpkg and apt-get in a sandbox root.
// Essential, Priority-required, automatically installed and kept packages
// are never part of it, and a removal that apt would carry into a declared
// package is refused.
#include "resources/unlisted_packages_provider.h"

#include <gtest/gtest.h>

#include "engine/core/reconciler.h"
#include "resources/package_codes.h"
#include "resources/register.h"
#include "tests/resources/package_fixture.h"
#include "resources/package_actions.h"

namespace twin::resources {
namespace {

using testing::DeclBuilder;

class UnlistedPackagesTest : public testing::PackageSandboxTest {
 protected:
  void SetUp() override {
    PackageSandboxTest::SetUp();
    register_builtin_providers(registry_);
  }

  static engine::Resource unlisted(const std::string& ensure,
                                   std::vector<std::string> keep = {}) {
    DeclBuilder b("packages", "unlisted");
    b.str("ensure", ensure);
    if (!keep.empty()) {
      lang::List patterns;
      for (auto& k : keep) patterns.push_back(lang::Value{lang::Value::Data(std::move(k)), {}});
      b.attr("keep", lang::Value::Data(std::move(patterns)));
    }
    return b.build();
  }

  /// prepare + compute_plan with every provider: "ACTION address" per step,
  /// or the error's code.
  std::vector<std::string> plan_all(std::vector<engine::Resource> declared) {
    declared_ = std::move(declared);
    lang::DiagnosticSink sink;
    prepared_ = engine::prepare(declared_, registry_, ctx(), sink);
    if (!prepared_) return {"invalid: " + sink.all().front().code + " " + sink.all().front().message};
    auto p = engine::compute_plan(*prepared_, registry_, ctx());
    if (!p.ok()) return {"error: " + p.error().code};
    plan_ = std::move(*p);
    std::vector<std::string> steps;
    for (const auto& s : plan_.steps)
      steps.push_back(std::string(engine::action_name(s.primary())) + " " + s.address);
    return steps;
  }

  engine::ProviderRegistry registry_;
  std::vector<engine::Resource> declared_;
  std::optional<engine::PreparedTwin> prepared_;
  engine::Plan plan_;
};

TEST_F(UnlistedPackagesTest, RemovesOnlyManualUndeclaredNonRequiredPackages) {
  install({"app", "tool", "corepkg", "esspkg"});  // libfoo1 comes along, automatically
  EXPECT_EQ(plan_all({package("app"), unlisted("absent")}),
            (std::vector<std::string>{"REMOVE package[\"tool\"]"}));
  const auto& step = plan_.steps.front();
  ASSERT_FALSE(step.changes.empty());
  EXPECT_EQ(step.changes.front().action, resources::package_action::kRemove);

  // Applying it removes tool and nothing else.
  std::vector<engine::Step> steps = plan_.steps;
  auto result = apply(steps);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  std::string rows = dpkg_rows();
  EXPECT_EQ(rows.find("tool 1.1 ii"), std::string::npos) << rows;
  for (const char* stays : {"app ", "libfoo1 ", "corepkg ", "esspkg "})
    EXPECT_NE(rows.find(stays), std::string::npos) << stays << " in\n" << rows;
  EXPECT_TRUE(plan_all({package("app"), unlisted("absent")}).empty());
}

TEST_F(UnlistedPackagesTest, KeepPatternsAndPurge) {
  install({"app", "tool"});
  EXPECT_TRUE(plan_all({unlisted("absent", {"t*", "app"})}).empty());
  EXPECT_EQ(plan_all({package("app"), unlisted("purged", {"nothing-*"})}).size(), 1u);
  ASSERT_EQ(plan_.steps.size(), 1u);
  EXPECT_EQ(plan_.steps[0].address, "package[\"tool\"]");
  EXPECT_EQ(plan_.steps[0].changes.front().action, resources::package_action::kPurge);
}

TEST_F(UnlistedPackagesTest, ARemovalThatWouldTakeADeclaredPackageAlongIsRefused) {
  install({"libfoo1"});  // manual now
  install({"app"});      // depends on it
  EXPECT_EQ(plan_all({package("app"), unlisted("absent", {"app"})}),
            (std::vector<std::string>{"error: " + std::string(package_codes::kTakesDeclared)}));
}

TEST_F(UnlistedPackagesTest, BadTitleAndPatternsAreDiagnostics) {
  lang::DiagnosticSink sink;
  UnlistedPackagesProvider provider;
  auto bad = unlisted("absent", {"Linux_Image"});
  bad.title = "all";
  provider.validate(bad, ctx(), sink);
  ASSERT_EQ(sink.all().size(), 2u);
  EXPECT_EQ(sink.all()[0].code, package_codes::kDiagUnlistedTitle);
  EXPECT_EQ(sink.all()[1].code, package_codes::kDiagBadKeep);
}

}  // namespace
}  // namespace twin::resources
