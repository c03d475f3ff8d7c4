// engine/git_remote against real repositories: a bare repo reached as
// file:// and the same over git:// from `git daemon` on 127.0.0.1. The git
// binary only sets up and verifies; every operation under test is libgit2.
#include "engine/repo/git_remote.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/git_sandbox.h"

namespace twin::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using twin::testing::GitDaemon;
using twin::testing::GitSandbox;
using twin::testing::read_text;
using twin::testing::write_text;
namespace fs = std::filesystem;

const GitAuth kNoAuth{};

/// A twin pushed to a bare repo, and a second clone ("the other machine",
/// or an agent) that pushes changes to it with the git binary.
struct RemoteTwoClones : ::testing::Test {
  GitSandbox sb;
  fs::path bare = sb.bare("remote.git");
  fs::path twin = sb.twin("twin");
  fs::path other = sb / "other";
  std::string url = "file://" + bare.string();

  void SetUp() override {
    ASSERT_TRUE(set_remote_url(twin, url).ok());
    auto pushed = push_branch(twin, kNoAuth);
    ASSERT_TRUE(pushed.ok()) << pushed.error().text();
    sb.git({"clone", "-q", url, other.string()}, sb.tmp().path());
  }
  void other_commits(const std::string& path, const std::string& text, const std::string& author) {
    write_text(other / path, text);
    sb.commit_all(other, "edit " + path, author);
    sb.git({"push", "-q", "origin", "main"}, other);
  }
  std::string status(const fs::path& dir) { return sb.git({"status", "--porcelain"}, dir); }
};

TEST(GitRemoteUrl, AcceptsGitUrlsAndRefusesCredentialsInThem) {
  for (const char* good : {"https://github.com/o/n.git", "ssh://git@host/o/n.git",
                           "git@github.com:o/n.git", "git://127.0.0.1:9418/r", "file:///srv/r.git",
                           "/srv/r.git", "http://127.0.0.1:8080/r.git"})
    EXPECT_TRUE(check_remote_url(good).ok()) << good;
  auto with_token = check_remote_url("https://x-access-token:ghp_SECRET@github.com/o/n.git");
  ASSERT_FALSE(with_token.ok());
  EXPECT_EQ(with_token.error().code, "E2022");
  EXPECT_THAT(with_token.error().text(), Not(HasSubstr("ghp_SECRET")));
  EXPECT_EQ(check_remote_url("https://ghp_SECRET@github.com/o/n.git").error().code, "E2022");
  EXPECT_EQ(check_remote_url("ftp://host/r").error().code, "E2021");
  EXPECT_EQ(check_remote_url("relative/path").error().code, "E2021");
  EXPECT_EQ(check_remote_url("").error().code, "E2021");
}

TEST(GitRemoteConfig, SetShowChangeRemove) {
  GitSandbox sb;
  fs::path twin = sb.twin("twin");
  auto none = remote_url(twin);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(set_remote_url(twin, "https://github.com/o/a.git").ok());
  EXPECT_EQ(**remote_url(twin), "https://github.com/o/a.git");
  ASSERT_TRUE(set_remote_url(twin, "git@github.com:o/b.git").ok());
  EXPECT_EQ(**remote_url(twin), "git@github.com:o/b.git");
  EXPECT_EQ(sb.git({"remote", "get-url", "origin"}, twin), "git@github.com:o/b.git\n");
  ASSERT_TRUE(remove_remote(twin).ok());
  EXPECT_FALSE(remote_url(twin)->has_value());
  EXPECT_EQ(remove_remote(twin).error().code, "E2020");
  EXPECT_EQ(set_remote_url(twin, "https://u:p@h/r").error().code, "E2022");
  EXPECT_FALSE(remote_url(twin)->has_value());
}

TEST(GitRemoteConfig, NotARepositoryIsE2002) {
  GitSandbox sb;
  fs::create_directories(sb / "plain/state");
  EXPECT_EQ(remote_url(sb / "plain").error().code, "E2002");
  EXPECT_EQ(push_branch(sb / "plain", kNoAuth).error().code, "E2002");
}

