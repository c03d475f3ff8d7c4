// `twin status --watch` (cli/ops/drift_watch.h): the status printed again
// when the machine or the twin changes, found through inotify on the
// directories the providers name, through the timer where no event comes,
// and a clean exit 0 on SIGTERM. Real processes, a real sandbox root.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/cli/example_twin.h"
#include "tests/cli/twin_runner.h"

namespace twin::cli {
namespace {

using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

// `twin status --watch ARGS` running with its stdout on a pipe.
class WatchingTwin {
 public:
  WatchingTwin(const std::vector<std::string>& args, const fs::path& home) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::dup2(fds[1], 2);
      std::vector<char*> argv{const_cast<char*>(TWIN_BINARY), const_cast<char*>("status"),
                              const_cast<char*>("--watch")};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      const std::string home_entry = "HOME=" + home.string();
      const char* env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "NO_COLOR=1", "LC_ALL=C",
                           home_entry.c_str(), nullptr};
      ::execve(TWIN_BINARY, argv.data(), const_cast<char* const*>(env));
      ::_exit(127);
    }
    ::close(fds[1]);
    out_fd_ = fds[0];
  }
  ~WatchingTwin() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
  }

  /// Reads until the output since the last call contains `text` (true) or
  /// 30 s pass (false: something is wrong, not slow).
  bool shows(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      if (auto at = pending_.find(text); at != std::string::npos) {
        seen_ += pending_.substr(0, at + text.size());
        pending_.erase(0, at + text.size());
        return true;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd fd{out_fd_, POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) return false;
      char buffer[4096];
      ssize_t n = ::read(out_fd_, buffer, sizeof buffer);
      if (n <= 0) return false;
      pending_.append(buffer, static_cast<std::size_t>(n));
    }
  }

  /// SIGTERM, then the exit status as waitpid gives it.
  int stop() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return status;
  }

  std::string output() const { return seen_ + pending_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  bool reaped_ = false;
  std::string seen_, pending_;
};

struct StatusWatch : ::testing::Test {
  TempDir tmp;
  fs::path twin = tmp / "twin", root = tmp / "root", home = tmp / "home";

