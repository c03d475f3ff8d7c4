// config.yaml parsing (every error with file:line:col), rendering round
// trip, the exclude and opt-in rules, and the global config in a temp HOME.
#include "engine/repo/twin_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "engine/repo/twin_location.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

using twin::testing::TempDir;

TEST(TwinConfig, EmptyTextGivesTheDefaults) {
  auto config = parse_twin_config("", "config.yaml");
  ASSERT_TRUE(config.ok()) << config.error().text();
  EXPECT_EQ(config->roots, (std::vector<std::string>{"/etc", "~/.config"}));
  EXPECT_EQ(config->max_file_bytes, 1u << 20);
  EXPECT_EQ(config->log_keep, 5u);
}

TEST(TwinConfig, ReadsEverySection) {
  auto config = parse_twin_config(
      "device: web1\n"
      "files:\n  roots: [/etc, /srv/app]\n  exclude: ['/etc/ssl/*']\n  max_size: 2048\n"
      "  include_secrets: [/etc/ppp]\n"
      "logs: {lines: 50, keep: 2}\n"
      "git: {name: Ops, email: ops@example.org}\n"
      "remote: {url: 'git@github.com:me/web1.git', branch: trunk}\n",
      "config.yaml");
  ASSERT_TRUE(config.ok()) << config.error().text();
  EXPECT_EQ(config->device, "web1");
  EXPECT_EQ(config->roots, (std::vector<std::string>{"/etc", "/srv/app"}));
  EXPECT_EQ(config->excludes, std::vector<std::string>{"/etc/ssl/*"});
  EXPECT_EQ(config->max_file_bytes, 2048u);
  EXPECT_EQ(config->log_lines, 50u);
  EXPECT_EQ(config->log_keep, 2u);
  EXPECT_EQ(config->git_email, "ops@example.org");
  EXPECT_EQ(config->remote_url, "git@github.com:me/web1.git");
  EXPECT_EQ(config->remote_branch, "trunk");
}

struct ErrorCase {
  const char* text;
  const char* message;
};

class TwinConfigErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(TwinConfigErrors, NameFileLineAndColumn) {
  auto config = parse_twin_config(GetParam().text, "twin/config.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, "E1401");
  EXPECT_EQ(config.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, TwinConfigErrors,
    ::testing::Values(
        ErrorCase{"device: a\ndevise: b\n",
                  "twin/config.yaml:2:1: unknown key `devise` (known: checkpoints, device, files, git, "
                  "logs, modules, remote)"},
        ErrorCase{"files:\n  root: [/etc]\n",
                  "twin/config.yaml:2:3: unknown key `files.root` (known: exclude, "
                  "include_secrets, max_size, roots)"},
        ErrorCase{"files:\n  roots: /etc\n", "twin/config.yaml:2:10: `files.roots` must be a list"},
        ErrorCase{"files:\n  roots: [etc]\n",
                  "twin/config.yaml:2:10: a root must be an absolute path or start with ~/: etc"},
        ErrorCase{"files:\n  max_size: big\n",
                  "twin/config.yaml:2:13: `files.max_size` must be a whole number from 1 to "
                  "67108864"},
        ErrorCase{"device: [a]\n", "twin/config.yaml:1:9: `device` must be a string"},
        ErrorCase{"device: b: c\n", "twin/config.yaml:1:10: illegal map value"},
        ErrorCase{"- a\n", "twin/config.yaml:1:1: config.yaml must be a mapping"}));

TEST(TwinConfig, TheCheckpointsSectionBelongsToRetention) {
  auto config = parse_twin_config("checkpoints: {keep: 3, max_mb: 10}\ndevice: a\n", "c");
  ASSERT_TRUE(config.ok()) << config.error().text();
  EXPECT_EQ(config->device, "a");
}

TEST(TwinConfig, RenderedTextParsesBackToTheSameConfig) {
  TwinConfig config;
  config.device = "host \"quoted\" #1";
  config.roots = {"/etc", "~/.config", "/srv/a b"};
  config.excludes = {"*.dpkg-old"};
  config.include_secrets = {"/etc/ppp/chap-secrets"};
  config.git_name = "Ops: team";
  auto back = parse_twin_config(render_twin_config(config), "c");
  ASSERT_TRUE(back.ok()) << back.error().text() << "\n" << render_twin_config(config);
  EXPECT_EQ(back->device, config.device);
  EXPECT_EQ(back->roots, config.roots);
  EXPECT_EQ(back->excludes, config.excludes);
  EXPECT_EQ(back->include_secrets, config.include_secrets);
  EXPECT_EQ(back->git_name, config.git_name);
}

TEST(TwinConfig, ExcludeMatchesThePathOrADirectoryAboveIt) {
  TwinConfig config;
  config.excludes = {"/etc/ssl/certs", "*.dpkg-old", "/etc/*/cache"};
  EXPECT_TRUE(config.excluded("/etc/ssl/certs/ca.pem"));
  EXPECT_TRUE(config.excluded("/etc/ssl/certs"));
  EXPECT_FALSE(config.excluded("/etc/ssl/certsx"));
  EXPECT_TRUE(config.excluded("/etc/apt/sources.list.dpkg-old"));
  EXPECT_TRUE(config.excluded("/etc/foo/cache/x"));
  EXPECT_FALSE(config.excluded("/etc/foo/bar/cache"));
  EXPECT_FALSE(config.excluded("/etc/motd"));
}

TEST(TwinConfig, SecretOptInCoversAPathAndWhatIsUnderIt) {
  TwinConfig config;
  config.include_secrets = {"/etc/ppp", "/etc/shadow"};
  EXPECT_TRUE(config.secret_opted_in("/etc/ppp/chap-secrets"));
  EXPECT_TRUE(config.secret_opted_in("/etc/shadow"));
  EXPECT_FALSE(config.secret_opted_in("/etc/shadow-"));
  EXPECT_FALSE(config.secret_opted_in("/etc/pppx"));
}

TEST(TwinConfig, MissingFileInATwinMeansDefaults) {
  TempDir dir;
  auto config = load_twin_config(dir.path());
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->log_lines, 200u);
}

// The global config lives under HOME: these tests point HOME at a temp dir.
class GlobalConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* home = std::getenv("HOME");
    saved_home_ = home ? home : "";
    ::setenv("HOME", home_.path().c_str(), 1);
    ::unsetenv("TWIN_DIR");
  }
  void TearDown() override { ::setenv("HOME", saved_home_.c_str(), 1); }
  TempDir home_;
  std::string saved_home_;
};

TEST_F(GlobalConfig, RemembersTheTwinAndKeepsOtherKeys) {
  twin::testing::write_text(home_ / ".config/twinsync/config.yaml", "github_user: me\n");
  ASSERT_TRUE(remember_twin_dir("/srv/twin").ok());
  EXPECT_EQ(remembered_twin_dir().value(), std::optional<std::filesystem::path>("/srv/twin"));
  std::string text = twin::testing::read_text(home_ / ".config/twinsync/config.yaml");
  EXPECT_NE(text.find("github_user: me"), std::string::npos) << text;
  EXPECT_EQ(default_twin_dir(), home_.path() / "twinsync-device");
}

}  // namespace
}  // namespace twin::engine
