// `twin config` keys and `twin config-fs` roots in the engine: get and set by
// dotted key (checked by config.yaml's own parser), unknown keys with a
// hint, the effective config's render round trip (checkpoints and remote
// kept), root add/remove refusals, and save_twin_config committing only
// config.yaml in a real repository.
#include "engine/repo/twin_config_keys.h"

#include <gtest/gtest.h>

#include "engine/repo/git_repo.h"
#include "engine/repo/twin_config_save.h"
#include "tests/engine/repo/git_testing.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

using twin::testing::read_text;
using twin::testing::run_git;
using twin::testing::TempDir;
using twin::testing::write_text;
using Items = std::vector<std::string>;

EffectiveConfig parsed(const std::string& text) {
  auto config = parse_effective_config(text, "config.yaml");
  EXPECT_TRUE(config.ok()) << config.error().text();
  return config.ok() ? *config : EffectiveConfig{};
}

Items get(const EffectiveConfig& config, const std::string& key) {
  auto value = get_config_value(config, key);
  EXPECT_TRUE(value.ok()) << value.error().text();
  return value.ok() ? *value : Items{};
}

TEST(ConfigKeys, GetReadsEveryKeyWithTheDefaults) {
  EffectiveConfig config =
      parsed("device: web1\nfiles: {max_size: 2048}\ncheckpoints: {keep: 3}\n");
  EXPECT_EQ(get(config, "device"), Items{"web1"});
  EXPECT_EQ(get(config, "files.roots"), (Items{"/etc", "~/.config"}));
  EXPECT_EQ(get(config, "files.exclude"), Items{});
  EXPECT_EQ(get(config, "files.max_size"), Items{"2048"});
  EXPECT_EQ(get(config, "logs.lines"), Items{"200"});
  EXPECT_EQ(get(config, "logs.keep"), Items{"5"});
  EXPECT_EQ(get(config, "git.name"), Items{""});
  EXPECT_EQ(get(config, "checkpoints.keep"), Items{"3"});
  EXPECT_EQ(get(config, "checkpoints.max_mb"), Items{"500"});
  EXPECT_EQ(config_keys().size(), 11u);
}

TEST(ConfigKeys, UnknownKeysAreE1401WithAHintOrTheKnownKeys) {
  EffectiveConfig config;
  auto typo = get_config_value(config, "files.max_sise");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().code, "E1401");
  EXPECT_EQ(typo.error().message,
            "unknown config key `files.max_sise`; did you mean `files.max_size`?");
  auto far = set_config_value(config, "colour", "red");
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(
      far.error().message.rfind("unknown config key `colour` (known: device, files.roots,", 0), 0u)
      << far.error().message;
  auto section = get_config_value(config, "logs");
  ASSERT_FALSE(section.ok());
  EXPECT_EQ(section.error().message,
            "`logs` is a section, not a key; its keys: logs.lines, logs.keep");
  auto remote = set_config_value(config, "remote.url", "https://example.org/x.git");
  ASSERT_FALSE(remote.ok());
  EXPECT_NE(remote.error().message.find("twin remote set URL"), std::string::npos);
  EXPECT_FALSE(set_config_value(config, "modules", "x").ok());
}

TEST(ConfigKeys, SetChecksValuesWithTheParsersRules) {
  struct Case {
    std::string key, value, message;
  };
  const std::vector<Case> cases = {
      {"files.max_size", "big", "`files.max_size` must be a whole number from 1 to 67108864"},
      {"files.max_size", "0", "`files.max_size` must be a whole number from 1 to 67108864"},
      {"logs.keep", "1001", "`logs.keep` must be a whole number from 1 to 1000"},
      {"files.roots", "/etc, etc/ssh",
       "files.roots: a root must be an absolute path or start with ~/: etc/ssh"},
      {"checkpoints.keep", "0",
       "checkpoints.keep must be at least 1 (checkpoints cannot be switched off; keep: 1 keeps "
       "only "
       "the latest apply)"},
      {"checkpoints.max_mb", "many", "checkpoints.max_mb must be a whole number, not `many`"},
      {"device", "web\n1", "device: a value cannot hold control characters (newlines, tabs)"},
  };
  for (const auto& c : cases) {
    EffectiveConfig config;
    auto set = set_config_value(config, c.key, c.value);
    ASSERT_FALSE(set.ok()) << c.key << " = " << c.value;
    EXPECT_EQ(set.error().code, "E1401");
    EXPECT_EQ(set.error().message, c.message) << c.key;
    EXPECT_EQ(render_effective_config(config), render_effective_config(EffectiveConfig{}))
        << "a refused value changes nothing";
  }
}

