// Package defaults: a file that holds what its package shipped is recorded
// by name (`package_default`), recognised by dpkg's digest, and brought back
// from the snapshot's local copy or the package's .deb (real dpkg-deb and
// apt-get in a sandbox root with a local repository).
#include <gtest/gtest.h>

#include "resources/collect_package_defaults.h"
#include "resources/dpkg_conffiles.h"
#include "resources/file_provider.h"
#include "resources/md5.h"
#include "resources/package_files.h"
#include "resources/tar_member.h"
#include "tests/resources/decl_builder.h"
#include "tests/resources/package_fixture.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;
using testing::DeclBuilder;

TEST(Md5, MatchesTheRfcVectors) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5_hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
  EXPECT_EQ(md5_hex(std::string(55, 'a')), "ef1772b6dff9a122358552954ad0df65");  // one block
  EXPECT_EQ(md5_hex(std::string(56, 'a')), "3b0c8ac703f828b04c6c197006d17218");  // two
}

TEST(DpkgConffiles, InstalledPackagesOnlyObsoleteLeftOut) {
  auto files = parse_conffiles(
      "Package: nano\nStatus: install ok installed\nVersion: 7.2-1\nArchitecture: amd64\n"
      "Conffiles:\n /etc/nanorc 7dd4d6d3b0bb3b5bd0a6a3e3d7ea5d2f\n"
      " /etc/old.conf 11111111111111111111111111111111 obsolete\nDescription: x\n\n"
      "Package: gone\nStatus: deinstall ok config-files\nVersion: 1\nArchitecture: all\n"
      "Conffiles:\n /etc/gone.conf 22222222222222222222222222222222\n\n"
      "Package: bad\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n"
      "Conffiles:\n /etc/bad.conf nothex\n");
  ASSERT_EQ(files.size(), 1u);
  const Conffile& nanorc = files.at("/etc/nanorc");
  EXPECT_EQ(nanorc.package, "nano");
  EXPECT_EQ(nanorc.version, "7.2-1");
  EXPECT_EQ(nanorc.architecture, "amd64");
}

TEST(PackageDefaults, OnlyUntouchedRootOwned0644ConffilesAreSetAside) {
  FilesCollection files;
  FileMeta usual;
  usual.kind = FileKind::kFile;
  usual.mode = 0644;
  FileMeta private_meta = usual;
  private_meta.mode = 0640;
  files.files = {{"/etc/a.conf", "shipped\n", usual},
                 {"/etc/b.conf", "edited\n", usual},
                 {"/etc/c.conf", "shipped\n", private_meta},
                 {"/etc/d.conf", "mine\n", usual}};
  std::map<std::string, Conffile> conffiles = {
      {"/etc/a.conf", {"pkg", "1", "all", md5_hex("shipped\n")}},
      {"/etc/b.conf", {"pkg", "1", "all", md5_hex("shipped\n")}},
      {"/etc/c.conf", {"pkg", "1", "all", md5_hex("shipped\n")}}};
  testing::TempDir twin;
  auto problems = set_aside_package_defaults(files, conffiles, twin.path());
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(files.package_defaults.size(), 1u);
  EXPECT_EQ(files.package_defaults[0].path, "/etc/a.conf");
  EXPECT_EQ(files.package_defaults[0].package, "pkg");
  ASSERT_EQ(files.files.size(), 3u);
  EXPECT_EQ(files.files[0].path, "/etc/b.conf");
  // The local copy, content-addressed and private.
  fs::path copy = twin.path() / ".twin/package-defaults" / md5_hex("shipped\n");
  EXPECT_EQ(testing::read_file(copy), "shipped\n");
  EXPECT_EQ(fs::status(copy).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

class PackageDefaultFile : public testing::PackageSandboxTest {
 protected:
  void SetUp() override {
    PackageSandboxTest::SetUp();
    install({"app=1.0"});
    // apt keeps the .deb it installed; without it the default must come
    // from the local copy or a download.
    for (const auto& entry : fs::directory_iterator(root_ / "var/cache/apt/archives"))
      if (entry.path().extension() == ".deb") fs::remove(entry.path());
  }
  engine::Result<std::vector<engine::Step>> plan_file(const engine::Resource& decl) {
    const engine::Resource* one[] = {&decl};
    return files_.plan(one, ctx());
  }
  void apply_steps(const std::vector<engine::Step>& steps) {
    auto cp = engine::Checkpoint::create(tmp_.path() / ("file-cp" + std::to_string(++applies_)));
    ASSERT_TRUE(cp.ok());
    for (const auto& step : steps) {
      auto st = files_.apply(step, ctx(), *cp);
      ASSERT_TRUE(st) << st.error().text();
    }
  }
  FileProvider files_;
  int applies_ = 0;
};

TEST_F(PackageDefaultFile, AnUntouchedDefaultPlansNothingWithoutAnyPackageFile) {
  auto decl = DeclBuilder("file", "/etc/app.conf").str("package_default", "app").build();
  auto steps = plan_file(decl);
  ASSERT_TRUE(steps) << steps.error().text();
  EXPECT_TRUE(steps->empty());
  EXPECT_FALSE(fs::exists(tmp_.path() / ".twin/debs")) << "nothing downloaded";
}

TEST_F(PackageDefaultFile, AnEditedOrDeletedDefaultComesBackFromThePackage) {
  testing::write_file(root_ / "etc/app.conf", "setting = mine\n");
  auto decl = DeclBuilder("file", "/etc/app.conf").str("package_default", "app").build();
  auto steps = plan_file(decl);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].primary().name, "REPLACE");
  ASSERT_TRUE((*steps)[0].primary_change().diff);
  EXPECT_EQ((*steps)[0].primary_change().diff->new_text, "setting = 1.0\n");
  // The test repository is a file: one, which apt uses in place (a mirror
  // over HTTP would download into .twin/debs/); the root's cache is untouched.
  EXPECT_FALSE(fs::exists(root_ / "var/cache/apt/archives/app_1.0_all.deb"));
  apply_steps(*steps);
  EXPECT_EQ(testing::read_file(root_ / "etc/app.conf"), "setting = 1.0\n");

  fs::remove(root_ / "etc/app.conf");
  steps = plan_file(decl);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].primary().name, "CREATE");
  apply_steps(*steps);
  EXPECT_EQ(testing::read_file(root_ / "etc/app.conf"), "setting = 1.0\n");
}

