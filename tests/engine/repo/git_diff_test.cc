// diff_twin against real repositories made with GitRepo in temp dirs; the
// git binary checks that the patches are the ones a user's git prints.
#include "engine/repo/git_diff.h"

#include <gtest/gtest.h>

#include "engine/repo/git_repo.h"
#include "tests/engine/repo/git_testing.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;
using twin::testing::run_git;
using twin::testing::TempDir;
using twin::testing::write_text;

const GitIdentity kWho{"twin", "twin@testhost"};

class GitDiffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    (void)twin::testing::isolated_git_home();
    auto repo = GitRepo::init(dir_.path());
    ASSERT_TRUE(repo.ok()) << repo.error().text();
    repo_.emplace(std::move(*repo));
    write_text(dir_ / ".gitignore", "/.twin/\n");
    write_text(dir_ / "filesystem/etc/motd", "hello\nworld\n");
    write_text(dir_ / "state/files.twin", "mirror \"/etc\" { source = \"filesystem/etc\" }\n");
    first_ = commit("snapshot one");
  }
  std::string commit(const std::string& message) {
    EXPECT_TRUE(repo_->add_all().ok());
    auto id = repo_->commit_index(message, kWho);
    EXPECT_TRUE(id.ok()) << id.error().text();
    return id.ok() ? *id : "";
  }
  std::vector<FileDiff> diff(std::optional<std::string> to = std::nullopt,
                             std::vector<std::string> paths = {}) {
    auto files = diff_twin(dir_.path(), {first_, std::move(to), std::move(paths)});
    EXPECT_TRUE(files.ok()) << files.error().text();
    return files.ok() ? *files : std::vector<FileDiff>{};
  }

  TempDir dir_;
  std::optional<GitRepo> repo_;
  std::string first_;
};

TEST_F(GitDiffTest, NothingChangedIsAnEmptyDiff) {
  EXPECT_TRUE(diff().empty());
  write_text(dir_ / ".twin/checkpoints/x", "ignored\n");
  EXPECT_TRUE(diff().empty());
}

TEST_F(GitDiffTest, AModifiedFileInTheWorkingTreeGivesGitsPatch) {
  write_text(dir_ / "filesystem/etc/motd", "hello\nthere\n");
  auto files = diff();
  ASSERT_EQ(files.size(), 1u);
  const FileDiff& f = files[0];
  EXPECT_EQ(f.path, "filesystem/etc/motd");
  EXPECT_EQ(f.change, FileChange::kModified);
  EXPECT_FALSE(f.binary);
  EXPECT_EQ(f.additions, 1u);
  EXPECT_EQ(f.deletions, 1u);
  ASSERT_EQ(f.hunks.size(), 1u);
  EXPECT_EQ(f.hunks[0].header, "@@ -1,2 +1,2 @@");
  ASSERT_EQ(f.hunks[0].lines.size(), 3u);
  EXPECT_EQ(f.hunks[0].lines[0].origin, ' ');
  EXPECT_EQ(f.hunks[0].lines[0].text, "hello");
  EXPECT_EQ(f.hunks[0].lines[1].origin, '-');
  EXPECT_EQ(f.hunks[0].lines[1].text, "world");
  EXPECT_EQ(f.hunks[0].lines[2].origin, '+');
  EXPECT_EQ(f.hunks[0].lines[2].text, "there");
  EXPECT_EQ(f.header.rfind("diff --git a/filesystem/etc/motd b/filesystem/etc/motd\n", 0), 0u);
  EXPECT_EQ(f.patch(), run_git(dir_.path(), {"diff", "HEAD"}).out);
}

TEST_F(GitDiffTest, UntrackedFilesAreAdditionsAndDeletedFilesDeletions) {
  write_text(dir_ / "filesystem/etc/new/app.conf", "a = 1\nb = 2\n");
  fs::remove(dir_ / "state/files.twin");
  auto files = diff();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "filesystem/etc/new/app.conf");
  EXPECT_EQ(files[0].change, FileChange::kAdded);
  EXPECT_EQ(files[0].additions, 2u);
  EXPECT_NE(files[0].header.find("new file mode 100644\n"), std::string::npos) << files[0].header;
  EXPECT_EQ(files[0].hunks.at(0).lines.at(1).text, "b = 2");
  EXPECT_EQ(files[1].path, "state/files.twin");
  EXPECT_EQ(files[1].change, FileChange::kDeleted);
  EXPECT_EQ(files[1].deletions, 1u);
  EXPECT_NE(files[1].header.find("deleted file mode 100644\n"), std::string::npos);
  EXPECT_EQ(diff_summary(diff_totals(files)), "2 files changed, 2 insertions(+), 1 deletion(-)");
}

TEST_F(GitDiffTest, BinaryContentIsSummarisedNotShown) {
  write_text(dir_ / "filesystem/etc/blob.bin", std::string("\0\1\2\3", 4));
  std::string second = commit("binary");
  write_text(dir_ / "filesystem/etc/blob.bin", std::string("\0\1\2\3\4\5", 6));
  auto files = diff_twin(dir_.path(), {second, std::nullopt, {}});
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  const FileDiff& f = files->at(0);
  EXPECT_TRUE(f.binary);
  EXPECT_TRUE(f.hunks.empty());
  EXPECT_EQ(f.old_size, 4u);
  EXPECT_EQ(f.new_size, 6u);
  EXPECT_NE(f.header.find("Binary files a/filesystem/etc/blob.bin and b/filesystem/etc/blob.bin "
                          "differ\n"),
            std::string::npos)
      << f.header;
  EXPECT_EQ(diff_summary(diff_totals(*files)), "1 file changed");
}

