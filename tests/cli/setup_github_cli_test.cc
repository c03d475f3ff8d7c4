// `twin setup-github`, end to end: the real binary against a fake GitHub on
// 127.0.0.1 (REST answers and smart-HTTP Git behind a token check). Proves
// the token reaches no file of the twin, no URL, no output and no argv.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/fake_github.h"
#include "tests/support/git_sandbox.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::FakeGithub;
using twin::testing::GitSandbox;
using twin::testing::ProgramRun;
using twin::testing::read_text;
using twin::testing::run_program;
using twin::testing::write_text;
namespace fs = std::filesystem;

constexpr const char* kToken = "ghp_SetupTestToken0123456789abcdef";

struct SetupGithub : ::testing::Test {
  GitSandbox sb;
  FakeGithub github{sb, kToken};
  fs::path twin = sb.twin("twin");

  std::vector<std::string> env(const std::string& token = kToken) const {
    auto e = sb.env();
    if (!token.empty()) e.push_back("GITHUB_TOKEN=" + token);
    e.push_back("NO_COLOR=1");
    return e;
  }
  ProgramRun twin_cmd(std::vector<std::string> args, const std::vector<std::string>& environment) {
    args.insert(args.begin(), TWIN_BINARY);
    return run_program(args, twin.string(), environment);
  }
  ProgramRun setup(std::vector<std::string> extra = {}, const std::string& token = kToken) {
    std::vector<std::string> args = {"setup-github", "--api-url", github.api_url(), "--repo",
                                     "twin-web1"};
    args.insert(args.end(), extra.begin(), extra.end());
    return twin_cmd(args, env(token));
  }
  fs::path credentials() const { return sb.home() / ".config/twinsync/credentials"; }

  /// Every regular file under `dir` whose bytes contain the token.
  static std::vector<std::string> files_holding_token(const fs::path& dir) {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      if (entry.is_regular_file() && read_text(entry.path()).find(kToken) != std::string::npos)
        found.push_back(entry.path().string());
    return found;
  }
};

TEST_F(SetupGithub, CreatesAPrivateRepoSetsTheRemoteAndPushes) {
  auto r = setup();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("The token belongs to octo."));
  EXPECT_THAT(r.output, HasSubstr("Created the private repository octo/twin-web1"));
  EXPECT_THAT(r.output, HasSubstr("Pushed main"));
  // The repository on the "GitHub" side has the twin's commit.
  EXPECT_EQ(sb.rev(github.repo_dir("octo/twin-web1"), "main"), sb.rev(twin, "HEAD"));
  // The remote is the plain clone URL.
  std::string url = sb.git({"remote", "get-url", "origin"}, twin);
  EXPECT_EQ(url, github.api_url().substr(0, github.api_url().size() - 4) + "/git/octo/twin-web1.git\n");
  // The token is in the credentials file (0600) and nowhere else.
  struct stat st {};
  ASSERT_EQ(::stat(credentials().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(read_text(credentials()), HasSubstr(kToken));
  EXPECT_THAT(files_holding_token(twin), ::testing::IsEmpty());
  EXPECT_EQ(files_holding_token(sb.home()), std::vector<std::string>{credentials().string()});
  EXPECT_THAT(read_text(twin / ".git/config"), Not(HasSubstr(kToken)));
  EXPECT_THAT(r.output, Not(HasSubstr(kToken)));
  // GitHub was asked for a private repository.
  bool asked_private = false;
  for (const auto& ex : github.requests())
    if (ex.method == "POST" && ex.path == "/api/user/repos")
      asked_private = ex.body.find("\"private\":true") != std::string::npos;
  EXPECT_TRUE(asked_private);
}

TEST_F(SetupGithub, TheTokenIsInNoChildProcessArgv) {
  if (!fs::exists("/usr/bin/strace")) GTEST_SKIP() << "strace is not installed";
  fs::path trace = sb / "execve.trace";
  std::vector<std::string> args = {"/usr/bin/strace", "-f", "-s", "4096", "-e", "trace=execve",
                                   "-o", trace.string(), TWIN_BINARY, "setup-github",
                                   "--api-url", github.api_url(), "--repo", "twin-traced"};
  auto r = run_program(args, twin.string(), env());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::string calls = read_text(trace);
  EXPECT_THAT(calls, HasSubstr("execve(\"" TWIN_BINARY "\""));
  EXPECT_THAT(calls, Not(HasSubstr(kToken)));
  EXPECT_EQ(sb.rev(github.repo_dir("octo/twin-traced"), "main"), sb.rev(twin, "HEAD"));
}

TEST_F(SetupGithub, TokenFromAFileOutsideTheTwinAndNotFromInside) {
  write_text(sb / "token.txt", std::string(kToken) + "\n");
  auto r = setup({"--token-file", (sb / "token.txt").string()}, "");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  write_text(twin / "token.txt", std::string(kToken) + "\n");
  auto inside = setup({"--token-file", (twin / "token.txt").string()}, "");
  EXPECT_EQ(inside.exit_code, 1);
  EXPECT_THAT(inside.output, HasSubstr("inside the twin"));
}

TEST_F(SetupGithub, NoTokenAndNoTerminalSaysWhereTokensComeFrom) {
  auto r = setup({}, "");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("GITHUB_TOKEN"));
  EXPECT_THAT(r.output, HasSubstr("--token-file"));
  EXPECT_FALSE(fs::exists(credentials()));
}

