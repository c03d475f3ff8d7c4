// GitRepo::add_all(const KnownFiles&) stages exactly what add_all() does:
// the same scenario is built in two directories, one staged each way, and
// the index, the commit's tree and the git binary's view are compared.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>

#include "engine/repo/git_repo.h"
#include "engine/repo/snapshot.h"
#include "engine/repo/snapshot_commit.h"
#include "tests/engine/repo/git_testing.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;
using twin::testing::run_git;
using twin::testing::TempDir;
using twin::testing::write_text;

const GitIdentity kWho{"twin", "twin@testhost"};

std::string git_out(const fs::path& dir, const std::vector<std::string>& args) {
  auto run = run_git(dir, args);
  EXPECT_EQ(run.exit_code, 0) << "git " << args[0];
  return run.out;
}

/// What the snapshot puts under filesystem/etc: every kind of change.
SnapshotContent snapshot_content() {
  SnapshotContent content;
  content.owned = {"filesystem/etc"};
  content.files = {
      {"filesystem/etc/keep", {"same\n"}},                  // unchanged (known, never rewritten)
      {"filesystem/etc/change", {"new\n"}},                 // replaced
      {"filesystem/etc/exec.sh", {"#!/bin/sh\nexit 1\n"}},  // replaced, was 0755
      {"filesystem/etc/new1", {"n1\n"}},
      {"filesystem/etc/sub/deep/new2", {"n2\n"}},
      {"filesystem/etc/link", {"new1", true}},  // retargeted
      {"filesystem/etc/newlink", {"sub/deep/new2", true}},
      {"filesystem/etc/was_file", {"keep", true}},             // file -> symlink
      {"filesystem/etc/was_link", {"now a file\n"}},           // symlink -> file
      {"filesystem/etc/app.log", {"*.log ignores me\n"}},      // new and ignored: never staged
      {"filesystem/etc/tracked.log", {"tracked, changed\n"}},  // ignored pattern, but tracked
  };  // filesystem/etc/gone and olddir/x are removed
  return content;
}

/// The snapshot paths that need staging (not keep, not the ignored app.log).
constexpr std::size_t kStagedFromMemory = 9;

/// A twin with a first commit (made by the git binary), then
/// `after_first_commit`, the person's own edits and `content` written by
/// write_snapshot().
class Scenario {
 public:
  explicit Scenario(const SnapshotContent& content,
                    const std::function<void(const fs::path&)>& after_first_commit = {}) {
    (void)twin::testing::isolated_git_home();
    const fs::path& d = dir_.path();
    git_out(d, {"init", "-q", "-b", "main"});
    write_text(d / ".gitignore", "*.log\n/ignored/\n");
    write_text(d / "README.md", "readme\n");
    write_text(d / "state/mine.twin", "a\n");
    write_text(d / "filesystem/etc/keep", "same\n");
    write_text(d / "filesystem/etc/change", "old\n");
    write_text(d / "filesystem/etc/exec.sh", "#!/bin/sh\n");
    fs::permissions(d / "filesystem/etc/exec.sh", fs::perms(0755));
    write_text(d / "filesystem/etc/gone", "bye\n");
    write_text(d / "filesystem/etc/olddir/x", "x\n");
    write_text(d / "filesystem/etc/was_file", "file\n");
    write_text(d / "filesystem/etc/tracked.log", "tracked\n");
    fs::create_symlink("keep", d / "filesystem/etc/link");
    fs::create_symlink("keep", d / "filesystem/etc/was_link");
    git_out(d, {"add", "-A"});
    git_out(d, {"add", "-f", "filesystem/etc/tracked.log"});
    git_out(d, {"-c", "user.name=t", "-c", "user.email=t@h", "commit", "-q", "-m", "first"});
    if (after_first_commit) after_first_commit(d);

    // The person's own edits: outside the snapshot's paths.
    write_text(d / "state/mine.twin", "b\n");
    fs::remove(d / "README.md");
    write_text(d / "notes.txt", "mine\n");
    write_text(d / "state/new.twin", "new\n");
    write_text(d / "debug.log", "ignored\n");
    write_text(d / "ignored/stuff", "ignored\n");

    auto written = write_snapshot(d, content);
    EXPECT_TRUE(written.ok()) << written.error().text();
    auto repo = GitRepo::open(d);
    EXPECT_TRUE(repo.ok());
    repo_.emplace(std::move(*repo));
  }

