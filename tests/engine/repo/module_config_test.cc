// The data around fleet modules, without Git: `modules:` in config.yaml
// (every error with file:line:col), modules.lock parsing and rendering, and
// the safety checks on a module's files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/repo/module_files.h"
#include "engine/repo/module_lock.h"
#include "engine/repo/module_names.h"
#include "engine/repo/twin_config.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

std::string config_error(const std::string& text) {
  auto config = parse_twin_config(text, "config.yaml");
  if (config.ok()) return "parsed";
  EXPECT_EQ(config.error().code, "E1401");
  return config.error().message;
}

TEST(ModuleConfig, ReadsAListOfModulesAndRendersItBack) {
  auto config = parse_twin_config(
      "modules:\n"
      "  - {name: web, url: \"https://git.example.org/fleet/web.git\", ref: main}\n"
      "  - name: db-2\n"
      "    url: git@github.com:octo/db.git\n"
      "  - {name: local_1, url: /srv/modules/x.git, ref: v1.2}\n",
      "config.yaml");
  ASSERT_TRUE(config.ok()) << config.error().text();
  ASSERT_EQ(config->modules.size(), 3u);
  EXPECT_EQ(config->modules[0],
            (ModuleSpec{"web", "https://git.example.org/fleet/web.git", "main"}));
  EXPECT_EQ(config->modules[1], (ModuleSpec{"db-2", "git@github.com:octo/db.git", ""}));
  EXPECT_EQ(config->modules[2].ref, "v1.2");
  auto again = parse_twin_config(render_twin_config(*config), "config.yaml");
  ASSERT_TRUE(again.ok()) << again.error().text() << "\n" << render_twin_config(*config);
  EXPECT_EQ(again->modules, config->modules);
  auto none = parse_twin_config(render_twin_config(TwinConfig{}), "config.yaml");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->modules.empty());
}

TEST(ModuleConfig, EveryMistakeNamesItsPlace) {
  EXPECT_EQ(config_error("modules: web\n"),
            "config.yaml:1:10: `modules` must be a list of {name: NAME, url: URL, ref: REF}");
  EXPECT_EQ(config_error("modules:\n  - {name: web}\n"),
            "config.yaml:2:5: a module needs a `name` and a `url`");
  EXPECT_THAT(config_error("modules:\n  - {name: ../etc, url: /srv/x}\n"),
              HasSubstr("config.yaml:2:12: a module name is lower-case letters"));
  EXPECT_THAT(config_error("modules:\n  - {name: Web, url: /srv/x}\n"), HasSubstr("`Web`"));
  EXPECT_EQ(config_error("modules:\n  - {name: web, url: /a}\n  - {name: web, url: /b}\n"),
            "config.yaml:3:12: two modules are named `web`");
  EXPECT_THAT(config_error("modules:\n  - {name: web, url: 'git://host/x.git'}\n"),
              HasSubstr("config.yaml:2:22: module `web`: a module URL must be https://"));
  EXPECT_THAT(config_error("modules:\n  - {name: web, url: 'http://example.org/x.git'}\n"),
              HasSubstr("neither authenticates"));
  EXPECT_EQ(config_error("modules:\n  - {name: web, url: 'relative/x'}\n").substr(0, 35),
            "config.yaml:2:22: module `web`: not");
  std::string token =
      config_error("modules:\n  - {name: web, url: 'https://ghp_SECRET@h/x.git'}\n");
  EXPECT_THAT(token, HasSubstr("credentials are never stored"));
  EXPECT_THAT(token, Not(HasSubstr("ghp_SECRET")));
  EXPECT_THAT(config_error("modules:\n  - {name: web, url: /a, ref: 'a..b'}\n"),
              HasSubstr("config.yaml:2:31: module `web`: not a branch, tag or full commit id"));
  EXPECT_THAT(config_error("modules:\n  - {name: web, url: /a, branch: main}\n"),
              HasSubstr("unknown key `modules[].branch`"));
}