TEST(GitPush, WithoutRemoteOrCommitSaysWhatToDo) {
  GitSandbox sb;
  fs::path twin = sb.twin("twin");
  auto no_remote = push_branch(twin, kNoAuth);
  EXPECT_EQ(no_remote.error().code, "E2020");
  EXPECT_THAT(no_remote.error().message, HasSubstr("twin remote set"));
  fs::create_directories(sb / "empty");
  sb.git({"init", "-q", "-b", "main"}, sb / "empty");
  ASSERT_TRUE(set_remote_url(sb / "empty", "file://" + sb.bare("r.git").string()).ok());
  EXPECT_EQ(push_branch(sb / "empty", kNoAuth).error().code, "E2023");
}

TEST_F(RemoteTwoClones, PushSendsTheBranch) {
  EXPECT_EQ(sb.rev(bare, "main"), sb.rev(twin, "HEAD"));
  write_text(twin / "state/more.twin", "# more\n");
  sb.commit_all(twin, "second");
  auto pushed = push_branch(twin, kNoAuth);
  ASSERT_TRUE(pushed.ok()) << pushed.error().text();
  EXPECT_EQ(pushed->branch, "main");
  EXPECT_EQ(pushed->head, sb.rev(twin, "HEAD").substr(0, 7));
  EXPECT_EQ(sb.rev(bare, "main"), sb.rev(twin, "HEAD"));
}

TEST_F(RemoteTwoClones, PushIsRefusedWhenTheRemoteMovedOnAndSaysToPull) {
  other_commits("state/other.twin", "# other\n", "Agent");
  write_text(twin / "state/mine.twin", "# mine\n");
  sb.commit_all(twin, "mine");
  std::string local = sb.rev(twin, "HEAD");
  auto pushed = push_branch(twin, kNoAuth);
  ASSERT_FALSE(pushed.ok());
  EXPECT_EQ(pushed.error().code, "E2024");
  EXPECT_THAT(pushed.error().message, HasSubstr("twin pull"));
  EXPECT_EQ(sb.rev(twin, "HEAD"), local);  // the local commit is kept
}

TEST_F(RemoteTwoClones, PullWithNothingNewIsUpToDate) {
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_TRUE(pulled.ok()) << pulled.error().text();
  EXPECT_EQ(pulled->kind, PullKind::kUpToDate);
  EXPECT_THAT(pulled->incoming, IsEmpty());
}

TEST_F(RemoteTwoClones, PullFastForwardsAndListsIncomingCommitsWithAuthor) {
  std::string before = sb.rev(twin, "HEAD");
  other_commits("state/site.twin", "# site, edited by an agent\n", "Agent");
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_TRUE(pulled.ok()) << pulled.error().text();
  EXPECT_EQ(pulled->kind, PullKind::kFastForward);
  EXPECT_EQ(pulled->old_head, before);
  EXPECT_EQ(pulled->new_head, sb.rev(other, "HEAD"));
  EXPECT_EQ(sb.rev(twin, "HEAD"), sb.rev(other, "HEAD"));
  ASSERT_EQ(pulled->incoming.size(), 1u);
  EXPECT_EQ(pulled->incoming[0].author, "Agent <agent@example.org>");
  EXPECT_EQ(pulled->incoming[0].summary, "edit state/site.twin");
  EXPECT_EQ(read_text(twin / "state/site.twin"), "# site, edited by an agent\n");
  EXPECT_EQ(status(twin), "");
}

// .twin/ is each machine's own state: a remote that carries one (say a
// .twin/root pointing the twin at another root) is refused, nothing pulled.
TEST_F(RemoteTwoClones, APulledTwinHoldingLocalStateIsRefused) {
  std::string before = sb.rev(twin, "HEAD");
  write_text(other / ".twin/root", "/\n");
  sb.git({"add", "-f", ".twin/root"}, other);
  sb.commit_all(other, "point the twin at /", "Attacker");
  sb.git({"push", "-q", "origin", "main"}, other);
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.error().code, "E2028");
  EXPECT_EQ(sb.rev(twin, "HEAD"), before);
  EXPECT_FALSE(fs::exists(twin / ".twin/root"));
}