  const fs::path& dir() const { return dir_.path(); }
  GitRepo& repo() { return *repo_; }
  /// Commits what is staged; returns the tree's id as git reads it.
  std::string commit() {
    auto id = repo_->commit_index("snapshot test", kWho);
    EXPECT_TRUE(id.ok()) << id.error().text();
    return git_out(dir(), {"rev-parse", "HEAD^{tree}"});
  }

 private:
  TempDir dir_;
  std::optional<GitRepo> repo_;
};

KnownFiles known_of(const SnapshotFiles& files) {
  KnownFiles known;
  for (const auto& [path, file] : files) known.emplace(path, KnownFile{file.bytes, file.symlink});
  return known;
}

/// Stages `content` both ways; expects the same index and tree; returns
/// how many files came from memory.
std::size_t expect_same_staging(const SnapshotContent& content,
                                const std::function<void(const fs::path&)>& tweak = {}) {
  Scenario libgit2(content, tweak), fast(content, tweak);
  EXPECT_TRUE(libgit2.repo().add_all().ok());
  auto from_memory = fast.repo().add_all(known_of(content.files));
  EXPECT_TRUE(from_memory.ok()) << from_memory.error().text();
  EXPECT_EQ(fast.commit(), libgit2.commit());
  EXPECT_EQ(git_out(fast.dir(), {"ls-files", "-s"}), git_out(libgit2.dir(), {"ls-files", "-s"}));
  // Nothing left to stage, as git and libgit2 see it; a sound repository.
  EXPECT_EQ(git_out(fast.dir(), {"status", "--porcelain"}), "");
  EXPECT_EQ(git_out(fast.dir(), {"diff", "--cached", "--name-only"}), "");
  EXPECT_EQ(run_git(fast.dir(), {"fsck", "--full", "--no-dangling"}).exit_code, 0);
  EXPECT_TRUE(fast.repo().worktree_changes().value().empty());
  return from_memory.ok() ? from_memory->size() : 0;
}

TEST(GitRepoStage, KnownFilesStageExactlyAsAddAllDoes) {
  EXPECT_EQ(expect_same_staging(snapshot_content()), kStagedFromMemory);
}

TEST(GitRepoStage, TheIndexHoldsWhatGitAddAllWouldStage) {
  Scenario fast(snapshot_content());
  ASSERT_EQ(fast.repo().add_all(known_of(snapshot_content().files)).value().size(),
            kStagedFromMemory);
  fast.commit();
  std::string files = git_out(fast.dir(), {"ls-files", "-s"});
  // The person's changes are staged, ignored files are not, removals are.
  EXPECT_NE(files.find(" 0\tnotes.txt\n"), std::string::npos);
  EXPECT_NE(files.find(" 0\tstate/new.twin\n"), std::string::npos);
  EXPECT_EQ(files.find("README.md"), std::string::npos);
  EXPECT_EQ(files.find("debug.log"), std::string::npos);
  EXPECT_EQ(files.find("ignored/"), std::string::npos);
  EXPECT_EQ(files.find("app.log"), std::string::npos);
  EXPECT_EQ(files.find("filesystem/etc/gone"), std::string::npos);
  EXPECT_EQ(files.find("olddir"), std::string::npos);
  EXPECT_NE(files.find("120000 "), std::string::npos);
  EXPECT_NE(files.find("100644 "), std::string::npos);
  EXPECT_EQ(git_out(fast.dir(), {"cat-file", "-p", "HEAD:filesystem/etc/tracked.log"}),
            "tracked, changed\n");
  EXPECT_EQ(git_out(fast.dir(), {"cat-file", "-p", "HEAD:filesystem/etc/was_file"}), "keep");
  EXPECT_EQ(git_out(fast.dir(), {"cat-file", "-p", "HEAD:state/mine.twin"}), "b\n");
}

