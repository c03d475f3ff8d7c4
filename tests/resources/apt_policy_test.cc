// Parsing `apt-cache policy` output, table-driven.
#include "resources/apt_policy.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

constexpr char kOutput[] =
    "app:\n"
    "  Installed: 1.0\n"
    "  Candidate: 2.0\n"
    "  Version table:\n"
    "     2.0 500\n"
    "        500 file:/tmp/repo ./ Packages\n"
    " *** 1.0 500\n"
    "        500 file:/tmp/repo ./ Packages\n"
    "        100 /tmp/root/var/lib/dpkg/status\n"
    "orphan:\n"
    "  Installed: 1.0\n"
    "  Candidate: 1.0\n"
    "  Version table:\n"
    " *** 1.0 100\n"
    "        100 /var/lib/dpkg/status\n"
    "virtual:\n"
    "  Installed: (none)\n"
    "  Candidate: (none)\n"
    "  Version table:\n"
    "tool:\n"
    "  Installed: (none)\n"
    "  Candidate: 1:1.1-1\n"
    "  Version table:\n"
    "     1:1.1-1 990\n"
    "        990 http://deb.debian.org/debian bookworm/main amd64 Packages\n"
    "     1:1.0-1 500\n"
    "        500 http://deb.debian.org/debian bookworm/main amd64 Packages\n"
    "        500 http://mirror.example/debian bookworm/main amd64 Packages\n";

TEST(AptPolicyParse, InstalledCandidateAndVersions) {
  auto policies = parse_apt_policy(kOutput);
  ASSERT_EQ(policies.size(), 4u);

  const PackagePolicy& app = policies.at("app");
  EXPECT_EQ(app.installed, "1.0");
  EXPECT_EQ(app.candidate, "2.0");
  ASSERT_EQ(app.versions.size(), 2u);
  EXPECT_TRUE(app.downloadable("1.0"));
  EXPECT_TRUE(app.downloadable("2.0"));
  EXPECT_FALSE(app.downloadable("3.0"));
  EXPECT_EQ(app.downloadable_list(), "2.0, 1.0");

  // Only the status file knows it: installed, but no source can reinstall it.
  const PackagePolicy& orphan = policies.at("orphan");
  EXPECT_EQ(orphan.candidate, "1.0");
  EXPECT_FALSE(orphan.downloadable("1.0"));
  EXPECT_EQ(orphan.downloadable_list(), "");

  EXPECT_EQ(policies.at("virtual").installed, "");
  EXPECT_EQ(policies.at("virtual").candidate, "");
  EXPECT_TRUE(policies.at("virtual").versions.empty());

  const PackagePolicy& tool = policies.at("tool");
  EXPECT_EQ(tool.candidate, "1:1.1-1");
  EXPECT_EQ(tool.downloadable_list(), "1:1.1-1, 1:1.0-1");
}

TEST(AptPolicyParse, UnknownPackagesAndNoiseAreMissing) {
  EXPECT_TRUE(parse_apt_policy("").empty());
  EXPECT_TRUE(parse_apt_policy("N: Unable to locate package nosuch\n").empty());
}

}  // namespace
}  // namespace twin::resources
