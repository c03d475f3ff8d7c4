// engine/modules against real Git repositories: upstream modules made with
// the git binary in a temp dir and fetched over file:// (and once over
// smart HTTP with a token) by libgit2. Update, pin, move, verify drift,
// removal, unsafe trees, and the commit of only the modules' paths.
#include "engine/repo/modules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/repo/module_files.h"
#include "engine/repo/module_lock.h"
#include "engine/repo/module_store.h"
#include "engine/repo/modules_commit.h"
#include "tests/support/fake_github.h"
#include "tests/support/git_sandbox.h"

namespace twin::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using twin::testing::GitSandbox;
using twin::testing::read_text;
using twin::testing::write_text;
namespace fs = std::filesystem;

struct Modules : ::testing::Test {
  GitSandbox sb;
  fs::path twin = sb.twin("twin");
  TwinConfig config;

  fs::path upstream(const std::string& name, const std::map<std::string, std::string>& files) {
    fs::path dir = sb / "up" / name;
    for (const auto& [path, text] : files) write_text(dir / path, text);
    sb.git({"init", "-q", "-b", "main"}, dir);
    sb.commit_all(dir, "first");
    return dir;
  }
  void upstream_commits(const fs::path& dir, const std::string& path, const std::string& text) {
    write_text(dir / path, text);
    sb.commit_all(dir, "edit " + path);
  }
  void add_module(const std::string& name, const fs::path& dir, const std::string& ref = "main") {
    config.modules.push_back({name, "file://" + dir.string(), ref});
  }
  std::vector<ModuleUpdate> update(ModuleUpdateOptions options = {}) {
    auto result = update_modules(twin, config, GitAuth{}, options);
    EXPECT_TRUE(result.ok()) << result.error().text();
    return result.ok() ? *result : std::vector<ModuleUpdate>{};
  }
  ModuleLock lock() {
    auto l = load_module_lock(twin);
    EXPECT_TRUE(l.ok()) << l.error().text();
    return l.ok() ? *l : ModuleLock{};
  }
  std::vector<ModuleStatus> verify() {
    auto v = verify_modules(twin, config);
    EXPECT_TRUE(v.ok()) << v.error().text();
    return v.ok() ? *v : std::vector<ModuleStatus>{};
  }
};

TEST_F(Modules, UpdateChecksOutPlainFilesAndWritesTheLock) {
  fs::path web = upstream("web", {{"web.twin", "# web\n"}, {"files/nginx.conf", "worker 1;\n"}});
  add_module("web", web);
  ModuleUpdateOptions options;
  options.now = 1764058320;
  auto updates = update(options);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].change, ModuleChange::kAdded);
  EXPECT_EQ(updates[0].new_commit, sb.rev(web, "main"));

  EXPECT_EQ(read_text(twin / "modules/web/web.twin"), "# web\n");
  EXPECT_EQ(read_text(twin / "modules/web/files/nginx.conf"), "worker 1;\n");
  EXPECT_FALSE(fs::exists(twin / "modules/web/.git"));
  EXPECT_TRUE(fs::exists(ModuleStore::dir_for(twin, "web") / "HEAD"));  // bare, in .twin/
  // Ignored even by a twin whose .gitignore lacks /.twin/.
  EXPECT_EQ(sb.git({"status", "--porcelain", "--untracked-files=all"}, twin),
            "?? modules.lock\n?? modules/web/files/nginx.conf\n?? modules/web/web.twin\n");

  auto locked = lock();
  ASSERT_EQ(locked.modules.size(), 1u);
  const LockedModule& m = locked.modules[0];
  EXPECT_EQ(m.name, "web");
  EXPECT_EQ(m.url, "file://" + web.string());
  EXPECT_EQ(m.ref, "main");
  EXPECT_EQ(m.commit, sb.rev(web, "main"));
  EXPECT_EQ(m.tree, sb.rev(web, "main^{tree}"));
  EXPECT_EQ(m.files_sha256, module_files_digest(*read_module_dir(twin / "modules/web")));
  EXPECT_EQ(m.fetched_at, "2025-11-25T08:12:00Z");
  EXPECT_THAT(verify(),
              ElementsAre(::testing::Field(&ModuleStatus::state, ModuleStatus::State::kOk)));
}