TEST(GitRepoStage, EntriesCarryTheStatDataLibgit2Records) {
  Scenario fast(snapshot_content());
  ASSERT_EQ(fast.repo().add_all(known_of(snapshot_content().files)).value().size(),
            kStagedFromMemory);
  fast.commit();
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_open(&repo, fast.dir().c_str()), 0);
  git_index* index = nullptr;
  ASSERT_EQ(git_repository_index(&index, repo), 0);
  for (const char* path :
       {"filesystem/etc/change", "filesystem/etc/sub/deep/new2", "filesystem/etc/link",
        "filesystem/etc/was_file", "filesystem/etc/exec.sh"}) {
    SCOPED_TRACE(path);
    const git_index_entry* ours = git_index_get_bypath(index, path, 0);
    ASSERT_NE(ours, nullptr);
    git_index_entry mine = *ours;
    ASSERT_EQ(git_index_add_bypath(index, path), 0);  // libgit2 reads the file again
    const git_index_entry* theirs = git_index_get_bypath(index, path, 0);
    EXPECT_EQ(mine.ctime.seconds, theirs->ctime.seconds);
    EXPECT_EQ(mine.ctime.nanoseconds, theirs->ctime.nanoseconds);
    EXPECT_EQ(mine.mtime.seconds, theirs->mtime.seconds);
    EXPECT_EQ(mine.mtime.nanoseconds, theirs->mtime.nanoseconds);
    EXPECT_EQ(mine.dev, theirs->dev);
    EXPECT_EQ(mine.ino, theirs->ino);
    EXPECT_EQ(mine.mode, theirs->mode);
    EXPECT_EQ(mine.uid, theirs->uid);
    EXPECT_EQ(mine.gid, theirs->gid);
    EXPECT_EQ(mine.file_size, theirs->file_size);
    EXPECT_TRUE(git_oid_equal(&mine.id, &theirs->id));
  }
  git_index_free(index);
  git_repository_free(repo);
}

TEST(GitRepoStage, WithoutTrustedFileModesAnEntryKeepsItsExecBit) {
  auto filemode_off = [](const fs::path& d) { git_out(d, {"config", "core.filemode", "false"}); };
  EXPECT_EQ(expect_same_staging(snapshot_content(), filemode_off), kStagedFromMemory);
  Scenario fast(snapshot_content(), filemode_off);
  ASSERT_TRUE(fast.repo().add_all(known_of(snapshot_content().files)).ok());
  fast.commit();
  EXPECT_EQ(git_out(fast.dir(), {"ls-files", "-s", "filesystem/etc/exec.sh"}).substr(0, 7),
            "100755 ");
}

TEST(GitRepoStage, AFileThatIsNotWhatTheCallerSaysIsReadFromDisk) {
  SnapshotContent content = snapshot_content();
  Scenario fast(content);
  // Claimed bytes of another size: libgit2 stages what is really there.
  SnapshotFiles claimed = content.files;
  claimed["filesystem/etc/new1"].bytes = "something else\n";
  auto from_memory = fast.repo().add_all(known_of(claimed));
  ASSERT_EQ(from_memory.value().size(), kStagedFromMemory - 1);
  EXPECT_FALSE(from_memory->count("filesystem/etc/new1"));
  fast.commit();
  EXPECT_EQ(git_out(fast.dir(), {"cat-file", "-p", "HEAD:filesystem/etc/new1"}), "n1\n");
}

TEST(GitRepoStage, AttributesInTheTwinFallBackToLibgit2) {
  SnapshotContent content = snapshot_content();
  content.files["filesystem/etc/dos.txt"] = {"one\r\ntwo\r\n"};
  auto text_auto = [](const fs::path& d) { write_text(d / ".gitattributes", "* text=auto\n"); };
  EXPECT_EQ(expect_same_staging(content, text_auto), 0u);
  Scenario libgit2(content, text_auto);
  ASSERT_TRUE(libgit2.repo().add_all().ok());
  libgit2.commit();
  // The filter did apply: the blob has LF line ends.
  EXPECT_EQ(git_out(libgit2.dir(), {"cat-file", "-p", "HEAD:filesystem/etc/dos.txt"}),
            "one\ntwo\n");

  // One the snapshot itself writes counts too.
  SnapshotContent with_attributes = snapshot_content();
  with_attributes.files["filesystem/etc/sub/.gitattributes"] = {"* text=auto\n"};
  with_attributes.files["filesystem/etc/sub/dos.txt"] = {"one\r\n"};
  EXPECT_EQ(expect_same_staging(with_attributes), 0u);
}