TEST_F(RemoteTwoClones, DivergedWithoutConflictsMerges) {
  other_commits("state/theirs.twin", "# theirs\n", "Agent");
  write_text(twin / "state/ours.twin", "# ours\n");
  sb.commit_all(twin, "ours");
  std::string ours = sb.rev(twin, "HEAD");
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_TRUE(pulled.ok()) << pulled.error().text();
  EXPECT_EQ(pulled->kind, PullKind::kMerged);
  EXPECT_EQ(sb.rev(twin, "HEAD^1"), ours);
  EXPECT_EQ(sb.rev(twin, "HEAD^2"), sb.rev(other, "HEAD"));
  EXPECT_EQ(read_text(twin / "state/theirs.twin"), "# theirs\n");
  EXPECT_EQ(read_text(twin / "state/ours.twin"), "# ours\n");
  EXPECT_EQ(status(twin), "");
  // And the merge can be pushed.
  ASSERT_TRUE(push_branch(twin, kNoAuth).ok());
  EXPECT_EQ(sb.rev(bare, "main"), sb.rev(twin, "HEAD"));
}

TEST_F(RemoteTwoClones, ConflictInStateStopsListsPathsAndLeavesTheTwinUntouched) {
  other_commits("state/site.twin", "# theirs\n", "Agent");
  other_commits("filesystem/etc/motd", "theirs\n", "Agent");
  write_text(twin / "state/site.twin", "# ours\n");
  write_text(twin / "filesystem/etc/motd", "ours\n");
  write_text(twin / "state/clean.twin", "# no conflict\n");
  sb.commit_all(twin, "ours");
  std::string ours = sb.rev(twin, "HEAD");
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_TRUE(pulled.ok()) << pulled.error().text();
  EXPECT_EQ(pulled->kind, PullKind::kConflict);
  EXPECT_THAT(pulled->conflicts, ElementsAre("filesystem/etc/motd", "state/site.twin"));
  EXPECT_EQ(sb.rev(twin, "HEAD"), ours);
  EXPECT_EQ(read_text(twin / "state/site.twin"), "# ours\n");
  EXPECT_EQ(status(twin), "");
  EXPECT_FALSE(fs::exists(twin / ".git/MERGE_HEAD"));
}

TEST_F(RemoteTwoClones, ConflictInModulesOrConfigStopsToo) {
  other_commits("modules.lock", "{\"theirs\": 1}\n", "Agent");
  other_commits("config.yaml", "device: theirs\n", "Agent");
  write_text(twin / "modules.lock", "{\"ours\": 1}\n");
  write_text(twin / "config.yaml", "device: ours\n");
  sb.commit_all(twin, "ours");
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_TRUE(pulled.ok()) << pulled.error().text();
  EXPECT_EQ(pulled->kind, PullKind::kConflict);
  EXPECT_THAT(pulled->conflicts, ElementsAre("config.yaml", "modules.lock"));
  EXPECT_EQ(read_text(twin / "modules.lock"), "{\"ours\": 1}\n");
}

TEST_F(RemoteTwoClones, ConflictOutsideStateKeepsThisMachinesVersionAndMerges) {
  write_text(twin / "live/packages.txt", "base\n");
  sb.commit_all(twin, "live");
  ASSERT_TRUE(push_branch(twin, kNoAuth).ok());
  sb.git({"pull", "-q", "origin", "main"}, other);
  other_commits("live/packages.txt", "other machine\n", "Agent");
  write_text(twin / "live/packages.txt", "this machine\n");
  sb.commit_all(twin, "snapshot");
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_TRUE(pulled.ok()) << pulled.error().text();
  EXPECT_EQ(pulled->kind, PullKind::kMerged);
  EXPECT_THAT(pulled->kept_local, ElementsAre("live/packages.txt"));
  EXPECT_EQ(read_text(twin / "live/packages.txt"), "this machine\n");
  EXPECT_EQ(status(twin), "");
}

TEST_F(RemoteTwoClones, UncommittedEditsThatWouldBeOverwrittenStopThePull) {
  other_commits("state/site.twin", "# theirs\n", "Agent");
  write_text(twin / "state/site.twin", "# edited, not committed\n");
  std::string before = sb.rev(twin, "HEAD");
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.error().code, "E2026");
  EXPECT_THAT(pulled.error().message, HasSubstr("state/site.twin"));
  EXPECT_EQ(sb.rev(twin, "HEAD"), before);
  EXPECT_EQ(read_text(twin / "state/site.twin"), "# edited, not committed\n");
}