TEST(ModuleNames, NamesUrlsAndRefs) {
  for (const char* good : {"web", "a", "0web", "web_2", "web-x"})
    EXPECT_TRUE(check_module_name(good).ok()) << good;
  for (const char* bad : {"", "-web", "_web", "We", "a/b", "..", ".", "a b", "web.git"})
    EXPECT_EQ(check_module_name(bad).error().code, "E2040") << bad;
  EXPECT_FALSE(check_module_name(std::string(65, 'a')).ok());
  for (const char* good : {"https://h/x.git", "ssh://git@h/x", "git@h:o/x.git", "file:///srv/x",
                           "/srv/x.git", "http://127.0.0.1:8080/x.git"})
    EXPECT_TRUE(check_module_url(good).ok()) << good;
  for (const char* bad : {"git://h/x", "http://h/x", "ftp://h/x", "x", ""})
    EXPECT_EQ(check_module_url(bad).error().code, "E2021") << bad;
  for (const char* good : {"", "main", "release/2.1", "v1.0", "refs/tags/v1",
                           "0123456789abcdef0123456789abcdef01234567"})
    EXPECT_TRUE(check_module_ref(good).ok()) << good;
  for (const char* bad :
       {"-x", "a..b", "a b", "x~1", "HEAD^", "a:b", "/x", "x/", "x.lock", "a@{1}"})
    EXPECT_EQ(check_module_ref(bad).error().code, "E2040") << bad;
}

LockedModule sample(const std::string& name) {
  return {name,
          "https://git.example.org/" + name + ".git",
          "main",
          std::string(40, 'a'),
          std::string(40, 'b'),
          std::string(64, 'c'),
          "2026-11-25T08:12:00Z"};
}

TEST(ModuleLockFile, RoundTripsSortedAndIsRemovedWhenEmpty) {
  TempDir dir;
  ModuleLock lock{{sample("web"), sample("db")}};
  ASSERT_TRUE(save_module_lock(dir.path(), lock).ok());
  std::string text = twin::testing::read_text(dir / kModuleLockFile);
  EXPECT_LT(text.find("\"db\""), text.find("\"web\""));
  EXPECT_THAT(text, HasSubstr("\"version\": 1"));
  auto read = load_module_lock(dir.path());
  ASSERT_TRUE(read.ok()) << read.error().text();
  ASSERT_EQ(read->modules.size(), 2u);
  EXPECT_EQ(read->modules[0], sample("db"));
  EXPECT_EQ(*read->find("web"), sample("web"));
  ASSERT_TRUE(save_module_lock(dir.path(), ModuleLock{}).ok());
  EXPECT_FALSE(fs::exists(dir / kModuleLockFile));
  EXPECT_TRUE(load_module_lock(dir.path())->modules.empty());
}

TEST(ModuleLockFile, AHandEditedLockIsCheckedFieldByField) {
  auto with = [](const std::string& field, const std::string& value) {
    ModuleLock lock{{sample("web")}};
    std::string text = render_module_lock(lock);
    auto at = text.find("\"" + field + "\": \"");
    auto start = at + field.size() + 5;
    text.replace(start, text.find('"', start) - start, value);
    auto parsed = parse_module_lock(text, "modules.lock");
    return parsed.ok() ? std::string("parsed") : parsed.error().code + " " + parsed.error().message;
  };
  EXPECT_EQ(with("name", "web"), "parsed");
  EXPECT_THAT(with("name", "../../etc"), HasSubstr("E2042 modules.lock: a module name is"));
  EXPECT_THAT(with("commit", "abc"), HasSubstr("`commit` must be 40 hex digits"));
  EXPECT_THAT(with("files_sha256", "zz"), HasSubstr("`files_sha256` must be 64 hex digits"));
  EXPECT_THAT(with("url", "git://h/x"), HasSubstr("E2042"));
  EXPECT_EQ(parse_module_lock("{", "modules.lock").error().code, "E2042");
  EXPECT_THAT(
      parse_module_lock("{\"version\": 2, \"modules\": []}", "modules.lock").error().message,
      HasSubstr("unsupported version"));
}