TEST(ConfigKeys, SetStoresScalarsListsAndCheckpoints) {
  EffectiveConfig config;
  ASSERT_TRUE(set_config_value(config, "files.max_size", "2048").ok());
  ASSERT_TRUE(set_config_value(config, "files.exclude", " *.dpkg-old , /etc/ssl/certs,").ok());
  ASSERT_TRUE(set_config_value(config, "git.email", "ops@example.org").ok());
  ASSERT_TRUE(set_config_value(config, "device", "web \"one\"").ok());
  ASSERT_TRUE(set_config_value(config, "checkpoints.max_mb", "64").ok());
  ASSERT_TRUE(set_config_value(config, "files.include_secrets", "").ok());
  EXPECT_EQ(config.twin.max_file_bytes, 2048u);
  EXPECT_EQ(config.twin.excludes, (Items{"*.dpkg-old", "/etc/ssl/certs"}));
  EXPECT_EQ(config.twin.git_email, "ops@example.org");
  EXPECT_EQ(config.checkpoints.max_mb, 64u);
  EXPECT_EQ(config.checkpoints.keep, 20);
  EXPECT_TRUE(config.checkpoints.from_config);

  // What is rendered reads back the same, checkpoints included.
  EffectiveConfig back = parsed(render_effective_config(config));
  EXPECT_EQ(render_effective_config(back), render_effective_config(config));
  EXPECT_EQ(back.twin.device, "web \"one\"");
  EXPECT_EQ(back.twin.excludes, config.twin.excludes);
  EXPECT_EQ(back.checkpoints.max_mb, 64u);
}

TEST(ConfigKeys, RenderKeepsTheRemoteAndCommentsOutDefaultCheckpoints) {
  EffectiveConfig plain = parsed("device: a\n");
  std::string text = render_effective_config(plain);
  EXPECT_NE(text.find("# checkpoints: {keep: 20, max_mb: 500}"), std::string::npos) << text;
  EXPECT_EQ(text.find("\ncheckpoints:"), std::string::npos);
  EXPECT_EQ(text.find("remote:"), std::string::npos);
  // `show` writes every key.
  EXPECT_NE(render_effective_config(plain, true).find("checkpoints:\n  keep: 20\n  max_mb: 500\n"),
            std::string::npos);

  EffectiveConfig with_remote =
      parsed("remote: {url: 'git@example.org:me/t.git', branch: trunk}\n");
  EffectiveConfig back = parsed(render_effective_config(with_remote));
  EXPECT_EQ(back.twin.remote_url, "git@example.org:me/t.git");
  EXPECT_EQ(back.twin.remote_branch, "trunk");
}

TEST(ConfigKeys, SettingAKeyKeepsEverySectionItDoesNotName) {
  EffectiveConfig config = parsed(
      "files: {exclude: ['*.bak']}\n"
      "checkpoints: {keep: 7, max_mb: 99}\n"
      "remote: {url: 'https://example.org/t.git', branch: trunk}\n"
      "modules:\n  - {name: web, url: 'https://git.example.org/web.git', ref: main}\n");
  ASSERT_TRUE(set_config_value(config, "device", "web9").ok());
  EffectiveConfig back = parsed(render_effective_config(config));
  EXPECT_EQ(back.twin.device, "web9");
  EXPECT_EQ(back.twin.excludes, Items{"*.bak"});
  EXPECT_EQ(back.checkpoints.keep, 7);
  EXPECT_EQ(back.checkpoints.max_mb, 99u);
  EXPECT_EQ(back.twin.remote_url, "https://example.org/t.git");
  EXPECT_EQ(back.twin.modules, config.twin.modules);
  ASSERT_EQ(back.twin.modules.size(), 1u);
}

TEST(ConfigKeys, NormalizeRootAcceptsOnlyPlainAbsoluteOrHomePaths) {
  EXPECT_EQ(*normalize_root("/srv/app/"), "/srv/app");
  EXPECT_EQ(*normalize_root("~/"), "~");
  EXPECT_EQ(*normalize_root("~/.config"), "~/.config");
  for (const char* bad : {"", "etc", "/", "/etc/../srv", "/etc//ssh", "~alice/x", "/etc/./x"}) {
    auto r = normalize_root(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "E1411") << bad;
  }
}

