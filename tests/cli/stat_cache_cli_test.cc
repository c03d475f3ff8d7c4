// End to end: `twin plan` keeps TWIN/.twin/stat-cache, a plan over unchanged
// files leaves it as it was (nothing was read again), an edit that keeps the
// size and mtime is still planned, and a damaged cache is only ignored.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <time.h>

#include <chrono>
#include <thread>

#include "resources/process_runner.h"
#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::read_text;
using twin::testing::run_twin;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

struct stat stat_of(const fs::path& p) {
  struct stat st {};
  ::lstat(p.c_str(), &st);
  return st;
}

std::int64_t ns(const timespec& t) { return t.tv_sec * 1'000'000'000LL + t.tv_nsec; }

class StatCacheCli : public ::testing::Test {
 protected:
  void SetUp() override {
    write_text(root_ / "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
    write_text(root_ / "etc/group", "root:x:0:\n");
    for (const char* name : {"a.conf", "b.conf"}) {
      write_text(twin_ / "files" / name, std::string("setting = ") + name + "\n");
      write_text(root_ / "etc/app" / name, std::string("setting = ") + name + "\n");
    }
    write_text(twin_ / "state/app.twin",
               "file \"/etc/app/a.conf\" {\n  source = \"files/a.conf\"\n}\n"
               "file \"/etc/app/b.conf\" {\n  source = \"files/b.conf\"\n}\n");
    // Files changed less than a second before a plan began are racy: the
    // cache does not vouch for them. Let these settle, as real ones have.
    settle(root_ / "etc/app/b.conf");
  }

  // Waits (about a second) until `path` last changed more than a second ago.
  static void settle(const fs::path& path) {
    const std::int64_t changed = ns(stat_of(path).st_ctim);
    for (;;) {
      timespec now{};
      ::clock_gettime(CLOCK_REALTIME, &now);
      if (ns(now) > changed + 1'100'000'000LL) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  twin::testing::TwinRun run(const std::string& command) {
    return run_twin({command, "--twin", twin_.string(), "--root", root_.string()});
  }

  fs::path cache() const { return twin_ / ".twin/stat-cache"; }

  TempDir tmp_;
  fs::path twin_ = tmp_ / "twin";
  fs::path root_ = tmp_ / "root";
};

TEST_F(StatCacheCli, APlanOverUnchangedFilesReadsNothingAndRewritesNothing) {
  auto first = run("plan");
  EXPECT_EQ(first.exit_code, 0) << first.err;
  ASSERT_TRUE(fs::exists(cache()));
  EXPECT_EQ(stat_of(cache()).st_mode & 07777, 0600u);
  EXPECT_EQ(stat_of(twin_ / ".twin").st_mode & 07777, 0700u);
  EXPECT_EQ(read_text(twin_ / ".twin/.gitignore"), "*\n");
  struct stat written = stat_of(cache());

  // Every entry confirmed without reading, so there is nothing to record.
  auto second = run("plan");
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
  struct stat after = stat_of(cache());
  EXPECT_EQ(after.st_ino, written.st_ino);
  EXPECT_EQ(ns(after.st_mtim), ns(written.st_mtim));
}

TEST_F(StatCacheCli, AnEditKeepingSizeAndMtimeIsStillPlanned) {
  ASSERT_EQ(run("plan").exit_code, 0);
  const fs::path target = root_ / "etc/app/a.conf";
  struct stat before = stat_of(target);
  write_text(target, "setting = X.conf\n");  // the same size
  const timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, target.c_str(), times, AT_SYMLINK_NOFOLLOW), 0);
  ASSERT_EQ(stat_of(target).st_size, before.st_size);
  ASSERT_EQ(ns(stat_of(target).st_mtim), ns(before.st_mtim));

  auto plan = run("plan");
  EXPECT_EQ(plan.exit_code, 2) << plan.out << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("/etc/app/a.conf"));
  EXPECT_THAT(plan.out, HasSubstr("content differs"));
  EXPECT_THAT(plan.out, Not(HasSubstr("/etc/app/b.conf")));
  auto status = run("status");
  EXPECT_EQ(status.exit_code, 2) << status.out << status.err;
}

TEST_F(StatCacheCli, ADamagedCacheIsIgnoredAndReplaced) {
  auto first = run("plan");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::string bytes = read_text(cache());
  ASSERT_GT(bytes.size(), 40u);
  bytes[bytes.size() / 2] ^= 0x01;
  write_text(cache(), bytes);

  auto plan = run("plan");
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(plan.out, first.out);
  EXPECT_EQ(plan.err, "");
  EXPECT_NE(read_text(cache()), bytes);  // rewritten from what was read again
}

TEST_F(StatCacheCli, ApplyNeitherUsesNorWritesTheCache) {
  write_text(root_ / "etc/app/a.conf", "setting = changed\n");
  auto apply = run_twin({"apply", "--yes", "--twin", twin_.string(), "--root", root_.string()});
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(read_text(root_ / "etc/app/a.conf"), "setting = a.conf\n");
  EXPECT_FALSE(fs::exists(cache()));
}

TEST_F(StatCacheCli, TheCacheStaysOutOfGit) {
  if (!fs::exists("/usr/bin/git")) GTEST_SKIP() << "git is not installed";
  ASSERT_EQ(run("plan").exit_code, 0);
  TempDir home;
  engine::Command c;
  c.program = "/usr/bin/git";
  c.env = {{"PATH", "/usr/bin:/bin"},
           {"HOME", home.path().string()},
           {"GIT_CONFIG_NOSYSTEM", "1"},
           {"LC_ALL", "C"}};
  resources::ProcessRunner runner;
  c.args = {"-C", twin_.string(), "init", "-q"};
  ASSERT_EQ(runner.run(c)->exit_code, 0);
  c.args = {"-C", twin_.string(), "status", "--porcelain", "--untracked-files=all"};
  auto status = runner.run(c);
  ASSERT_TRUE(status.ok());
  EXPECT_THAT(status->out, HasSubstr("state/app.twin"));
  EXPECT_THAT(status->out, Not(HasSubstr(".twin/")));
}

}  // namespace
}  // namespace twin::cli
