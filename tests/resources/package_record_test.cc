// The snapshot's package record (live/packages.yaml): parsing, reading it
// beneath the twin only, and what it fills into a declaration (the sandbox
// behaviour is in package_restore_test.cc).
#include "resources/package_record.h"

#include <gtest/gtest.h>

#include "resources/package_codes.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

using Names = std::vector<std::string>;

TEST(PackageRecord, ParsesWhatSnapshotsWrite) {
  auto record = parse_package_record(
      "packages:\n"
      "  - {name: app, version: \"1:2.0-1\", arch: all, manual: true, held: true}\n"
      "  - {name: libfoo1, version: \"1.0\", arch: amd64, manual: false}\n"
      "  - {name: libfoo1, version: \"0.5\", arch: i386, manual: true}\n");
  ASSERT_TRUE(record.ok()) << record.error().text();
  ASSERT_TRUE(*record);
  const PackageRecord& r = **record;
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r.at("app").version, "1:2.0-1");
  EXPECT_FALSE(r.at("app").automatic);
  EXPECT_TRUE(r.at("app").held);
  EXPECT_EQ(r.at("libfoo1").version, "1.0");  // the first architecture stands for the name
  EXPECT_TRUE(r.at("libfoo1").automatic);
  EXPECT_FALSE(r.at("libfoo1").held);
}

TEST(PackageRecord, ARootWithoutDpkgRecordedNothing) {
  auto record = parse_package_record("note: no dpkg database\npackages: []\n");
  ASSERT_TRUE(record.ok());
  EXPECT_FALSE(*record);
  auto empty = parse_package_record("packages: []\n");  // a root with nothing installed
  ASSERT_TRUE(empty.ok());
  ASSERT_TRUE(*empty);
  EXPECT_TRUE((*empty)->empty());
}

TEST(PackageRecord, WhatIsNoRecordIsE3313) {
  for (const char* text : {"packages: {a: 1}\n", "- just a list\n", "packages: [{name: x}]\n",
                           "packages: [{name: \"Bad Name\", version: \"1\"}]\n",
                           "packages: [{name: app, version: \"1.0 ; rm\"}]\n", "packages: [\n"}) {
    auto record = parse_package_record(text);
    ASSERT_FALSE(record.ok()) << text;
    EXPECT_EQ(record.error().code, package_codes::kBadRecord) << text;
  }
}

TEST(PackageRecord, IsReadBeneathTheTwinNeverThroughASymlink) {
  testing::TempDir tmp;
  auto none = read_package_record(tmp.path());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  testing::write_file(tmp.path() / "elsewhere.yaml", "packages: []\n");
  std::filesystem::create_directories(tmp.path() / "live");
  std::filesystem::create_symlink(tmp.path() / "elsewhere.yaml", tmp.path() / "live/packages.yaml");
  auto linked = read_package_record(tmp.path());
  ASSERT_FALSE(linked.ok());
  EXPECT_EQ(linked.error().code, package_codes::kBadRecord);
}

TEST(PackageRecord, FillsOnlyWhatTheDeclarationLeavesOpen) {
  RecordedPackage recorded{"1.0", true, true};
  PackageSpec open;
  open.name = "app";
  fill_from_record(open, recorded);
  EXPECT_EQ(open.preferred_version, "1.0");
  EXPECT_EQ(open.automatic, true);
  EXPECT_EQ(open.hold, true);
  EXPECT_EQ(open.install_argument(), "app=1.0");

  PackageSpec said;
  said.name = "app";
  said.ensure = PackageEnsure::kLatest;
  said.hold = false;
  said.automatic = false;
  fill_from_record(said, recorded);
  EXPECT_EQ(said.preferred_version, "");
  EXPECT_EQ(said.hold, false);
  EXPECT_EQ(said.automatic, false);

  PackageSpec absent;
  absent.ensure = PackageEnsure::kAbsent;
  fill_from_record(absent, recorded);
  EXPECT_FALSE(absent.hold);
  EXPECT_FALSE(absent.automatic);
}

TEST(PackageRecord, AVersionNoSourceOffersIsDroppedWithAReason) {
  PackagePolicy policy;
  policy.versions = {{"2.0", true}, {"1.0", false}};  // 1.0 only in the status file
  PackageSpec spec;
  spec.preferred_version = "2.0";
  EXPECT_FALSE(keep_offered_version(spec, &policy));
  EXPECT_EQ(spec.preferred_version, "2.0");
  spec.preferred_version = "1.0";
  EXPECT_EQ(keep_offered_version(spec, &policy),
            "the recorded version 1.0 is no longer offered by any package source");
  EXPECT_EQ(spec.preferred_version, "");
  spec.preferred_version = "1.0";
  EXPECT_TRUE(keep_offered_version(spec, nullptr));
}

}  // namespace
}  // namespace twin::resources
