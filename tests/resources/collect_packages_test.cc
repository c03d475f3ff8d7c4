// The packages collector: apt's auto marks (table) and a real dpkg
// database in a sandbox root, filled by the real apt-get.
#include "resources/collect_packages.h"

#include <gtest/gtest.h>

#include "tests/resources/package_fixture.h"

namespace twin::resources {
namespace {

using testing::PackageSandboxTest;

TEST(CollectAutoInstalled, ReadsStanzas) {
  auto marked = parse_auto_installed(
      "Package: libfoo1\nArchitecture: amd64\nAuto-Installed: 1\n\n"
      "Package: app\nArchitecture: amd64\nAuto-Installed: 0\n\n"
      "Package: libbar\nAuto-Installed: 1\n"
      "Package: trailing-without-blank\nArchitecture: i386\nAuto-Installed: 1");
  std::set<std::pair<std::string, std::string>> expected = {
      {"libfoo1", "amd64"}, {"trailing-without-blank", "i386"}};
  // A stanza runs to the blank line: libbar's mark belongs to the last Package line.
  EXPECT_EQ(marked, expected);
  EXPECT_TRUE(parse_auto_installed("").empty());
}

class CollectPackages : public PackageSandboxTest {};

TEST_F(CollectPackages, ManualAndAutomaticHeldAndRequired) {
  install({"app", "corepkg"});
  hold("corepkg");
  auto fs = RootedFs::open(root_);
  ASSERT_TRUE(fs.ok());
  auto collected = collect_packages(*host_, *fs);
  ASSERT_TRUE(collected.ok()) << collected.error().text();
  EXPECT_FALSE(collected->note);
  std::map<std::string, CollectedPackage> by_name;
  for (const auto& p : collected->packages) by_name[p.name] = p;
  ASSERT_EQ(by_name.size(), 3u);
  EXPECT_TRUE(by_name["app"].manual);
  EXPECT_EQ(by_name["app"].version, "2.0");
  EXPECT_FALSE(by_name["libfoo1"].manual);  // pulled in as a dependency
  EXPECT_TRUE(by_name["corepkg"].held);
  EXPECT_EQ(by_name["corepkg"].priority, "required");
}

TEST(CollectPackagesNoDb, ARootWithoutDpkgGivesANote) {
  testing::TempDir tmp;
  ProcessRunner runner;
  engine::Host host(tmp.path(), runner);
  auto fs = RootedFs::open(tmp.path());
  ASSERT_TRUE(fs.ok());
  auto collected = collect_packages(host, *fs);
  ASSERT_TRUE(collected.ok());
  EXPECT_TRUE(collected->packages.empty());
  ASSERT_TRUE(collected->note);
  EXPECT_NE(collected->note->find("no dpkg database"), std::string::npos);
}

}  // namespace
}  // namespace twin::resources
