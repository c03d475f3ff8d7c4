// The file provider with a stat cache (engine/core/observation_cache.h): a second
// plan does not read files whose stat data is unchanged, and every edit is
// still seen, even one that keeps the size and puts the old mtime back.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "engine/core/observation_cache.h"
#include "resources/file_provider.h"
#include "tests/resources/file_fixture.h"

namespace twin::resources {
namespace {

using engine::Action;
using engine::ObservationCache;
using testing::DeclBuilder;
namespace fs = std::filesystem;

constexpr std::int64_t kSecond = 1'000'000'000;

std::int64_t ctime_ns(const fs::path& path) {
  struct stat st = testing::lstat_of(path);
  return static_cast<std::int64_t>(st.st_ctim.tv_sec) * kSecond + st.st_ctim.tv_nsec;
}

class FileStatCacheTest : public testing::FileFixture {
 protected:
  void SetUp() override {
    FileFixture::SetUp();
    testing::write_file(twin() / "files/a.conf", "alpha = 1\n");
    testing::write_file(twin() / "files/b.conf", "beta = 2\n");
    testing::write_file(root() / "etc/a.conf", "alpha = 1\n");
    testing::write_file(root() / "etc/b.conf", "beta = 2\n");
  }

  static std::vector<lang::ResourceDecl> decls() {
    return {DeclBuilder("file", "/etc/a.conf").str("source", "files/a.conf").build(),
            DeclBuilder("file", "/etc/b.conf").str("source", "files/b.conf").build()};
  }

  engine::Result<std::vector<engine::Step>> plan_with(ObservationCache* cache) {
    std::vector<const lang::ResourceDecl*> pointers;
    for (auto& d : decls()) pointers.push_back(&keep(std::move(d)));
    engine::Context ctx = context();
    ctx.observations = cache;
    return provider_.plan(pointers, ctx);
  }

  // A cache whose plan "began" two seconds from now, so the files this test
  // just wrote count as settled (not racy); the racy rule has its own test.
  ObservationCache settled_cache() {
    return ObservationCache(root().string(), ObservationCache::now_ns() + 2 * kSecond);
  }

  // Waits until the filesystem clock has moved past `path`'s ctime, so that
  // a write now gets a different ctime (timestamps are coarse: a write in
  // the same tick would keep it, which is what the racy rule guards).
  void wait_for_clock_past(const fs::path& path) {
    const std::int64_t then = ctime_ns(path);
    const fs::path probe = sandbox_.path() / "clock-probe";
    for (;;) {
      testing::write_file(probe, "tick");
      if (ctime_ns(probe) > then) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  // Rewrites `path` with `bytes` (the same size) and puts its old atime and
  // mtime back, as `touch -d` would: only ctime tells.
  void edit_keeping_size_and_mtime(const fs::path& path, const std::string& bytes) {
    struct stat before = testing::lstat_of(path);
    ASSERT_EQ(static_cast<std::size_t>(before.st_size), bytes.size());
    wait_for_clock_past(path);
    testing::write_file(path, bytes, before.st_mode & 07777);
    const timespec times[2] = {before.st_atim, before.st_mtim};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0);
    struct stat after = testing::lstat_of(path);
    ASSERT_EQ(after.st_ino, before.st_ino);
    ASSERT_EQ(after.st_size, before.st_size);
    ASSERT_EQ(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    ASSERT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    ASSERT_NE(ctime_ns(path),
              static_cast<std::int64_t>(before.st_ctim.tv_sec) * kSecond + before.st_ctim.tv_nsec);
  }
};

TEST_F(FileStatCacheTest, ASecondPlanReadsNoUnchangedFile) {
  ObservationCache cache = settled_cache();
  auto first = plan_with(&cache);
  ASSERT_TRUE(first.ok()) << first.error().text();
  EXPECT_TRUE(first->empty());
  EXPECT_EQ(provider_.files_read_by_last_plan(), 4u);  // two targets, two sources
  EXPECT_EQ(cache.size(), 2u);

  auto second = plan_with(&cache);
  ASSERT_TRUE(second.ok()) << second.error().text();
  EXPECT_TRUE(second->empty());
  EXPECT_EQ(provider_.files_read_by_last_plan(), 0u);
}

TEST_F(FileStatCacheTest, ATargetEditKeepingSizeAndMtimeIsStillSeen) {
  ObservationCache cache = settled_cache();
  ASSERT_TRUE(plan_with(&cache).ok());
  edit_keeping_size_and_mtime(root() / "etc/a.conf", "alpha = 9\n");

  auto steps = plan_with(&cache);
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].address, "file[\"/etc/a.conf\"]");
  ASSERT_EQ(actions((*steps)[0]), std::vector<Action>{Action::kReplace});
  EXPECT_EQ((*steps)[0].changes[0].description, "content differs (10 → 10 bytes)");
  EXPECT_EQ((*steps)[0].changes[0].diff->old_text, "alpha = 9\n");
  EXPECT_EQ(provider_.files_read_by_last_plan(), 2u);  // a.conf and its source; b.conf not
}

TEST_F(FileStatCacheTest, ASourceEditKeepingSizeAndMtimeIsStillSeen) {
  ObservationCache cache = settled_cache();
  ASSERT_TRUE(plan_with(&cache).ok());
  edit_keeping_size_and_mtime(twin() / "files/b.conf", "beta = 3\n");

  auto steps = plan_with(&cache);
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].address, "file[\"/etc/b.conf\"]");
  ASSERT_EQ(actions((*steps)[0]), std::vector<Action>{Action::kReplace});
  EXPECT_EQ((*steps)[0].changes[0].diff->new_text, "beta = 3\n");
}