TEST_F(SetupGithub, AWrongTokenIs401AndChangesNothing) {
  auto r = setup({}, "ghp_wrong");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("E2102"));
  EXPECT_THAT(r.output, HasSubstr("refused the token"));
  EXPECT_THAT(r.output, Not(HasSubstr("ghp_wrong")));
  EXPECT_FALSE(fs::exists(credentials()));
  EXPECT_EQ(sb.git({"remote"}, twin), "");
}

TEST_F(SetupGithub, MissingScopeIsExplained) {
  github.missing_scope = true;
  auto r = setup();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("E2103"));
  EXPECT_THAT(r.output, HasSubstr("`repo` scope"));
}

TEST_F(SetupGithub, RateLimitIsWaitedOutWhenGithubSaysHowLong) {
  github.rate_limited_answers = 1;
  auto r = setup();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::size_t posts = 0;
  for (const auto& ex : github.requests()) posts += ex.method == "POST" && ex.path == "/api/user/repos";
  EXPECT_EQ(posts, 2u);
}

TEST_F(SetupGithub, AnUnknownOrganizationIs404) {
  auto r = twin_cmd({"setup-github", "--api-url", github.api_url(), "--org", "nosuchorg",
                     "--repo", "twin-web1"},
                    env());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("organization nosuchorg does not exist"));
}

TEST_F(SetupGithub, ANameTakenIsLinkedOnlyWhenTheUserAgrees) {
  github.existing.insert("octo/twin-web1");
  auto refused = setup();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("already exists"));
  EXPECT_THAT(refused.output, HasSubstr("--yes"));
  EXPECT_EQ(sb.git({"remote"}, twin), "");

  auto linked = setup({"--yes"});
  ASSERT_EQ(linked.exit_code, 0) << linked.output;
  EXPECT_EQ(sb.rev(github.repo_dir("octo/twin-web1"), "main"), sb.rev(twin, "HEAD"));
}

TEST_F(SetupGithub, APublicRepositoryIsNeverLinked) {
  github.existing.insert("octo/twin-web1");
  github.existing_public = true;
  auto r = setup({"--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("is public"));
  EXPECT_EQ(sb.git({"remote"}, twin), "");
}

TEST_F(SetupGithub, NetworkFailureAndPlainHttpElsewhereAreClear) {
  int port = twin::testing::free_loopback_port();
  auto down = twin_cmd({"setup-github", "--api-url", "http://127.0.0.1:" + std::to_string(port),
                        "--repo", "x"},
                       env());
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_THAT(down.output, HasSubstr("E2101"));
  EXPECT_THAT(down.output, HasSubstr("cannot reach the server"));
  auto plain = twin_cmd({"setup-github", "--api-url", "http://api.github.example", "--repo", "x"},
                        env());
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_THAT(plain.output, HasSubstr("E2109"));
}

TEST_F(SetupGithub, PushAndPullUseTheStoredTokenOverHttp) {
  ASSERT_EQ(setup().exit_code, 0);
  // Another clone (an agent) pushes a change, authenticating with git's own helper.
  fs::path other = sb / "other";
  std::string url = sb.git({"remote", "get-url", "origin"}, twin);
  url.pop_back();
  std::string with_auth = "http://x-access-token:" + std::string(kToken) + "@" + url.substr(7);
  sb.git({"clone", "-q", with_auth, other.string()}, sb.tmp().path());
  write_text(other / "state/agent.twin", "# from an agent\n");
  sb.commit_all(other, "agent change", "Agent");
  sb.git({"push", "-q", "origin", "main"}, other);

  auto pulled = twin_cmd({"pull", "--no-review"}, env(""));
  ASSERT_EQ(pulled.exit_code, 0) << pulled.output;
  EXPECT_THAT(pulled.output, HasSubstr("agent change"));
  EXPECT_EQ(read_text(twin / "state/agent.twin"), "# from an agent\n");

  write_text(twin / "state/local.twin", "# local\n");
  sb.commit_all(twin, "local change");
  auto pushed = twin_cmd({"push"}, env(""));
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  EXPECT_EQ(sb.rev(github.repo_dir("octo/twin-web1"), "main"), sb.rev(twin, "HEAD"));
  EXPECT_THAT(pushed.output + pulled.output, Not(HasSubstr(kToken)));
  EXPECT_THAT(files_holding_token(twin), ::testing::IsEmpty());
}

TEST_F(SetupGithub, ARevokedStoredTokenFailsWithAClearMessage) {
  ASSERT_EQ(setup().exit_code, 0);
  std::string text = read_text(credentials());
  text.replace(text.find(kToken), std::string(kToken).size(), "ghp_revoked");
  write_text(credentials(), text);
  ::chmod(credentials().c_str(), 0600);
  auto pushed = twin_cmd({"push"}, env(""));
  EXPECT_EQ(pushed.exit_code, 1);
  EXPECT_THAT(pushed.output, HasSubstr("E2025"));
  EXPECT_THAT(pushed.output, HasSubstr("refused the stored token"));
  EXPECT_THAT(pushed.output, Not(HasSubstr("ghp_revoked")));
}

}  // namespace
}  // namespace twin::cli