TEST(GitRepoStage, AutoCrlfFallsBackToLibgit2) {
  SnapshotContent content = snapshot_content();
  content.files["filesystem/etc/dos.txt"] = {"one\r\ntwo\r\n"};
  auto autocrlf = [](const fs::path& d) { git_out(d, {"config", "core.autocrlf", "true"}); };
  EXPECT_EQ(expect_same_staging(content, autocrlf), 0u);
  auto input = [](const fs::path& d) { git_out(d, {"config", "core.autocrlf", "input"}); };
  EXPECT_EQ(expect_same_staging(content, input), 0u);
  auto off = [](const fs::path& d) { git_out(d, {"config", "core.autocrlf", "false"}); };
  EXPECT_EQ(expect_same_staging(content, off), kStagedFromMemory + 1);
}

TEST(GitRepoStage, ASecretRefusedFromMemoryWritesNothing) {
  (void)twin::testing::isolated_git_home();
  TempDir dir;
  auto repo = GitRepo::init(dir.path());
  ASSERT_TRUE(repo.ok());
  SnapshotContent content;
  content.owned = {"filesystem/etc", "state/packages.twin"};
  content.files = {{"state/packages.twin", {"package \"vim\" {}\n"}},
                   {"filesystem/etc/key.pem", {"-----BEGIN PRIVATE KEY-----\n"}}};
  ASSERT_TRUE(write_snapshot(dir.path(), content).ok());
  auto refused = commit_twin(*repo, "snapshot h t", "", kWho, TwinConfig{}, &content.files);
  ASSERT_TRUE(refused.ok()) << refused.error().text();
  ASSERT_EQ(refused->refused.size(), 1u);
  EXPECT_EQ(refused->refused[0].path, "filesystem/etc/key.pem");
  EXPECT_EQ(refused->refused[0].reason, "private key block");
  EXPECT_EQ(git_out(dir.path(), {"count-objects"}), "0 objects, 0 kilobytes\n");
  EXPECT_FALSE(fs::exists(dir / ".git/index"));

  TwinConfig opted;
  opted.include_secrets = {"/etc/key.pem"};
  auto done = commit_twin(*repo, "snapshot h t", "", kWho, opted, &content.files);
  ASSERT_TRUE(done.ok()) << done.error().text();
  ASSERT_TRUE(done->id);
  EXPECT_EQ(done->body,
            "filesystem: 1 added, 0 modified, 0 deleted\nstate: 1 added, 0 modified, 0 deleted\n");
  EXPECT_EQ(git_out(dir.path(), {"status", "--porcelain"}), "");
  EXPECT_EQ(run_git(dir.path(), {"fsck", "--full", "--no-dangling"}).exit_code, 0);
}

TEST(GitRepoStage, AFileNotAsClaimedIsScannedOnDisk) {
  (void)twin::testing::isolated_git_home();
  TempDir dir;
  auto repo = GitRepo::init(dir.path());
  ASSERT_TRUE(repo.ok());
  write_text(dir / "filesystem/etc/app.conf", "token ghp_" + std::string(36, 'a') + "\n");
  SnapshotFiles claimed = {{"filesystem/etc/app.conf", {"harmless\n"}}};
  auto refused = commit_twin(*repo, "snapshot h t", "", kWho, TwinConfig{}, &claimed);
  ASSERT_TRUE(refused.ok()) << refused.error().text();
  ASSERT_EQ(refused->refused.size(), 1u);
  EXPECT_EQ(refused->refused[0].reason, "GitHub token");
}

}  // namespace
}  // namespace twin::engine