TEST_F(FileStatCacheTest, AModeChangeIsSeenAndTheContentIsNotReadForIt) {
  ObservationCache cache = settled_cache();
  ASSERT_TRUE(plan_with(&cache).ok());
  ASSERT_EQ(::chmod((root() / "etc/a.conf").c_str(), 0600), 0);
  std::vector<const lang::ResourceDecl*> pointers = {&keep(DeclBuilder("file", "/etc/a.conf")
                                                               .str("source", "files/a.conf")
                                                               .str("mode", "0644")
                                                               .build())};
  engine::Context ctx = context();
  ctx.observations = &cache;
  auto steps = provider_.plan(pointers, ctx);
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ(actions((*steps)[0]), std::vector<Action>{Action::kChmod});
  // A chmod moves ctime: the content is compared again, and found equal.
  EXPECT_EQ(provider_.files_read_by_last_plan(), 2u);
}

// validate_all() hands the stats of the sources it checked to the plan that
// follows it (so each source is stat'ed once per `twin plan`); they serve
// that one plan only, and a later plan stats the sources again.
TEST_F(FileStatCacheTest, SourceStatsFromValidationServeOnlyTheNextPlan) {
  ObservationCache cache = settled_cache();
  ASSERT_TRUE(plan_with(&cache).ok());

  std::vector<const lang::ResourceDecl*> validated;
  for (auto& d : decls()) validated.push_back(&keep(std::move(d)));
  lang::DiagnosticSink sink;
  provider_.validate_all(validated, context(), sink);
  ASSERT_TRUE(sink.empty());
  auto next = plan_with(&cache);
  ASSERT_TRUE(next.ok()) << next.error().text();
  EXPECT_TRUE(next->empty());
  EXPECT_EQ(provider_.files_read_by_last_plan(), 0u);  // the stats matched the cache

  edit_keeping_size_and_mtime(twin() / "files/b.conf", "beta = 3\n");
  auto later = plan_with(&cache);
  ASSERT_TRUE(later.ok()) << later.error().text();
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].address, "file[\"/etc/b.conf\"]");
  EXPECT_EQ((*later)[0].changes[0].diff->new_text, "beta = 3\n");
}

TEST_F(FileStatCacheTest, FilesChangedJustBeforeThePlanAreReadAgain) {
  // The plan begins now, right after SetUp wrote the files: their ctimes are
  // within the racy second, so nothing is remembered.
  ObservationCache cache(root().string());
  ASSERT_TRUE(plan_with(&cache).ok());
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.changed());
  ASSERT_TRUE(plan_with(&cache).ok());
  EXPECT_EQ(provider_.files_read_by_last_plan(), 4u);
}

TEST_F(FileStatCacheTest, WithoutACacheEveryPlanReads) {
  ASSERT_TRUE(plan_with(nullptr).ok());
  EXPECT_EQ(provider_.files_read_by_last_plan(), 4u);
  ASSERT_TRUE(plan_with(nullptr).ok());
  EXPECT_EQ(provider_.files_read_by_last_plan(), 4u);
}

TEST_F(FileStatCacheTest, InlineContentIsAlwaysComparedByteForByte) {
  ObservationCache cache = settled_cache();
  std::vector<const lang::ResourceDecl*> pointers = {
      &keep(DeclBuilder("file", "/etc/a.conf").str("content", "alpha = 1\n").build())};
  engine::Context ctx = context();
  ctx.observations = &cache;
  for (int i = 0; i < 2; ++i) {
    auto steps = provider_.plan(pointers, ctx);
    ASSERT_TRUE(steps.ok()) << steps.error().text();
    EXPECT_TRUE(steps->empty());
    EXPECT_EQ(provider_.files_read_by_last_plan(), 1u);
  }
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(FileStatCacheTest, ADifferenceIsNeverRemembered) {
  testing::write_file(root() / "etc/a.conf", "alpha = 2\n");
  ObservationCache cache = settled_cache();
  for (int i = 0; i < 2; ++i) {
    auto steps = plan_with(&cache);
    ASSERT_TRUE(steps.ok()) << steps.error().text();
    ASSERT_EQ(steps->size(), 1u);
    EXPECT_EQ(actions((*steps)[0]), std::vector<Action>{Action::kReplace});
  }
  EXPECT_EQ(cache.size(), 1u);  // b.conf only
  EXPECT_EQ(provider_.files_read_by_last_plan(), 2u);
}

TEST_F(FileStatCacheTest, ApplyAndTheNextPlanConvergeWithACacheInTheContext) {
  ObservationCache cache = settled_cache();
  testing::write_file(root() / "etc/a.conf", "alpha = 2\n");
  auto steps = plan_with(&cache);
  ASSERT_TRUE(steps.ok());
  ASSERT_EQ(steps->size(), 1u);
  auto cp = new_checkpoint();
  engine::Context ctx = context();
  ctx.observations = &cache;
  ASSERT_TRUE(provider_.apply((*steps)[0], ctx, cp).ok());
  EXPECT_EQ(testing::read_file(root() / "etc/a.conf"), "alpha = 1\n");
  auto again = plan_with(&cache);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

}  // namespace
}  // namespace twin::resources
