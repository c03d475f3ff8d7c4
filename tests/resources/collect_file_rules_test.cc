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

// One detector (engine/core/secrets.h) for plans, diffs and the snapshot:
// every kind a snapshot once committed is caught, ordinary config is not.
TEST(CollectSecretContent, EveryKindOfSecretAndNothingElse) {
  const std::vector<std::pair<std::string, std::string>> secrets = {
      {"-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "private key block"},
      {"-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n-----BEGIN RSA PRIVATE KEY-----\n",
       "private key block"},
      {"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF\n", "private key block"},
      {"PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\nAAAA\n", "PuTTY private key"},
      {"machine example.org login bob password hunter22\n", ".netrc password"},
      {"machine example.org\n  login bob\n  password hunter22\n", ".netrc password"},
      {"default login anonymous password me@example.org\n", ".netrc password"},
      {"stripe:\n  key: sk_live_" + std::string(24, 'a') + "\n", "Stripe live key"},
      {"OPENAI_KEY=sk-proj-" + std::string(40, 'A') + "\n", "API key (sk-)"},
      {"anthropic: sk-ant-api03-" + std::string(40, 'b') + "\n", "API key (sk-)"},
      {"db:\n  db_password: hunter22\n", "password= assignment"},
      {"network={\n  ssid=\"home\"\n  psk=\"hunter22\"\n}\n", "psk= assignment"},
      {"[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n", "secret_access_key= assignment"},
      {"bob:$y$j9T$abcdefgh$0123456789abcdefghijklmnopqrstuv:19000:0:99999:7:::\n", "password hash"},
      {"token ghp_" + std::string(36, 'x') + "\n", "GitHub token"},
      {"passwd: hunter22\n", "passwd= assignment"},
      {"root_password = $y$j9T$abcdefgh$0123456789abcdefghijklmnopqrstuv\n", "password= assignment"},
  };
  for (const auto& [text, reason] : secrets)
    EXPECT_EQ(secret_content_reason("/etc/x", text), reason) << text;
  for (const char* ordinary :
       {"-----BEGIN CERTIFICATE-----\nabc\n", "-----BEGIN PUBLIC KEY-----\nabc\n",
        "ctrl_interface=x\n", "password_min_length = \n", "# set password= to your password\n",
        "PasswordAuthentication no\n", "machine learning is fun\n", "tokenizer = words\n",
        // Debian's stock debconf.conf: prose about the default and passwords.
        "# Not world readable (the default), and accepts only passwords.\nName: passwords\n"
        "# A remote LDAP database. The password is really\n# only needed for write access.\n",
        "# machine setup\n# password is asked at boot\n", "task-sk-1 done\n",
        // nsswitch.conf, PAM, and a shell script looking a password up.
        "passwd:         files systemd\nshadow:         files\n",
        "passwd: files [NOTFOUND=return] ldap\n",
        "password\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt\npassword requisite pam_deny.so\n",
        "passwd=$(getent passwd \"$user\")\n", "password=\"${DB_PASSWORD}\"\n", "token=$TOKEN\n"})
    EXPECT_FALSE(secret_content_reason("/etc/x", ordinary)) << ordinary;
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