TEST_F(GitDiffTest, TwoCommitsAreComparedWithoutTheWorkingTree) {
  write_text(dir_ / "filesystem/etc/motd", "hello\n");
  write_text(dir_ / "filesystem/etc/hosts", "127.0.0.1 localhost\n");
  std::string second = commit("snapshot two");
  write_text(dir_ / "filesystem/etc/motd", "uncommitted\n");  // not part of REV1..REV2
  auto files = diff(second);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "filesystem/etc/hosts");
  EXPECT_EQ(files[0].change, FileChange::kAdded);
  EXPECT_EQ(files[1].path, "filesystem/etc/motd");
  EXPECT_EQ(files[1].patch() + files[0].patch(),
            run_git(dir_.path(), {"diff", first_, second, "--", "filesystem/etc/motd"}).out +
                run_git(dir_.path(), {"diff", first_, second, "--", "filesystem/etc/hosts"}).out);
  // Backwards, the addition is a deletion.
  auto back = diff_twin(dir_.path(), {second, first_, {}});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->at(0).change, FileChange::kDeleted);
}

TEST_F(GitDiffTest, PathsLimitTheDiff) {
  write_text(dir_ / "filesystem/etc/motd", "changed\n");
  write_text(dir_ / "state/files.twin", "# changed\n");
  auto files = diff(std::nullopt, {"state"});
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, "state/files.twin");
  EXPECT_EQ(diff(std::nullopt, {"filesystem/etc/motd"}).size(), 1u);
  EXPECT_TRUE(diff(std::nullopt, {"live"}).empty());
}

TEST_F(GitDiffTest, AMissingNewlineAtTheEndIsMarked) {
  write_text(dir_ / "filesystem/etc/motd", "hello\nworld");
  auto files = diff();
  ASSERT_EQ(files.size(), 1u);
  const auto& lines = files[0].hunks.at(0).lines;
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().origin, '\\');
  EXPECT_EQ(files[0].patch(), run_git(dir_.path(), {"diff", "HEAD"}).out);
}

TEST_F(GitDiffTest, ContentThatLooksSecretIsMaskedOnBothSides) {
  write_text(dir_ / "filesystem/etc/app.conf", "user = app\npassword = hunter2\n");
  std::string second = commit("with a password");
  write_text(dir_ / "filesystem/etc/app.conf", "user = app\npassword = changed-it\n");
  auto files = diff_twin(dir_.path(), {second, std::nullopt, {}});
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  const FileDiff& f = files->at(0);
  ASSERT_TRUE(f.sensitive_summary);
  EXPECT_EQ(f.sensitive_summary->rfind("(sensitive: 1 lines changed, digest ", 0), 0u)
      << *f.sensitive_summary;
  EXPECT_TRUE(f.hunks.empty());
  EXPECT_EQ(f.additions, 1u);
  EXPECT_EQ(f.patch().find("hunter2"), std::string::npos);
  EXPECT_EQ(f.patch().find("changed-it"), std::string::npos);
  // Removing the secret still hides the old side.
  write_text(dir_ / "filesystem/etc/app.conf", "user = app\n");
  auto removed = diff_twin(dir_.path(), {second, std::nullopt, {}});
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->at(0).patch().find("hunter2"), std::string::npos);
}

TEST_F(GitDiffTest, AMissingCommitOrRepositoryIsAnError) {
  auto missing = diff_twin(dir_.path(), {std::string(40, 'a'), std::nullopt, {}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "E2003");
  auto bad_to = diff_twin(dir_.path(), {first_, std::string(40, 'b'), {}});
  ASSERT_FALSE(bad_to.ok());
  EXPECT_EQ(bad_to.error().code, "E2003");
  TempDir plain;
  auto not_repo = diff_twin(plain.path(), {first_, std::nullopt, {}});
  ASSERT_FALSE(not_repo.ok());
  EXPECT_EQ(not_repo.error().code, "E2002");
}

TEST_F(GitDiffTest, ABadRevisionIsRefusedWhenResolved) {
  EXPECT_EQ(repo_->resolve("HEAD~5").error().code, "E2003");
  EXPECT_EQ(repo_->resolve("not-a-rev").error().code, "E2003");
  auto head = repo_->resolve(first_.substr(0, 7));
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(*head, first_);
}

TEST(DiffSummary, FollowsGitsWording) {
  EXPECT_EQ(diff_summary({1, 1, 1}), "1 file changed, 1 insertion(+), 1 deletion(-)");
  EXPECT_EQ(diff_summary({3, 10, 0}), "3 files changed, 10 insertions(+)");
  EXPECT_EQ(diff_summary({2, 0, 2}), "2 files changed, 2 deletions(-)");
}

}  // namespace
}  // namespace twin::engine