ModuleFile regular(std::string bytes) { return {ModuleFile::Kind::kRegular, std::move(bytes)}; }
ModuleFile link(std::string target) { return {ModuleFile::Kind::kSymlink, std::move(target)}; }

TEST(ModuleFilesCheck, PathsAndSymlinksMustStayInside) {
  EXPECT_TRUE(check_module_files({{"a.twin", regular("x")},
                                  {"lib/b.twin", link("../a.twin")},
                                  {"lib/c", link("./b.twin")}})
                  .ok());
  for (const char* path : {"../x", "a/../../x", ".git/config", "a//b", "./a"})
    EXPECT_EQ(check_module_files({{path, regular("x")}}).error().code, "E2045") << path;
  EXPECT_EQ(check_module_files({{"l", link("/etc/passwd")}}).error().code, "E2045");
  EXPECT_EQ(check_module_files({{"l", link("..")}}).error().code, "E2045");
  EXPECT_EQ(check_module_files({{"d/l", link("../../x")}}).error().code, "E2045");
  // Inside by text, outside once the other link is followed: "up" is the
  // module's top, so "up/.." is its parent.
  EXPECT_EQ(check_module_files({{"up", link(".")}, {"l", link("up/..")}}).error().code, "E2045");
  EXPECT_EQ(check_module_files({{"a", link("b")}, {"b", link("a")}}).error().code, "E2045");
}

TEST(ModuleFilesCheck, SizeLimit) {
  ModuleFiles big{{"a", regular(std::string(kMaxModuleBytes / 2 + 1, 'x'))},
                  {"b", regular(std::string(kMaxModuleBytes / 2 + 1, 'y'))}};
  auto refused = check_module_files(big);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "E2046");
  EXPECT_THAT(refused.error().message, HasSubstr("at most 50 MB"));
}

TEST(ModuleFilesCheck, DigestDependsOnPathsKindsAndBytes) {
  ModuleFiles a{{"x", regular("1")}};
  ModuleFiles b{{"y", regular("1")}};
  ModuleFiles c{{"x", {ModuleFile::Kind::kExecutable, "1"}}};
  EXPECT_EQ(module_files_digest(a), module_files_digest(ModuleFiles{{"x", regular("1")}}));
  EXPECT_NE(module_files_digest(a), module_files_digest(b));
  EXPECT_NE(module_files_digest(a), module_files_digest(c));
  EXPECT_EQ(module_files_digest(a).size(), 64u);
}

TEST(ModuleFilesCheck, WriteThenReadGivesTheSameFiles) {
  TempDir twin;
  ModuleFiles files{{"web.twin", regular("# w\n")},
                    {"bin/run", {ModuleFile::Kind::kExecutable, "#!/bin/sh\n"}},
                    {"lib/alias.twin", link("../web.twin")}};
  ASSERT_TRUE(write_module_dir(twin.path(), "web", files).ok());
  auto read = read_module_dir(twin / "modules/web");
  ASSERT_TRUE(read.ok()) << read.error().text();
  EXPECT_EQ(*read, files);
  // Rewriting replaces the whole directory.
  ASSERT_TRUE(write_module_dir(twin.path(), "web", {{"only.twin", regular("1")}}).ok());
  EXPECT_EQ(read_module_dir(twin / "modules/web")->size(), 1u);
  EXPECT_FALSE(fs::exists(twin / "modules/web/web.twin"));

  fs::remove_all(twin / "modules");
  fs::create_symlink("/tmp", twin / "modules");
  EXPECT_EQ(write_module_dir(twin.path(), "web", files).error().code, "E2047");
}

}  // namespace
}  // namespace twin::engine