TEST_F(Modules, TheLockPinsUntilUpdateNamesTheModule) {
  fs::path web = upstream("web", {{"web.twin", "# v1\n"}});
  fs::path db = upstream("db", {{"db.twin", "# db v1\n"}});
  add_module("web", web);
  add_module("db", db);
  update();
  std::string web_v1 = sb.rev(web, "main"), db_v1 = sb.rev(db, "main");
  std::string fetched_at = lock().find("web")->fetched_at;
  upstream_commits(web, "web.twin", "# v2\n");
  upstream_commits(db, "db.twin", "# db v2\n");

  auto pinned = update();  // nothing named: the lock is honoured
  ASSERT_EQ(pinned.size(), 2u);
  EXPECT_EQ(pinned[0].change, ModuleChange::kUnchanged);
  EXPECT_EQ(pinned[1].change, ModuleChange::kUnchanged);
  EXPECT_EQ(read_text(twin / "modules/web/web.twin"), "# v1\n");
  EXPECT_EQ(lock().find("web")->commit, web_v1);
  EXPECT_EQ(lock().find("web")->fetched_at, fetched_at);

  ModuleUpdateOptions only_web;
  only_web.names = {"web"};
  auto moved = update(only_web);
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[0].name, "db");
  EXPECT_EQ(moved[0].change, ModuleChange::kUnchanged);
  EXPECT_EQ(moved[1].name, "web");
  EXPECT_EQ(moved[1].change, ModuleChange::kMoved);
  EXPECT_EQ(moved[1].old_commit, web_v1);
  EXPECT_EQ(moved[1].new_commit, sb.rev(web, "main"));
  EXPECT_EQ(read_text(twin / "modules/web/web.twin"), "# v2\n");
  EXPECT_EQ(read_text(twin / "modules/db/db.twin"), "# db v1\n");
  EXPECT_EQ(lock().find("db")->commit, db_v1);

  ModuleUpdateOptions all;
  all.all = true;
  auto everything = update(all);
  EXPECT_EQ(everything[0].change, ModuleChange::kMoved);
  EXPECT_EQ(read_text(twin / "modules/db/db.twin"), "# db v2\n");
}

TEST_F(Modules, RefsCanBeTagsOrCommitsAndAChangedRefMovesTheModule) {
  fs::path web = upstream("web", {{"web.twin", "# v1\n"}});
  std::string v1 = sb.rev(web, "main");
  sb.git({"tag", "v1"}, web);
  upstream_commits(web, "web.twin", "# v2\n");
  add_module("web", web, "v1");
  update();
  EXPECT_EQ(lock().find("web")->commit, v1);
  EXPECT_EQ(read_text(twin / "modules/web/web.twin"), "# v1\n");

  config.modules[0].ref = "";  // the remote's default branch
  auto moved = update();       // a ref changed in config.yaml moves without naming it
  EXPECT_EQ(moved[0].change, ModuleChange::kMoved);
  EXPECT_EQ(read_text(twin / "modules/web/web.twin"), "# v2\n");

  config.modules[0].ref = v1;
  update();
  EXPECT_EQ(read_text(twin / "modules/web/web.twin"), "# v1\n");
  EXPECT_EQ(lock().find("web")->ref, v1);
}

TEST_F(Modules, AnUnknownRefChangesNothing) {
  fs::path web = upstream("web", {{"web.twin", "# v1\n"}});
  add_module("web", web);
  update();
  std::string before = read_text(twin / kModuleLockFile);
  config.modules[0].ref = "no-such-branch";
  auto result = update_modules(twin, config, GitAuth{}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "E2043");
  EXPECT_THAT(result.error().message, HasSubstr("no branch or tag `no-such-branch`"));
  EXPECT_EQ(read_text(twin / kModuleLockFile), before);
  EXPECT_EQ(read_text(twin / "modules/web/web.twin"), "# v1\n");

  ModuleUpdateOptions bogus;
  bogus.names = {"nope"};
  auto unknown = update_modules(twin, config, GitAuth{}, bogus);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "E2041");
  EXPECT_THAT(unknown.error().message, HasSubstr("it lists: web"));
}

