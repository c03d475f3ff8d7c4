// The files collector on a sandbox root with every case the rules name.
#include "resources/collect_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>

#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

std::map<std::string, std::string> reasons(const FilesCollection& c) {
  std::map<std::string, std::string> out;
  for (const auto& s : c.skipped) out[s.path] = s.reason;
  return out;
}

class CollectFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.path() / "root";
    write_file(root_ / "etc/motd", "hello\n");
    write_file(root_ / "etc/app/app.conf", "a = 1\n", 0640);
    ::chown((root_ / "etc/app/app.conf").c_str(), 0, 4);
    write_file(root_ / "etc/sudoers", "root ALL=(ALL) ALL\n", 0440);
    write_file(root_ / "etc/shadow", "root:*:1::::::\n", 0640);
    ::chown((root_ / "etc/shadow").c_str(), 0, 42);
    write_file(root_ / "etc/ssh/ssh_host_ed25519_key", "k\n");
    write_file(root_ / "etc/ssh/ssh_host_ed25519_key.pub", "ssh-ed25519 AAAA\n");
    write_file(root_ / "etc/ssl/private/site.key", "k\n");
    write_file(root_ / "etc/app/tls.pem", "-----BEGIN PRIVATE KEY-----\nMII\n");
    write_file(root_ / "etc/app/logo.png", std::string("\x89PNG\0\0", 6));
    write_file(root_ / "etc/big.txt", std::string(2000, 'x'));
    write_file(root_ / "etc/new\nline", "x\n");
    write_file(root_ / "etc/cache/skip.txt", "x\n");
    write_file(root_ / "etc/ppp/chap-secrets", "-----BEGIN PRIVATE KEY-----\n");
    fs::create_symlink("/usr/share/zoneinfo/UTC", root_ / "etc/localtime");
    ::mkfifo((root_ / "etc/fifo").c_str(), 0644);
    config_.max_file_bytes = 1000;
    config_.excludes = {"/etc/cache"};
    config_.include_secrets = {"/etc/ppp"};
  }
  FilesCollection collect(std::vector<std::string> roots) {
    auto fs = RootedFs::open(root_);
    EXPECT_TRUE(fs.ok());
    auto c = collect_files(*fs, roots, config_);
    EXPECT_TRUE(c.ok()) << c.error().text();
    return c.ok() ? *c : FilesCollection{};
  }
  TempDir tmp_;
  fs::path root_;
  engine::TwinConfig config_;
};

TEST_F(CollectFiles, KeepsTextFilesAndLinksAndSaysWhyTheRestIsSkipped) {
  FilesCollection c = collect({"/etc", "/home/none/.config"});
  std::vector<std::string> kept;
  for (const auto& f : c.files) kept.push_back(f.path);
  EXPECT_EQ(kept, (std::vector<std::string>{"/etc/app/app.conf", "/etc/motd",
                                            "/etc/ppp/chap-secrets",
                                            "/etc/ssh/ssh_host_ed25519_key.pub"}));
  EXPECT_EQ(c.files[0].meta.mode, 0640u);
  EXPECT_EQ(c.files[0].meta.gid, 4u);
  EXPECT_EQ(c.files[1].content, "hello\n");
  ASSERT_EQ(c.links.size(), 1u);
  EXPECT_EQ(c.links[0].target, "/usr/share/zoneinfo/UTC");
  EXPECT_EQ(c.binary_skipped, 1u);
  ASSERT_EQ(c.roots.size(), 1u);  // the missing root is not listed

  auto why = reasons(c);
  EXPECT_EQ(why["/etc/shadow"],
            "account database: recorded as user and group resources (state/accounts.twin)");
  EXPECT_EQ(why["/etc/sudoers"], "secret: only root may read it");
  EXPECT_EQ(why["/etc/ssh/ssh_host_ed25519_key"], "secret: SSH host private key");
  EXPECT_EQ(why["/etc/ssl/private/site.key"], "secret: TLS private key directory");
  EXPECT_EQ(why["/etc/app/tls.pem"], "secret: private key block");
  EXPECT_EQ(why["/etc/big.txt"], "larger than 1000 bytes");
  EXPECT_EQ(why["/etc/cache"], "excluded by config.yaml");
  EXPECT_EQ(why.count("/etc/cache/skip.txt"), 0u);
  EXPECT_EQ(why["/etc/fifo"], "not a regular file (device, FIFO or socket)");
  EXPECT_EQ(why["/etc/new\nline"],
            "name cannot be written in a manifest: path contains a control character");
}

TEST_F(CollectFiles, DpkgAlternativesFollowThePackagesAndAreNotMirrored) {
  fs::create_directories(root_ / "etc/alternatives");
  fs::create_symlink("/bin/nano", root_ / "etc/alternatives/editor");
  fs::create_symlink("/bin/nano", root_ / "etc/alternatives/pico");
  write_file(root_ / "etc/alternatives/README", "Please read the update-alternatives(1) man page\n");
  FilesCollection c = collect({"/etc"});
  for (const auto& f : c.files) EXPECT_FALSE(f.path.starts_with("/etc/alternatives")) << f.path;
  for (const auto& l : c.links) EXPECT_FALSE(l.path.starts_with("/etc/alternatives")) << l.path;
  for (const auto& d : c.dirs) EXPECT_FALSE(d.path.starts_with("/etc/alternatives")) << d.path;
  auto why = reasons(c);
  EXPECT_EQ(why["/etc/alternatives"], "dpkg alternatives: they follow the packages");
  EXPECT_EQ(why.count("/etc/alternatives/editor"), 0u);  // one line for the directory
}

TEST(CollectRoots, HomeRootsUseTheGivenHomeAndNestedRootsFold) {
  std::vector<SkippedPath> skipped;
  EXPECT_EQ(resolve_roots({"/etc", "~/.config", "/etc/app/", "/srv"}, "/home/alice", skipped),
            (std::vector<std::string>{"/etc", "/home/alice/.config", "/srv"}));
  EXPECT_TRUE(skipped.empty());
  EXPECT_EQ(resolve_roots({"/etc", "~/.config"}, std::nullopt, skipped),
            std::vector<std::string>{"/etc"});
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].path, "~/.config");
}

TEST(CollectRoots, PasswdHome) {
  std::string passwd = "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:A:/home/alice:/bin/sh\n"
                       "broken\nbob:x:1001:1001::relative:/bin/sh\n";
  EXPECT_EQ(passwd_home(passwd, "alice"), "/home/alice");
  EXPECT_EQ(passwd_home(passwd, "root"), "/root");
  EXPECT_FALSE(passwd_home(passwd, "bob"));
  EXPECT_FALSE(passwd_home(passwd, "carol"));
}

}  // namespace
}  // namespace twin::resources
