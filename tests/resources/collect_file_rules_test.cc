// The snapshot's skip rules, one table row per rule and per near miss.
#include "resources/collect_file_rules.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

struct PathCase {
  const char* path;
  bool secret;
};

class CollectSecretPaths : public ::testing::TestWithParam<PathCase> {};

TEST_P(CollectSecretPaths, MatchByName) {
  EXPECT_EQ(secret_path_reason(GetParam().path).has_value(), GetParam().secret) << GetParam().path;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CollectSecretPaths,
    ::testing::Values(PathCase{"/etc/shadow", true}, PathCase{"/etc/shadow-", true},
                      PathCase{"/etc/gshadow", true}, PathCase{"/etc/gshadow-", true},
                      PathCase{"/etc/shadow.bak", false}, PathCase{"/etc/passwd", false},
                      PathCase{"/etc/ssh/ssh_host_ed25519_key", true},
                      PathCase{"/etc/ssh/ssh_host_rsa_key", true},
                      PathCase{"/etc/ssh/ssh_host_rsa_key.pub", false},
                      PathCase{"/etc/ssh/sshd_config", false},
                      PathCase{"/etc/ssh/sub/ssh_host_rsa_key", false},
                      PathCase{"/etc/ssl/private", true}, PathCase{"/etc/ssl/private/a.key", true},
                      PathCase{"/etc/ssl/privatex", false},
                      PathCase{"/etc/NetworkManager/system-connections/home.nmconnection", true},
                      PathCase{"/etc/NetworkManager/NetworkManager.conf", false}));

TEST(CollectSecretContent, PemPrivateKeysAndWifiPasswords) {
  EXPECT_EQ(secret_content_reason("/etc/x", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n"),
            "PEM private key");
  EXPECT_EQ(secret_content_reason("/etc/x", "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n"
                                            "-----BEGIN RSA PRIVATE KEY-----\n"),
            "PEM private key");
  EXPECT_FALSE(secret_content_reason("/etc/x", "-----BEGIN CERTIFICATE-----\nabc\n"));
  EXPECT_FALSE(secret_content_reason("/etc/x", "-----BEGIN PUBLIC KEY-----\nabc\n"));
  EXPECT_EQ(secret_content_reason("/etc/wpa_supplicant/wpa_supplicant.conf",
                                  "network={\n  ssid=\"home\"\n  psk=\"hunter22\"\n}\n"),
            "wpa_supplicant psk= line");
  EXPECT_FALSE(secret_content_reason("/etc/wpa_supplicant/wpa_supplicant.conf", "ctrl_interface=x\n"));
  EXPECT_FALSE(secret_content_reason("/etc/other.conf", "psk=abc\n"));
}

TEST(CollectRootOnly, ByModeAndGroup) {
  auto meta = [](mode_t mode, gid_t gid) {
    FileMeta m;
    m.kind = FileKind::kFile;
    m.mode = mode;
    m.gid = gid;
    return m;
  };
  EXPECT_TRUE(only_root_may_read(meta(0600, 0)));
  EXPECT_TRUE(only_root_may_read(meta(0440, 0)));   // sudoers
  EXPECT_FALSE(only_root_may_read(meta(0640, 4)));  // adm may read
  EXPECT_FALSE(only_root_may_read(meta(0644, 0)));
  EXPECT_TRUE(only_root_may_read(meta(0600, 42)));  // group has no read bit
}

TEST(CollectBinary, NulBytesOrInvalidUtf8) {
  EXPECT_FALSE(looks_binary("plain text\n"));
  EXPECT_FALSE(looks_binary("caf\xc3\xa9\n"));
  EXPECT_TRUE(looks_binary(std::string("ab\0cd", 5)));
  EXPECT_TRUE(looks_binary("\xff\xfe"));
}

TEST(CollectNames, ControlCharactersAndOddPathsCannotBeManifestTitles) {
  EXPECT_FALSE(unnameable_path_reason("/etc/a b"));
  EXPECT_FALSE(unnameable_path_reason("/etc/quote\"d"));
  EXPECT_TRUE(unnameable_path_reason("/etc/new\nline"));
  EXPECT_TRUE(unnameable_path_reason("/etc/tab\there"));
  EXPECT_TRUE(unnameable_path_reason("/etc/\xff"));
}

TEST(CollectServiceLinks, EnablementLinksBelongToTheServiceResource) {
  EXPECT_TRUE(service_link_reason("/etc/systemd/system/multi-user.target.wants/nginx.service"));
  EXPECT_TRUE(service_link_reason("/etc/systemd/system/ssh.service"));  // a mask or an alias
  EXPECT_TRUE(service_link_reason("/etc/systemd/user/default.target.wants/x.service"));
  EXPECT_TRUE(service_link_reason("/etc/rc2.d/S01ssh"));
  EXPECT_TRUE(service_link_reason("/etc/rcS.d/S01udev"));
  EXPECT_FALSE(service_link_reason("/etc/localtime"));
  EXPECT_FALSE(service_link_reason("/etc/rc.local"));
  EXPECT_FALSE(service_link_reason("/etc/rc7.d/x"));
  EXPECT_FALSE(service_link_reason("/etc/systemd/journald.conf"));
}

}  // namespace
}  // namespace twin::resources
