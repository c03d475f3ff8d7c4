// `twin modules` end to end: config.yaml lists a module (a Git repository
// made in a temp dir, fetched over file://), `twin modules update` checks it
// out and commits, a state/ manifest imports modules/web/web.twin, and `twin
// plan --root SANDBOX` shows the module's file resource. The upstream moves,
// the lock keeps the plan where it was until `twin modules update web`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/git_sandbox.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::GitSandbox;
using twin::testing::ProgramRun;
using twin::testing::read_text;
using twin::testing::run_program;
using twin::testing::write_text;
namespace fs = std::filesystem;

struct ModulesCli : ::testing::Test {
  GitSandbox sb;
  fs::path root = sb / "root";
  fs::path web = sb / "up/web";
  fs::path twin;

  void SetUp() override {
    fs::path example = fs::path(TWIN_SOURCE_DIR) / "examples/webhost/sandbox/etc";
    fs::create_directories(root / "etc/nginx");
    fs::copy_file(example / "passwd", root / "etc/passwd");
    fs::copy_file(example / "group", root / "etc/group");

    write_text(web / "web.twin",
               "# Shared by every web server of the fleet.\n"
               "file \"/etc/nginx/nginx.conf\" {\n"
               "  source = \"modules/web/files/nginx.conf\"\n"
               "}\n");
    write_text(web / "files/nginx.conf", "worker_processes 1;\n");
    sb.git({"init", "-q", "-b", "main"}, web);
    sb.commit_all(web, "web module v1");

    write_text(sb / "twin/config.yaml",
               "modules:\n  - {name: web, url: \"file://" + web.string() + "\", ref: main}\n");
    twin = sb.twin("twin");  // (its state/site.twin is replaced below)
    write_text(twin / "state/site.twin", "import \"modules/web/web.twin\"\n");
    sb.commit_all(twin, "import the web module");
  }
  ProgramRun twin_cmd(std::vector<std::string> args) {
    args.insert(args.begin(), TWIN_BINARY);
    auto env = sb.env();
    env.push_back("NO_COLOR=1");
    return run_program(args, twin.string(), env);
  }
  void upstream_moves(const std::string& conf) {
    write_text(web / "files/nginx.conf", conf);
    sb.commit_all(web, "web module: " + conf);
  }
  std::string head_subject() { return sb.git({"log", "-1", "--format=%s"}, twin); }
};

TEST_F(ModulesCli, UpdateImportPlanThenTheLockPinsUntilUpdateMovesIt) {
  auto before = twin_cmd({"plan", "--root", root.string()});
  EXPECT_EQ(before.exit_code, 1);
  EXPECT_THAT(before.output,
              HasSubstr("error[E0109]: cannot read imported file \"modules/web/web.twin\""));
  EXPECT_THAT(before.output, HasSubstr("`twin modules update` fetches it"));

  std::string v1 = sb.rev(web, "main");
  auto updated = twin_cmd({"modules", "update"});
  ASSERT_EQ(updated.exit_code, 0) << updated.output;
  EXPECT_THAT(updated.output, HasSubstr("web: added at " + v1.substr(0, 8)));
  EXPECT_EQ(head_subject(), "modules: add web at " + v1.substr(0, 8) + "\n");
  EXPECT_EQ(sb.git({"status", "--porcelain"}, twin), "");
  EXPECT_EQ(sb.git({"show", "HEAD:modules/web/files/nginx.conf"}, twin), "worker_processes 1;\n");
  EXPECT_THAT(read_text(twin / "modules.lock"), HasSubstr("\"commit\": \"" + v1 + "\""));

  auto plan = twin_cmd({"plan", "--root", root.string()});
  EXPECT_EQ(plan.exit_code, 2) << plan.output;
  EXPECT_THAT(plan.output, HasSubstr("/etc/nginx/nginx.conf"));
  EXPECT_THAT(plan.output, HasSubstr("worker_processes 1;"));

  upstream_moves("worker_processes 4;\n");
  auto synced = twin_cmd({"modules", "sync"});  // the lock is honoured
  ASSERT_EQ(synced.exit_code, 0) << synced.output;
  EXPECT_THAT(synced.output, HasSubstr("web: at " + v1.substr(0, 8) + " (locked)"));
  EXPECT_THAT(synced.output, HasSubstr("Nothing changed"));
  auto pinned = twin_cmd({"plan", "--root", root.string()});
  EXPECT_THAT(pinned.output, HasSubstr("worker_processes 1;"));
  EXPECT_THAT(pinned.output, Not(HasSubstr("worker_processes 4;")));

  std::string v2 = sb.rev(web, "main");
  auto moved = twin_cmd({"modules", "update", "web"});
  ASSERT_EQ(moved.exit_code, 0) << moved.output;
  EXPECT_THAT(moved.output, HasSubstr("web: " + v1.substr(0, 8) + " -> " + v2.substr(0, 8)));
  EXPECT_EQ(head_subject(), "modules: update web to " + v2.substr(0, 8) + "\n");
  auto replanned = twin_cmd({"plan", "--root", root.string()});
  EXPECT_EQ(replanned.exit_code, 2);
  EXPECT_THAT(replanned.output, HasSubstr("worker_processes 4;"));

  auto listed = twin_cmd({"modules", "list"});
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_THAT(listed.output, HasSubstr("web               " + v2.substr(0, 8) + "  main"));
  EXPECT_THAT(listed.output, HasSubstr("ok"));
}