TEST_F(Modules, VerifyReportsDriftAndUpdateRestoresTheLockedFiles) {
  fs::path web = upstream("web", {{"web.twin", "# v1\n"}, {"files/a.conf", "a\n"}});
  add_module("web", web);
  update();
  write_text(twin / "modules/web/web.twin", "# edited by hand\n");
  write_text(twin / "modules/web/extra.twin", "# new\n");
  fs::remove(twin / "modules/web/files/a.conf");
  auto drifted = verify();
  ASSERT_EQ(drifted.size(), 1u);
  EXPECT_EQ(drifted[0].state, ModuleStatus::State::kDrifted);
  EXPECT_THAT(drifted[0].drift,
              ElementsAre("added extra.twin", "deleted files/a.conf", "modified web.twin"));

  // Without the module's Git objects (a device that pulled the twin) the
  // digest still tells.
  fs::remove_all(twin / ".twin/modules");
  auto offline = verify();
  EXPECT_EQ(offline[0].state, ModuleStatus::State::kDrifted);
  EXPECT_THAT(offline[0].drift, IsEmpty());

  upstream_commits(web, "web.twin", "# v2\n");  // the lock still pins v1
  auto restored = update();
  EXPECT_EQ(restored[0].change, ModuleChange::kRestored);
  EXPECT_EQ(read_text(twin / "modules/web/web.twin"), "# v1\n");
  EXPECT_FALSE(fs::exists(twin / "modules/web/extra.twin"));
  EXPECT_EQ(verify()[0].state, ModuleStatus::State::kOk);
}

TEST_F(Modules, VerifyNamesEveryOtherProblem) {
  fs::path web = upstream("web", {{"web.twin", "# v1\n"}});
  fs::path db = upstream("db", {{"db.twin", "# v1\n"}});
  add_module("web", web);
  add_module("db", db);
  update();
  fs::remove_all(twin / "modules/db");
  fs::create_directories(twin / "modules/stray");
  config.modules[0].ref = "v9";  // web: config changed
  config.modules.push_back({"new", "file://" + web.string(), ""});
  std::map<std::string, ModuleStatus::State> states;
  for (const auto& s : verify()) states[s.name] = s.state;
  EXPECT_EQ(states["db"], ModuleStatus::State::kMissing);
  EXPECT_EQ(states["web"], ModuleStatus::State::kConfigChanged);
  EXPECT_EQ(states["new"], ModuleStatus::State::kNotLocked);
  EXPECT_EQ(states["stray"], ModuleStatus::State::kNotConfigured);
}

TEST_F(Modules, AModuleRemovedFromConfigIsRemovedOnUpdate) {
  fs::path web = upstream("web", {{"web.twin", "# web\n"}});
  fs::path db = upstream("db", {{"db.twin", "# db\n"}});
  add_module("web", web);
  add_module("db", db);
  update();
  config.modules.erase(config.modules.begin());  // drop web
  auto updates = update();
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[1].name, "web");
  EXPECT_EQ(updates[1].change, ModuleChange::kRemoved);
  EXPECT_FALSE(fs::exists(twin / "modules/web"));
  EXPECT_FALSE(fs::exists(ModuleStore::dir_for(twin, "web")));
  EXPECT_EQ(lock().find("web"), nullptr);
  EXPECT_NE(lock().find("db"), nullptr);
  config.modules.clear();
  update();
  EXPECT_FALSE(fs::exists(twin / "modules"));
  EXPECT_FALSE(fs::exists(twin / kModuleLockFile));
}

TEST_F(Modules, ALockedCommitGoneFromTheRemoteIsAClearError) {
  fs::path web = upstream("web", {{"web.twin", "# v1\n"}});
  add_module("web", web);
  update();
  sb.git({"checkout", "-q", "--orphan", "rewritten"}, web);
  sb.commit_all(web, "new history");
  sb.git({"branch", "-q", "-M", "main"}, web);
  fs::remove_all(twin / ".twin/modules");
  fs::remove_all(twin / "modules/web");
  auto result = update_modules(twin, config, GitAuth{}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "E2044");
  EXPECT_THAT(result.error().message, HasSubstr("twin modules update web"));
}