TEST(ConfigKeys, AddRootRefusesDuplicatesAndNesting) {
  EffectiveConfig config;  // roots: /etc, ~/.config
  ASSERT_TRUE(add_root(config, "/srv/").ok());
  EXPECT_EQ(config.twin.roots, (Items{"/etc", "~/.config", "/srv"}));
  auto again = add_root(config, "/etc");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "`/etc` is already a mirrored root");
  auto inside = add_root(config, "/etc/ssh");
  ASSERT_FALSE(inside.ok());
  EXPECT_EQ(inside.error().message,
            "`/etc/ssh` lies inside the root `/etc`, which already mirrors it");
  auto home = add_root(config, "~/.config/app");
  ASSERT_FALSE(home.ok());
  auto around = add_root(config, "/srv/..");
  ASSERT_FALSE(around.ok());
  EffectiveConfig narrow = parsed("files: {roots: [/etc/ssh]}\n");
  auto contains = add_root(narrow, "/etc");
  ASSERT_FALSE(contains.ok());
  EXPECT_EQ(contains.error().message,
            "`/etc` contains the root `/etc/ssh`; remove that first (`twin config-fs remove "
            "/etc/ssh`), then add `/etc`");
  EXPECT_EQ(narrow.twin.roots, Items{"/etc/ssh"});
  // "/etcetera" is not inside "/etc".
  EXPECT_TRUE(add_root(config, "/etcetera").ok());
}

TEST(ConfigKeys, RemoveRootRefusesAnUnknownRootWithAHint) {
  EffectiveConfig config;
  auto unknown = remove_root(config, "/etx");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "E1411");
  EXPECT_EQ(unknown.error().message, "`/etx` is not a mirrored root; did you mean `/etc`?");
  ASSERT_TRUE(remove_root(config, "/etc/").ok());
  EXPECT_EQ(config.twin.roots, Items{"~/.config"});
  auto far = remove_root(config, "/var/lib/something");
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.error().message,
            "`/var/lib/something` is not a mirrored root (the roots: ~/.config)");
}

class SaveTwinConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    (void)twin::testing::isolated_git_home();
    write_text(dir_ / "config.yaml", "device: web1\n");
    write_text(dir_ / "state/site.twin", "# site\n");
    auto repo = GitRepo::init(dir_.path());
    ASSERT_TRUE(repo.ok()) << repo.error().text();
    ASSERT_TRUE(repo->add_all().ok());
    ASSERT_TRUE(repo->commit_index("first", kWho).ok());
  }
  static inline const GitIdentity kWho{"twin", "twin@web1"};
  TempDir dir_;
};

TEST_F(SaveTwinConfig, CommitsOnlyConfigYaml) {
  write_text(dir_ / "state/site.twin", "# site, edited and not applied\n");
  EffectiveConfig config = parsed(read_text(dir_ / "config.yaml"));
  ASSERT_TRUE(set_config_value(config, "logs.keep", "9").ok());
  auto id = save_twin_config(dir_.path(), config, "config: set logs.keep = 9", kWho);
  ASSERT_TRUE(id.ok()) << id.error().text();
  ASSERT_TRUE(id->has_value());
  EXPECT_EQ(parsed(read_text(dir_ / "config.yaml")).twin.log_keep, 9u);
  EXPECT_EQ(run_git(dir_.path(), {"log", "-1", "--format=%s|%an <%ae>"}).out,
            "config: set logs.keep = 9|twin <twin@web1>\n");
  EXPECT_EQ(run_git(dir_.path(), {"show", "--name-only", "--format=", "HEAD"}).out,
            "config.yaml\n");
  // The unapplied edit is still only in the working tree.
  EXPECT_EQ(run_git(dir_.path(), {"status", "--porcelain"}).out, " M state/site.twin\n");

  // Saving the same again commits nothing.
  auto same = save_twin_config(dir_.path(), config, "config: set logs.keep = 9", kWho);
  ASSERT_TRUE(same.ok()) << same.error().text();
  EXPECT_FALSE(same->has_value());
}

TEST_F(SaveTwinConfig, RefusesWhenOtherChangesAreStaged) {
  write_text(dir_ / "state/site.twin", "# staged by hand\n");
  ASSERT_EQ(run_git(dir_.path(), {"add", "state/site.twin"}).exit_code, 0);
  std::string before = read_text(dir_ / "config.yaml");
  EffectiveConfig config = parsed(before);
  ASSERT_TRUE(set_config_value(config, "device", "web2").ok());
  auto refused = save_twin_config(dir_.path(), config, "config: set device = web2", kWho);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "E1412");
  EXPECT_EQ(refused.error().context, "state/site.twin");
  EXPECT_EQ(read_text(dir_ / "config.yaml"), before);
}

}  // namespace
}  // namespace twin::engine