TEST_F(PackageDefaultFile, TheSnapshotsLocalCopyServesWithoutThePackage) {
  ASSERT_TRUE(PackageFiles::keep_copy(tmp_.path(), md5_hex("setting = 1.0\n"), "setting = 1.0\n"));
  // No repository either: only the copy can answer.
  fs::remove(root_ / "etc/apt/sources.list");
  fs::remove_all(root_ / "var/lib/apt/lists");
  PackageFiles packages(*host_, tmp_.path());
  auto bytes = packages.shipped("app", "/etc/app.conf");
  ASSERT_TRUE(bytes) << bytes.error().text();
  EXPECT_EQ(*bytes, "setting = 1.0\n");
  // A copy whose bytes no longer have the digest is not used.
  testing::write_file(tmp_.path() / ".twin/package-defaults" / md5_hex("setting = 1.0\n"), "tampered\n");
  PackageFiles again(*host_, tmp_.path());
  auto refused = again.shipped("app", "/etc/app.conf");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "E3208");
}

TEST_F(PackageDefaultFile, ANotInstalledPackageBringsItsOwnDefault) {
  auto decl = DeclBuilder("file", "/etc/tool.conf").str("package_default", "tool").build();
  auto steps = plan_file(decl);
  ASSERT_TRUE(steps) << steps.error().text();
  EXPECT_TRUE(steps->empty());
}

TEST(TarMember, FindsARegularFileInWhatDpkgDebPrints) {
  testing::TempDir dir;
  testing::DebSpec spec{"cfgpkg", "2.0"};
  spec.conffile = true;
  fs::path deb = testing::build_deb(dir.path(), dir.path() / "src", spec);
  auto tar = testing::run_tool("/usr/bin/dpkg-deb", {"--fsys-tarfile", deb.string()});
  EXPECT_EQ(tar_member(tar.out, "./etc/cfgpkg.conf"), "setting = 2.0\n");
  EXPECT_EQ(tar_member(tar.out, "etc/cfgpkg.conf"), "setting = 2.0\n");
  EXPECT_FALSE(tar_member(tar.out, "./etc"));  // a directory is no file
  EXPECT_FALSE(tar_member(tar.out, "./etc/none"));
  EXPECT_FALSE(tar_member(tar.out.substr(0, 700), "./etc/cfgpkg.conf"));  // cut short
}

}  // namespace
}  // namespace twin::resources
