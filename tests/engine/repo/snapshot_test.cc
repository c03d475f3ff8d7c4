// Writing snapshots into a twin: owned paths end up exactly as the content
// says, unapplied edits are found, log captures rotate.
#include "engine/repo/snapshot.h"

#include <gtest/gtest.h>

#include "engine/repo/snapshot_commit.h"
#include "tests/engine/repo/git_testing.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;
using twin::testing::read_text;
using twin::testing::TempDir;
using twin::testing::write_text;

SnapshotContent content_of(std::vector<std::string> owned, SnapshotFiles files) {
  return SnapshotContent{std::move(owned), std::move(files)};
}

TEST(SnapshotWrite, OwnedPathsEndUpExactlyAsTheContentSays) {
  TempDir twin;
  write_text(twin / "filesystem/etc/old.conf", "old\n");
  write_text(twin / "filesystem/etc/sub/gone", "x\n");
  write_text(twin / "filesystem/etc/same", "same\n");
  write_text(twin / "filesystem/srv/mine", "not owned\n");
  write_text(twin / "state/site.twin", "# mine\n");
  auto counts = write_snapshot(
      twin.path(), content_of({"filesystem/etc", "state/files.twin"},
                              {{"filesystem/etc/same", {"same\n"}},
                               {"filesystem/etc/new", {"new\n"}},
                               {"filesystem/etc/old.conf", {"changed\n"}},
                               {"filesystem/etc/localtime", {"/usr/share/zoneinfo/UTC", true}},
                               {"state/files.twin", {"mirror\n"}}}));
  ASSERT_TRUE(counts.ok()) << counts.error().text();
  EXPECT_EQ(counts->created, 3u);
  EXPECT_EQ(counts->replaced, 1u);
  EXPECT_EQ(counts->removed, 1u);
  EXPECT_EQ(read_text(twin / "filesystem/etc/old.conf"), "changed\n");
  EXPECT_FALSE(fs::exists(twin / "filesystem/etc/sub"));  // emptied directories go too
  EXPECT_EQ(fs::read_symlink(twin / "filesystem/etc/localtime"), "/usr/share/zoneinfo/UTC");
  EXPECT_EQ(read_text(twin / "filesystem/srv/mine"), "not owned\n");
  EXPECT_EQ(read_text(twin / "state/site.twin"), "# mine\n");
  EXPECT_EQ(read_text(twin / "state/files.twin"), "mirror\n");
}

class SnapshotGuard : public ::testing::Test {
 protected:
  void SetUp() override {
    (void)twin::testing::isolated_git_home();
    auto repo = GitRepo::init(twin_.path());
    ASSERT_TRUE(repo.ok());
    repo_.emplace(std::move(*repo));
    write_text(twin_ / "state/packages.twin", "package \"a\" {\n}\n");
    write_text(twin_ / "filesystem/etc/motd", "hello\n");
    write_text(twin_ / "filesystem/etc/issue", "debian\n");
    ASSERT_TRUE(repo_->add_all().ok());
    ASSERT_TRUE(repo_->commit_index("snapshot host 2026-01-01T00:00:00Z", {"t", "t@h"}).ok());
  }
  /// What the machine still looks like: the same as the last snapshot.
  SnapshotContent unchanged_machine() const {
    return content_of({"state/packages.twin", "filesystem/etc"},
                      {{"state/packages.twin", {"package \"a\" {\n}\n"}},
                       {"filesystem/etc/motd", {"hello\n"}},
                       {"filesystem/etc/issue", {"debian\n"}}});
  }
  std::vector<std::string> edits(const SnapshotContent& content) {
    auto found = find_unapplied_edits(*repo_, content);
    EXPECT_TRUE(found.ok()) << found.error().text();
    std::vector<std::string> out;
    for (const auto& e : *found)
      out.push_back(std::string(e.change == PathChange::kAdded      ? "added "
                                : e.change == PathChange::kModified ? "modified "
                                                                    : "deleted ") +
                    e.path);
    return out;
  }
  TempDir twin_;
  std::optional<GitRepo> repo_;
};

TEST_F(SnapshotGuard, NoEditsNoProblem) { EXPECT_TRUE(edits(unchanged_machine()).empty()); }

TEST_F(SnapshotGuard, ListsEditsTheSnapshotWouldUndoCommittedOrNot) {
  write_text(twin_ / "state/packages.twin", "package \"a\" {\n}\npackage \"b\" {\n}\n");
  write_text(twin_ / "filesystem/etc/new.conf", "new\n");
  fs::remove(twin_ / "filesystem/etc/issue");
  write_text(twin_ / "state/mine.twin", "# not the snapshot's\n");
  EXPECT_EQ(edits(unchanged_machine()),
            (std::vector<std::string>{"deleted filesystem/etc/issue", "added filesystem/etc/new.conf",
                                      "modified state/packages.twin"}));
  // Committed edits are still unapplied until the machine has them.
  ASSERT_TRUE(repo_->add_all().ok());
  ASSERT_TRUE(repo_->commit_index("edit by a person", {"p", "p@h"}).ok());
  EXPECT_EQ(edits(unchanged_machine()).size(), 3u);
}

