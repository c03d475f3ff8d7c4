// What the package provider refuses at plan time, against the real tools:
// removing Essential / Priority: required packages (declared or taken
// along) without allow_risky, packages or versions no source offers, and
// changes to undeclared held packages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "resources/package_codes.h"
#include "tests/resources/package_fixture.h"
#include "resources/package_actions.h"

namespace twin::resources::testing {
namespace {

using ::testing::HasSubstr;

using PackageRefusal = PackageSandboxTest;

TEST_F(PackageRefusal, EssentialPackageIsNotRemovedWithoutAllowRisky) {
  install({"esspkg"});
  auto steps = plan({package("esspkg", "absent")});
  ASSERT_FALSE(steps.ok());
  const engine::Error& e = steps.error();
  EXPECT_EQ(e.code, package_codes::kRiskyRemoval);
  EXPECT_EQ(e.message,
            "refusing to remove essential package esspkg (Essential: yes): the system may not "
            "work without it; set allow_risky = true in package[\"esspkg\"] to request it (it is "
            "then applied only when approved on the machine)");
  EXPECT_EQ(e.context, "package[\"esspkg\"]");
  EXPECT_EQ(e.span.begin, decls_[0].find("ensure")->value.span.begin);

  DeclBuilder allowed("package", "esspkg");
  allowed.str("ensure", "absent").attr("allow_risky", true);
  auto ok = plan({allowed.build()});
  ASSERT_TRUE(ok.ok()) << ok.error().text();
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ(ok->front().primary(), resources::package_action::kRemove);
}

TEST_F(PackageRefusal, RequiredPackageIsNotPurgedWithoutAllowRisky) {
  install({"corepkg"});
  auto steps = plan({package("corepkg", "purged")});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, package_codes::kRiskyRemoval);
  EXPECT_THAT(steps.error().message,
              HasSubstr("refusing to purge required package corepkg (Priority: required)"));
  EXPECT_THAT(steps.error().message, HasSubstr("allow_risky = true"));
}

TEST_F(PackageRefusal, RequiredPackageTakenAlongIsRefusedToo) {
  install({"basepkg"});  // Priority: required, depends on libbase
  auto steps = plan({package("libbase", "absent")});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, package_codes::kRiskyRemoval);
  EXPECT_THAT(steps.error().message, HasSubstr("required package basepkg"));
  EXPECT_THAT(steps.error().message, HasSubstr("package[\"libbase\"]"));

  DeclBuilder allowed("package", "libbase");
  allowed.str("ensure", "absent").attr("allow_risky", true);
  auto ok = plan({allowed.build()});
  ASSERT_TRUE(ok.ok()) << ok.error().text();
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ(ok->front().changes[0].details,
            (std::vector<std::string>{"also removes: basepkg (1.0)"}));
  auto result = apply(*ok);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(dpkg_rows(), "");
}

TEST_F(PackageRefusal, UnknownPackageSuggestsAptGetUpdate) {
  auto steps = plan({package("nosuchpkg")});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, package_codes::kNoCandidate);
  EXPECT_THAT(steps.error().message, HasSubstr("package nosuchpkg has no installation candidate"));
  // The sandbox's lists are its own: the command names the root.
  EXPECT_THAT(steps.error().message,
              HasSubstr("the lists are the root " + root_.string() + "'s own: update them with "));
  EXPECT_THAT(steps.error().message, HasSubstr("-o Dir=" + root_.string() + "/ "));
  EXPECT_EQ(steps.error().span.begin, decls_[0].title_span.begin);
}

TEST_F(PackageRefusal, UnavailableVersionListsTheOffered) {
  auto steps = plan({package("app", "9.9")});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, package_codes::kVersionUnavailable);
  EXPECT_THAT(steps.error().message,
              HasSubstr("version 9.9 of package app is not available from any package source "
                        "(available: 2.0, 1.0)"));
}

TEST_F(PackageRefusal, UndeclaredHeldDependentIsNotRemoved) {
  // apt's resolver itself refuses (twin's own E3311 check backs it up; see
  // package_batches_test.cc).
  install({"app-plugin"});
  hold("app-plugin");
  auto steps = plan({package("app", "absent")});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, package_codes::kToolFailed);
  EXPECT_THAT(steps.error().message, HasSubstr("held packages"));
  EXPECT_EQ(dpkg_rows(), "app 2.0 ii \napp-plugin 1.0 hi \nlibfoo1 2.0 ii \n");
}

TEST_F(PackageRefusal, AptRefusalIsReportedWithItsReason) {
  // apt will not upgrade a held dependency: its resolver gives up, and the
  // plan says why instead of guessing.
  install({"app=1.0", "libfoo1=1.0"});
  hold("libfoo1");
  auto steps = plan({package("app", "2.0")});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, package_codes::kToolFailed);
  EXPECT_EQ(steps.error().message,
            "apt-get exited with status 100: E: Unable to correct problems, you have held broken "
            "packages.");
  EXPECT_EQ(steps.error().context, "/usr/bin/apt-get -s install -- app=2.0");
}

TEST_F(PackageRefusal, InvalidDeclarationNeverReachesTheTools) {
  auto steps = plan({package("a;rm -rf /")});
  ASSERT_FALSE(steps.ok());
  EXPECT_EQ(steps.error().code, package_codes::kInvalidDecl);
  EXPECT_THAT(steps.error().message, HasSubstr("invalid package name"));
}

}  // namespace
}  // namespace twin::resources::testing