TEST(GitPull, EmptyRemoteAndUnbornLocalBranch) {
  GitSandbox sb;
  fs::path bare = sb.bare("r.git");
  fs::path fresh = sb / "fresh";
  fs::create_directories(fresh);
  sb.git({"init", "-q", "-b", "main"}, fresh);
  ASSERT_TRUE(set_remote_url(fresh, "file://" + bare.string()).ok());
  auto empty = pull_branch(fresh, kNoAuth);
  ASSERT_TRUE(empty.ok()) << empty.error().text();
  EXPECT_EQ(empty->kind, PullKind::kRemoteEmpty);

  fs::path twin = sb.twin("twin");
  ASSERT_TRUE(set_remote_url(twin, "file://" + bare.string()).ok());
  ASSERT_TRUE(push_branch(twin, kNoAuth).ok());
  auto pulled = pull_branch(fresh, kNoAuth);
  ASSERT_TRUE(pulled.ok()) << pulled.error().text();
  EXPECT_EQ(pulled->kind, PullKind::kFastForward);
  EXPECT_EQ(pulled->old_head, "");
  EXPECT_EQ(read_text(fresh / "state/site.twin"), "# site\n");
}

TEST(RemoteOverGitDaemon, PushAndPullOverGitProtocol) {
  GitSandbox sb;
  fs::path base = sb / "served";
  fs::create_directories(base);
  sb.bare("served/twin.git");
  GitDaemon daemon(sb, base);
  fs::path twin = sb.twin("twin");
  ASSERT_TRUE(set_remote_url(twin, daemon.url("twin.git")).ok());
  auto pushed = push_branch(twin, kNoAuth);
  ASSERT_TRUE(pushed.ok()) << pushed.error().text();
  EXPECT_EQ(sb.rev(base / "twin.git", "main"), sb.rev(twin, "HEAD"));

  fs::path other = sb / "other";
  sb.git({"clone", "-q", daemon.url("twin.git"), other.string()}, sb.tmp().path());
  write_text(other / "state/new.twin", "# new\n");
  sb.commit_all(other, "from the other side", "Agent");
  sb.git({"push", "-q", "origin", "main"}, other);
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_TRUE(pulled.ok()) << pulled.error().text();
  EXPECT_EQ(pulled->kind, PullKind::kFastForward);
  EXPECT_EQ(read_text(twin / "state/new.twin"), "# new\n");
}

TEST(RemoteOverGitDaemon, UnreachableRemoteIsAnErrorNotAHang) {
  GitSandbox sb;
  fs::path twin = sb.twin("twin");
  int port = twin::testing::free_loopback_port();  // nothing listens there
  ASSERT_TRUE(set_remote_url(twin, "git://127.0.0.1:" + std::to_string(port) + "/x.git").ok());
  auto pulled = pull_branch(twin, kNoAuth);
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.error().code, "E2001");
  EXPECT_THAT(pulled.error().text(), HasSubstr("127.0.0.1"));
}

TEST_F(RemoteTwoClones, LastChangeSinceNamesTheIncomingCommitThatTouchedTheLines) {
  std::string before = sb.rev(twin, "HEAD");
  other_commits("state/site.twin", "# site\nline two\n", "Agent");
  other_commits("state/site.twin", "# site\nline two\nline three\n", "Bot");
  ASSERT_TRUE(pull_branch(twin, kNoAuth).ok());
  auto line2 = last_change_since(twin, "state/site.twin", 2, 2, before);
  ASSERT_TRUE(line2.ok()) << line2.error().text();
  ASSERT_TRUE(line2->has_value());
  EXPECT_EQ((*line2)->author, "Agent <agent@example.org>");
  auto lines = last_change_since(twin, "state/site.twin", 1, 3, before);
  ASSERT_TRUE(lines.ok());
  EXPECT_EQ((**lines).author, "Bot <bot@example.org>");
  auto old_line = last_change_since(twin, "state/site.twin", 1, 1, before);
  ASSERT_TRUE(old_line.ok());
  EXPECT_FALSE(old_line->has_value());
}

}  // namespace
}  // namespace twin::engine
