// Test support for Git tests: libgit2 reads no real configuration (its
// global, XDG and system search paths point at an empty temp dir), and the
// `git` binary is run (only to verify what libgit2 wrote) with a temp HOME
// and GIT_CONFIG_NOSYSTEM=1.
#pragma once

#include <fcntl.h>
#include <git2.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <optional>

#include "engine/repo/git_repo.h"
#include "engine/core/git_runtime.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {

/// An empty directory used as HOME and as every libgit2 config search path.
inline const std::filesystem::path& isolated_git_home() {
  static TempDir home;
  static bool done = [] {
    engine::ensure_libgit2();
    for (int level : {GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM,
                      GIT_CONFIG_LEVEL_PROGRAMDATA})
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, home.path().c_str());
    return true;
  }();
  (void)done;
  return home.path();
}

struct GitRun {
  int exit_code = -1;
  std::string out;
};

/// Runs /usr/bin/git -C DIR ARGS with a private HOME; no shell.
inline GitRun run_git(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/git", "-C", dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string home = "HOME=" + isolated_git_home().string();
  std::vector<std::string> env = {home, "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C",
                                  "PATH=/usr/bin:/bin"};
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return {};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], 1);
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 2);
    std::vector<char*> a, e;
    for (auto& s : argv) a.push_back(s.data());
    for (auto& s : env) e.push_back(s.data());
    a.push_back(nullptr);
    e.push_back(nullptr);
    ::execve(a[0], a.data(), e.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  GitRun run;
  char buf[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) run.out.append(buf, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

/// A fresh repository (GitRepo::init) in a temp dir, with libgit2 isolated,
/// and commit() staging everything and committing it as kTestIdentity.
class GitRepoFixture : public ::testing::Test {
 protected:
  static inline const engine::GitIdentity kTestIdentity{"twin", "twin@testhost"};

  void SetUp() override {
    (void)isolated_git_home();
    auto repo = engine::GitRepo::init(dir_.path());
    ASSERT_TRUE(repo.ok()) << repo.error().text();
    repo_.emplace(std::move(*repo));
  }
  std::string commit(const std::string& message) {
    EXPECT_TRUE(repo_->add_all().ok());
    auto id = repo_->commit_index(message, kTestIdentity);
    EXPECT_TRUE(id.ok()) << id.error().text();
    return id.ok() ? *id : "";
  }

  TempDir dir_;
  std::optional<engine::GitRepo> repo_;
};

}  // namespace twin::testing