TEST_F(SnapshotGuard, AnAppliedEditIsNotAConflict) {
  write_text(twin_ / "filesystem/etc/motd", "applied\n");
  SnapshotContent machine = unchanged_machine();
  machine.files["filesystem/etc/motd"] = {"applied\n"};
  EXPECT_TRUE(edits(machine).empty());
}

TEST(SnapshotRotate, MovesCurrentAndKeepsTheNewest) {
  TempDir twin;
  for (const char* old : {"20250101T000000Z", "20250102T000000Z"})
    write_text(twin / "logs" / old / "index.yaml", "x\n");
  write_text(twin / "logs/current/index.yaml", "captured_at: 2026-01-02T03:04:05Z\n");
  write_text(twin / "logs/current/syslog.log", "tail\n");
  ASSERT_TRUE(rotate_logs(twin.path(), 2).ok());
  EXPECT_FALSE(fs::exists(twin / "logs/current"));
  EXPECT_EQ(read_text(twin / "logs/20260102T030405Z/syslog.log"), "tail\n");
  EXPECT_TRUE(fs::exists(twin / "logs/20250102T000000Z"));
  EXPECT_FALSE(fs::exists(twin / "logs/20250101T000000Z"));
  EXPECT_TRUE(rotate_logs(twin.path(), 2).ok());  // nothing to rotate now
}

TEST(SnapshotSecrets, TokensAndKeysAreRefused) {
  EXPECT_EQ(committed_secret_reason("-----BEGIN EC PRIVATE KEY-----\n"), "private key block");
  EXPECT_EQ(committed_secret_reason("token ghp_" + std::string(36, 'a')), "GitHub token");
  EXPECT_EQ(committed_secret_reason("key=AKIAABCDEFGHIJKLMNOP"), "AWS access key id");
  EXPECT_EQ(committed_secret_reason("xoxb-1234567890-abc"), "Slack token");
  EXPECT_EQ(committed_secret_reason("glpat-abcdefghij0123456789"), "GitLab token");
  EXPECT_FALSE(committed_secret_reason("ghp_short"));
  EXPECT_FALSE(committed_secret_reason("-----BEGIN CERTIFICATE-----\n"));
  EXPECT_FALSE(committed_secret_reason("notghp_" + std::string(36, 'a')));
}

TEST(SnapshotCommit, SubjectIdentityAndRefusal) {
  EXPECT_EQ(snapshot_subject("web1", 1767323045), "snapshot web1 2026-01-02T03:04:05Z");
  TwinConfig config;
  EXPECT_EQ(twin_identity(config, "web1").email, "twin@web1");
  config.git_name = "Ops";
  config.git_email = "ops@example.org";
  EXPECT_EQ(twin_identity(config, "web1").name, "Ops");

  (void)twin::testing::isolated_git_home();
  TempDir twin;
  auto repo = GitRepo::init(twin.path());
  ASSERT_TRUE(repo.ok());
  write_text(twin / "state/a.twin", "x\n");
  write_text(twin / "filesystem/etc/key.pem", "-----BEGIN PRIVATE KEY-----\n");
  auto refused = commit_twin(*repo, "snapshot h t", "", {"t", "t@h"}, TwinConfig{});
  ASSERT_TRUE(refused.ok()) << refused.error().text();
  EXPECT_FALSE(refused->id);
  ASSERT_EQ(refused->refused.size(), 1u);
  EXPECT_EQ(refused->refused[0].path, "filesystem/etc/key.pem");
  EXPECT_FALSE(repo->head().value());

  TwinConfig opted;
  opted.include_secrets = {"/etc/key.pem"};
  auto done = commit_twin(*repo, "snapshot h t", "skipped: 0", {"t", "t@h"}, opted);
  ASSERT_TRUE(done.ok());
  ASSERT_TRUE(done->id);
  EXPECT_EQ(done->body, "filesystem: 1 added, 0 modified, 0 deleted\nstate: 1 added, 0 modified, 0 deleted\n");
  EXPECT_EQ(repo->log().value()[0].message,
            "snapshot h t\n\nfilesystem: 1 added, 0 modified, 0 deleted\nstate: 1 added, 0 "
            "modified, 0 deleted\n\nskipped: 0");
  auto again = commit_twin(*repo, "snapshot h t2", "", {"t", "t@h"}, opted);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->id);  // nothing changed: no empty commit
}

}  // namespace
}  // namespace twin::engine