TEST_F(ModulesCli, VerifyFailsOnDriftAndSyncRestores) {
  ASSERT_EQ(twin_cmd({"modules", "update"}).exit_code, 0);
  auto clean = twin_cmd({"modules", "verify"});
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_THAT(clean.output, HasSubstr("Every module matches modules.lock."));

  write_text(twin / "modules/web/files/nginx.conf", "worker_processes 64;\n");
  auto drift = twin_cmd({"modules", "verify"});
  EXPECT_EQ(drift.exit_code, 1);
  EXPECT_THAT(drift.output, HasSubstr("drifted: web:"));
  EXPECT_THAT(drift.output, HasSubstr("    modified files/nginx.conf"));
  EXPECT_THAT(drift.output, HasSubstr("`twin modules sync` restores"));

  auto synced = twin_cmd({"modules", "sync"});
  ASSERT_EQ(synced.exit_code, 0) << synced.output;
  EXPECT_THAT(synced.output, HasSubstr("web: restored the files of"));
  EXPECT_EQ(read_text(twin / "modules/web/files/nginx.conf"), "worker_processes 1;\n");
  EXPECT_EQ(twin_cmd({"modules", "verify"}).exit_code, 0);
  EXPECT_EQ(sb.git({"status", "--porcelain"}, twin), "");
}

TEST_F(ModulesCli, RemovingAModuleFromConfigRemovesItsFilesAndLock) {
  ASSERT_EQ(twin_cmd({"modules", "update"}).exit_code, 0);
  write_text(twin / "config.yaml", "modules: []\n");
  write_text(twin / "state/site.twin", "# no modules\n");
  auto removed = twin_cmd({"modules", "update"});
  ASSERT_EQ(removed.exit_code, 0) << removed.output;
  EXPECT_THAT(removed.output, HasSubstr("web: removed"));
  EXPECT_EQ(head_subject(), "modules: remove web\n");
  EXPECT_FALSE(fs::exists(twin / "modules"));
  EXPECT_FALSE(fs::exists(twin / "modules.lock"));
  // Only the module paths were committed: the manifest edit is still pending.
  EXPECT_EQ(sb.git({"status", "--porcelain"}, twin), " M state/site.twin\n");
}

TEST_F(ModulesCli, MistakesAreClearErrors) {
  auto unknown = twin_cmd({"modules", "update", "nope"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.output, HasSubstr("E2041"));
  EXPECT_THAT(unknown.output, HasSubstr("it lists: web"));

  auto names = twin_cmd({"modules", "verify", "web"});
  EXPECT_EQ(names.exit_code, 1);
  EXPECT_THAT(names.output, HasSubstr("only `twin modules update` takes module names"));

  write_text(twin / "config.yaml", "modules:\n  - {name: ../up, url: /srv/x.git}\n");
  auto bad = twin_cmd({"modules", "update"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.output, HasSubstr("config.yaml:2:12: a module name is lower-case"));
  EXPECT_FALSE(fs::exists(sb / "up/.git"));

  write_text(twin / "config.yaml", "modules: []\n");
  write_text(twin / "state/site.twin", "import \"modules/../../etc/x.twin\"\n");
  auto escape = twin_cmd({"plan", "--root", root.string()});
  EXPECT_EQ(escape.exit_code, 1);
  EXPECT_THAT(escape.output, HasSubstr("state/site.twin:1:8: error[E0125]"));
}

}  // namespace
}  // namespace twin::cli