  void SetUp() override {
    write_text(root / "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    write_text(root / "etc/group", "root:x:0:\n");
    write_text(root / "etc/motd", "hello\n");
    write_text(twin / "state/site.twin", "file \"/etc/motd\" {\n  content = \"hello\\n\"\n}\n");
    fs::create_directories(home);
  }
  // An interval far longer than any test: what they see, inotify saw.
  std::vector<std::string> target(const std::string& interval = "3600") const {
    return {"--twin", twin.string(), "--root", root.string(), "--interval", interval};
  }
};

TEST_F(StatusWatch, ShowsADriftWhenItHappensAndAgainWhenItIsUndone) {
  WatchingTwin watch(target(), home);
  ASSERT_TRUE(watch.shows("In sync")) << watch.output();
  write_text(root / "etc/motd", "changed by hand\n");
  ASSERT_TRUE(watch.shows("REPLACE file[\"/etc/motd\"]")) << watch.output();
  write_text(root / "etc/motd", "hello\n");
  ASSERT_TRUE(watch.shows("In sync")) << watch.output();
  ::chmod((root / "etc/motd").c_str(), 0600);  // 0644 is not declared: no drift
  int status = watch.stop();
  ASSERT_TRUE(WIFEXITED(status)) << watch.output();
  EXPECT_EQ(WEXITSTATUS(status), 0) << "SIGTERM ends the watch cleanly";
  // A status is printed when it changes, not on every event.
  const std::string all = watch.output();
  std::size_t blocks = 0;
  for (auto at = all.find("TYPE"); at != std::string::npos; at = all.find("TYPE", at + 1))
    ++blocks;
  EXPECT_EQ(blocks, 3u) << all;
}

TEST_F(StatusWatch, AnEditedManifestIsSeenToo) {
  WatchingTwin watch(target(), home);
  ASSERT_TRUE(watch.shows("In sync")) << watch.output();
  write_text(twin / "state/more.twin", "file \"/etc/issue\" {\n  content = \"Debian\\n\"\n}\n");
  ASSERT_TRUE(watch.shows("CREATE  file[\"/etc/issue\"]")) << watch.output();
  EXPECT_EQ(WEXITSTATUS(watch.stop()), 0);
}

TEST_F(StatusWatch, AManifestThatDoesNotLoadIsWatchedUntilItIsFixed) {
  write_text(twin / "state/site.twin", "file \"/etc/motd\" {\n  content = \n");
  WatchingTwin watch(target(), home);
  ASSERT_TRUE(watch.shows("No status: the twin cannot be planned")) << watch.output();
  write_text(twin / "state/site.twin", "file \"/etc/motd\" {\n  content = \"hello\\n\"\n}\n");
  ASSERT_TRUE(watch.shows("In sync")) << watch.output();
  EXPECT_EQ(WEXITSTATUS(watch.stop()), 0);
}

TEST_F(StatusWatch, ADirectoryDeletedAndMadeAgainIsWatchedAgain) {
  write_text(root / "etc/app.d/a.conf", "a\n");
  write_text(twin / "state/app.twin", "file \"/etc/app.d/a.conf\" {\n  content = \"a\\n\"\n}\n");
  WatchingTwin watch(target(), home);
  ASSERT_TRUE(watch.shows("In sync")) << watch.output();
  fs::remove_all(root / "etc/app.d");
  ASSERT_TRUE(watch.shows("CREATE  file[\"/etc/app.d/a.conf\"]")) << watch.output();
  write_text(root / "etc/app.d/a.conf", "a\n");
  ASSERT_TRUE(watch.shows("In sync")) << watch.output();
  write_text(root / "etc/app.d/a.conf", "changed in the new directory\n");
  ASSERT_TRUE(watch.shows("REPLACE file[\"/etc/app.d/a.conf\"]")) << watch.output();
  EXPECT_EQ(WEXITSTATUS(watch.stop()), 0);
}

TEST_F(StatusWatch, WhatNoWatchSeesIsFoundOnTheTimer) {
  // /etc/app is a link to /srv/app inside the root: the plan follows it,
  // but the watch on /etc/app refuses links and falls back to /etc, which
  // sees nothing written in /srv/app.
  write_text(root / "srv/app/app.conf", "a = 1\n");
  fs::create_directory_symlink("../srv/app", root / "etc/app");
  write_text(twin / "state/app.twin", "file \"/etc/app/app.conf\" {\n  content = \"a = 1\\n\"\n}\n");
  WatchingTwin watch(target("1"), home);
  ASSERT_TRUE(watch.shows("In sync")) << watch.output();
  write_text(root / "srv/app/app.conf", "a = 2\n");
  ASSERT_TRUE(watch.shows("REPLACE file[\"/etc/app/app.conf\"]")) << watch.output();
  EXPECT_EQ(WEXITSTATUS(watch.stop()), 0);
}

TEST_F(StatusWatch, WithJsonEachStatusIsOneLineOfJson) {
  std::vector<std::string> args = target();
  args.push_back("--json");
  WatchingTwin watch(args, home);
  ASSERT_TRUE(watch.shows("\"in_sync\":true")) << watch.output();
  write_text(root / "etc/motd", "changed by hand\n");
  ASSERT_TRUE(watch.shows("\"in_sync\":false")) << watch.output();
  EXPECT_EQ(WEXITSTATUS(watch.stop()), 0);
  std::size_t lines = 0;
  for (char c : watch.output()) lines += c == '\n';
  EXPECT_EQ(lines, 2u) << watch.output();
}

TEST_F(StatusWatch, AnIntervalOutOfRangeIsAUsageError) {
  auto run = twin::testing::run_twin({"status", "--watch", "--interval", "0", "--twin",
                                      twin.string(), "--root", root.string()},
                                     tmp.path().string());
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, ::testing::HasSubstr("--interval"));
}

}  // namespace
}  // namespace twin::cli