TEST_F(Modules, UnsafeTreesAreRefusedBeforeAnythingIsWritten) {
  fs::path evil = sb / "up/evil";
  write_text(evil / "web.twin", "# evil\n");
  fs::create_symlink("../../../../etc/passwd", evil / "passwd");
  sb.git({"init", "-q", "-b", "main"}, evil);
  sb.commit_all(evil, "escape");
  add_module("evil", evil);
  auto result = update_modules(twin, config, GitAuth{}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "E2045");
  EXPECT_THAT(result.error().message, HasSubstr("`passwd` -> `../../../../etc/passwd`"));
  EXPECT_FALSE(fs::exists(twin / "modules"));
  EXPECT_FALSE(fs::exists(twin / kModuleLockFile));

  // A submodule (a gitlink entry) is refused too.
  fs::path sub = sb / "up/sub";
  write_text(sub / "a.twin", "# a\n");
  sb.git({"init", "-q", "-b", "main"}, sub);
  sb.git({"add", "-A"}, sub);
  sb.git({"update-index", "--add", "--cacheinfo",
          "160000,0123456789012345678901234567890123456789,vendor"},
         sub);
  sb.git({"commit", "-q", "-m", "gitlink"}, sub);
  config.modules = {{"sub", "file://" + sub.string(), ""}};
  auto gitlink = update_modules(twin, config, GitAuth{}, {});
  ASSERT_FALSE(gitlink.ok());
  EXPECT_EQ(gitlink.error().code, "E2045");
  EXPECT_THAT(gitlink.error().message, HasSubstr("submodule at `vendor`"));
}

TEST_F(Modules, AModuleHoldingATokenIsRefused) {
  fs::path leaky =
      upstream("leaky", {{"leaky.twin", "let t = \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\"\n"}});
  add_module("leaky", leaky);
  auto result = update_modules(twin, config, GitAuth{}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "E2048");
  EXPECT_FALSE(fs::exists(twin / "modules/leaky"));
}

TEST_F(Modules, TheCommitHoldsOnlyTheModulesPaths) {
  fs::path web = upstream("web", {{"web.twin", "# web\n"}, {"files/x.log", "kept\n"}});
  add_module("web", web);
  write_text(twin / ".gitignore", "*.log\n/.twin/\n");
  sb.commit_all(twin, "ignore logs");
  write_text(twin / "config.yaml",
             "modules:\n  - {name: web, url: \"file://" + web.string() + "\"}\n");
  write_text(twin / "state/site.twin", "# an edit in progress\n");
  auto updates = update();
  std::string subject = modules_commit_subject(updates);
  EXPECT_EQ(subject, "modules: add web at " + sb.rev(web, "main").substr(0, 8));
  auto id = commit_module_paths(twin, subject, {"Ops", "ops@example.org"});
  ASSERT_TRUE(id.ok()) << id.error().text();
  ASSERT_TRUE(id->has_value());
  EXPECT_EQ(sb.rev(twin, "HEAD"), **id);
  EXPECT_EQ(
      sb.git({"show", "--name-only", "--format=%s|%an", "HEAD"}, twin),
      subject +
          "|Ops\n\nconfig.yaml\nmodules.lock\nmodules/web/files/x.log\nmodules/web/web.twin\n");
  EXPECT_EQ(sb.git({"status", "--porcelain"}, twin), " M state/site.twin\n");
  auto again = commit_module_paths(twin, subject, {"Ops", "ops@example.org"});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
}

TEST(ModulesOverHttp, TheTokenGoesThroughTheCredentialCallbackOnly) {
  GitSandbox sb;
  const std::string token = "ghp_moduletoken000000000000000000000000";
  twin::testing::FakeGithub github(sb, token);
  github.create("octo/web");
  fs::path src = sb / "src";
  write_text(src / "web.twin", "# over http\n");
  sb.git({"init", "-q", "-b", "main"}, src);
  sb.commit_all(src, "first");
  sb.git({"push", "-q", github.repo_dir("octo/web").string(), "main"}, src);
  fs::path twin = sb.twin("twin");
  TwinConfig config;
  std::string url = github.api_url().substr(0, github.api_url().size() - 4) + "/git/octo/web.git";
  config.modules = {{"web", url, "main"}};

  auto refused = update_modules(twin, config, GitAuth{}, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "E2025");

  GitAuth auth{[&](const std::string&) { return std::optional<std::string>(token); }};
  auto result = update_modules(twin, config, auth, {});
  ASSERT_TRUE(result.ok()) << result.error().text();
  EXPECT_EQ(read_text(twin / "modules/web/web.twin"), "# over http\n");
  EXPECT_THAT(read_text(twin / kModuleLockFile), Not(HasSubstr(token)));
  EXPECT_THAT(read_text(ModuleStore::dir_for(twin, "web") / "config"), Not(HasSubstr(token)));
}

}  // namespace
}  // namespace twin::engine
