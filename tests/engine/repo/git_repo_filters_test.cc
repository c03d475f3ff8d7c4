// no_filter_can_apply(): every source of attributes or filter settings
// libgit2 would consult turns it false, and nothing else does.
#include "engine/repo/git_repo_filters.h"

#include <gtest/gtest.h>

#include "tests/engine/repo/git_testing.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;
using twin::testing::run_git;
using twin::testing::TempDir;
using twin::testing::write_text;

class NoFilterCanApply : public ::testing::Test {
 protected:
  void SetUp() override {
    (void)twin::testing::isolated_git_home();
    git({"init", "-q", "-b", "main"});
    write_text(dir_ / "a/b/c", "c\n");
    write_text(dir_ / "x/y", "y\n");
    git({"add", "-A"});
  }
  void TearDown() override {
    close();
    restore_search_paths();
  }
  void git(const std::vector<std::string>& args) {
    ASSERT_EQ(run_git(dir_.path(), args).exit_code, 0) << args[0];
  }
  void close() {
    git_index_free(index_);
    git_repository_free(repo_);
    index_ = nullptr;
    repo_ = nullptr;
  }
  /// The answer for `paths`, from a freshly opened repository and index.
  bool check(const std::vector<std::string>& paths = {"a/b/c", "x/y"}) {
    close();
    EXPECT_EQ(git_repository_open(&repo_, dir_.path().c_str()), 0);
    EXPECT_EQ(git_repository_index(&index_, repo_), 0);
    auto answer = no_filter_can_apply(repo_, index_, paths);
    EXPECT_TRUE(answer.ok()) << answer.error().text();
    return answer.ok() && *answer;
  }
  /// Points libgit2's search path for `level` at `dir` until the test ends.
  void search_path(git_config_level_t level, const fs::path& dir) {
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, dir.c_str());
  }
  void restore_search_paths() {
    for (auto level : {GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM})
      search_path(level, twin::testing::isolated_git_home());
  }

  TempDir dir_;
  git_repository* repo_ = nullptr;
  git_index* index_ = nullptr;
};

TEST_F(NoFilterCanApply, APlainRepositoryHasNoFilter) { EXPECT_TRUE(check()); }

TEST_F(NoFilterCanApply, AttributesInADirectoryAboveAPath) {
  write_text(dir_ / "a/.gitattributes", "* text=auto\n");
  EXPECT_FALSE(check({"a/b/c"}));
  EXPECT_TRUE(check({"x/y"}));  // not above it: libgit2 would not read it
  fs::remove(dir_ / "a/.gitattributes");
  write_text(dir_ / ".gitattributes", "*.c ident\n");
  EXPECT_FALSE(check({"x/y"}));  // the top directory is above every path
}

TEST_F(NoFilterCanApply, APathThatIsAnAttributesFile) {
  EXPECT_FALSE(check({"x/y", "new/.gitattributes"}));
  EXPECT_TRUE(check({"x/y", "new/not.gitattributes"}));
}

TEST_F(NoFilterCanApply, AttributesInTheIndexEvenWhenGoneFromDisk) {
  write_text(dir_ / "other/.gitattributes", "* text\n");
  git({"add", "other/.gitattributes"});
  fs::remove(dir_ / "other/.gitattributes");
  EXPECT_FALSE(check({"x/y"}));
}

TEST_F(NoFilterCanApply, InfoAttributes) {
  write_text(dir_ / ".git/info/attributes", "* text\n");
  EXPECT_FALSE(check());
}

TEST_F(NoFilterCanApply, ConfigurationThatTurnsAFilterOn) {
  for (std::string value : {"true", "input"}) {
    git({"config", "core.autocrlf", value});
    EXPECT_FALSE(check()) << value;
  }
  git({"config", "core.autocrlf", "false"});
  EXPECT_TRUE(check());
  git({"config", "--unset", "core.autocrlf"});

  git({"config", "filter.lfs.clean", "git-lfs clean -- %f"});
  EXPECT_FALSE(check());
  git({"config", "--remove-section", "filter.lfs"});
  EXPECT_TRUE(check());

  git({"config", "core.attributesFile", "/nonexistent/attributes"});
  EXPECT_FALSE(check());  // set at all: not worth second-guessing
}

TEST_F(NoFilterCanApply, XdgAndSystemAttributesWhereLibgit2LooksForThem) {
  TempDir xdg, system;
  search_path(GIT_CONFIG_LEVEL_XDG, xdg.path());
  search_path(GIT_CONFIG_LEVEL_SYSTEM, system.path());
  EXPECT_TRUE(check());
  write_text(xdg / "attributes", "* text\n");
  EXPECT_FALSE(check());
  fs::remove(xdg / "attributes");
  write_text(system / "gitattributes", "* text\n");
  EXPECT_FALSE(check());
  restore_search_paths();
  EXPECT_TRUE(check());
}

TEST_F(NoFilterCanApply, IndexesLibgit2HandlesSpecially) {
  git({"config", "core.ignorecase", "true"});
  EXPECT_FALSE(check());
  git({"config", "core.ignorecase", "false"});
  ASSERT_TRUE(check());

  git_index_entry gitlink{};
  gitlink.mode = GIT_FILEMODE_COMMIT;
  gitlink.path = "sub";
  ASSERT_EQ(git_oid_fromstr(&gitlink.id, "0123456789012345678901234567890123456789"), 0);
  ASSERT_EQ(git_index_add(index_, &gitlink), 0);
  auto with_gitlink = no_filter_can_apply(repo_, index_, {"x/y"});
  ASSERT_TRUE(with_gitlink.ok());
  EXPECT_FALSE(*with_gitlink);

  ASSERT_TRUE(check());
  const git_index_entry* ours = git_index_get_bypath(index_, "x/y", 0);
  ASSERT_NE(ours, nullptr);
  git_index_entry conflict = *ours;
  ASSERT_EQ(git_index_conflict_add(index_, &conflict, &conflict, &conflict), 0);
  auto with_conflict = no_filter_can_apply(repo_, index_, {"x/y"});
  ASSERT_TRUE(with_conflict.ok());
  EXPECT_FALSE(*with_conflict);
}

}  // namespace
}  // namespace twin::engine
