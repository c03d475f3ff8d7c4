// The stat cache's store: what is recorded survives a save and a load, racy
// entries are never kept, and any damage to the file makes it ignored.
#include "engine/core/observation_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

using twin::testing::read_text;
using twin::testing::TempDir;
using twin::testing::write_text;

constexpr std::int64_t kSecond = 1'000'000'000;

class ObservationCacheTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return tmp_ / ".twin" / "stat-cache"; }

  // A cache whose observation began now, holding `entries` recorded from
  // files last changed a minute ago.
  void save(const std::vector<std::pair<std::string, std::string>>& entries,
            const std::string& scope = "/srv/root") {
    ObservationCache cache(scope);
    for (const auto& [key, fingerprint] : entries) cache.record(key, fingerprint, old_);
    ASSERT_TRUE(cache.save(file()).ok());
  }

  TempDir tmp_;
  std::int64_t old_ = ObservationCache::now_ns() - 60 * kSecond;
};

TEST_F(ObservationCacheTest, WhatWasRecordedIsConfirmedAfterALoad) {
  save({{"file /etc/motd", "target 1 2 3"}, {"file /etc/issue", "target 4 5 6"}});
  struct stat st {};
  ASSERT_EQ(::stat(file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_EQ(::stat(file().parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);

  ObservationCache next("/srv/root");
  ASSERT_TRUE(next.load(file()));
  EXPECT_EQ(next.size(), 2u);
  EXPECT_TRUE(next.confirms("file /etc/motd", "target 1 2 3"));
  EXPECT_TRUE(next.confirms("file /etc/issue", "target 4 5 6"));
  EXPECT_FALSE(next.confirms("file /etc/motd", "target 1 2 4"));  // only the exact state
  EXPECT_FALSE(next.confirms("file /etc/hosts", "target 1 2 3"));
  EXPECT_FALSE(next.changed());  // confirming is not a change worth a write
}

// A plan reads its own cache and then the snapshot's: both files' entries
// are held, and what `recorded` gives is the one loaded last.
TEST_F(ObservationCacheTest, TwoFilesLoadIntoOneCacheTheLaterWinning) {
  save({{"file /etc/motd", "target 1 2 3"}, {"units", "plan's answer"}});
  std::filesystem::path plan_file = tmp_ / "plan-cache";
  std::filesystem::rename(file(), plan_file);
  save({{"units", "snapshot's answer"}});
  ObservationCache next("/srv/root");
  ASSERT_TRUE(next.load(plan_file));
  ASSERT_TRUE(next.load(file()));
  EXPECT_EQ(next.size(), 2u);
  EXPECT_TRUE(next.confirms("file /etc/motd", "target 1 2 3"));
  EXPECT_EQ(next.recorded("units"), "snapshot's answer");
  EXPECT_FALSE(next.recorded("file /etc/issue"));
}

TEST_F(ObservationCacheTest, KeysAndFingerprintsMayHoldAnyByte) {
  std::string key = std::string("file /etc/odd\nname \0with nul", 28);
  std::string fingerprint = "12 34\n56 source a b";
  save({{key, fingerprint}});
  ObservationCache next("/srv/root");
  ASSERT_TRUE(next.load(file()));
  EXPECT_TRUE(next.confirms(key, fingerprint));
}

TEST_F(ObservationCacheTest, EntriesNotOlderThanOneSecondBeforeTheStartAreNotKept) {
  const std::int64_t started = ObservationCache::now_ns();
  ObservationCache cache("/srv/root", started);
  cache.record("file /racy", "a", started - kSecond / 2);      // changed just before the plan
  cache.record("file /edge", "b", started - kSecond);          // not strictly older
  cache.record("file /during", "c", started + kSecond / 100);  // changed while planning
  cache.record("file /settled", "d", started - kSecond - 1);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_FALSE(cache.confirms("file /racy", "a"));
  EXPECT_FALSE(cache.confirms("file /edge", "b"));
  EXPECT_FALSE(cache.confirms("file /during", "c"));
  EXPECT_TRUE(cache.confirms("file /settled", "d"));
  ASSERT_TRUE(cache.save(file()).ok());

  ObservationCache next("/srv/root");
  ASSERT_TRUE(next.load(file()));
  EXPECT_EQ(next.size(), 1u);
  EXPECT_FALSE(next.confirms("file /racy", "a"));
  EXPECT_TRUE(next.confirms("file /settled", "d"));
}

TEST_F(ObservationCacheTest, OnlyWhatThisRunUsedIsSavedAgain) {
  save({{"file /kept", "1"}, {"file /undeclared-since", "2"}});
  ObservationCache second("/srv/root");
  ASSERT_TRUE(second.load(file()));
  EXPECT_TRUE(second.confirms("file /kept", "1"));
  second.record("file /new", "3", old_);
  EXPECT_TRUE(second.changed());
  ASSERT_TRUE(second.save(file()).ok());

  ObservationCache third("/srv/root");
  ASSERT_TRUE(third.load(file()));
  EXPECT_EQ(third.size(), 2u);
  EXPECT_TRUE(third.confirms("file /kept", "1"));
  EXPECT_TRUE(third.confirms("file /new", "3"));
  EXPECT_FALSE(third.confirms("file /undeclared-since", "2"));
}

TEST_F(ObservationCacheTest, ARecordReplacesAnOlderFingerprint) {
  save({{"file /etc/motd", "before"}});
  ObservationCache next("/srv/root");
  ASSERT_TRUE(next.load(file()));
  EXPECT_FALSE(next.confirms("file /etc/motd", "after"));
  next.record("file /etc/motd", "after", old_);
  EXPECT_TRUE(next.confirms("file /etc/motd", "after"));
  EXPECT_FALSE(next.confirms("file /etc/motd", "before"));
}

TEST_F(ObservationCacheTest, AnyDamageMakesTheFileIgnored) {
  save({{"file /etc/motd", "target 1 2 3"}, {"file /etc/issue", "target 4 5 6"}});
  const std::string good = read_text(file());
  auto loads = [&](const std::string& bytes) {
    write_text(file(), bytes);
    ObservationCache cache("/srv/root");
    bool loaded = cache.load(file());
    EXPECT_EQ(cache.size(), loaded ? 2u : 0u);
    return loaded;
  };
  EXPECT_TRUE(loads(good));
  for (std::size_t i = 0; i < good.size(); ++i) {  // every single flipped byte
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x10);
    EXPECT_FALSE(loads(bad)) << "byte " << i;
  }
  EXPECT_FALSE(loads(good.substr(0, good.size() - 1)));
  EXPECT_FALSE(loads(good.substr(0, good.size() / 2)));
  EXPECT_FALSE(loads(good + "x\n"));
  EXPECT_FALSE(loads(""));
  EXPECT_FALSE(loads("twin-observations 1\n"));
  EXPECT_FALSE(loads("not a cache at all\n"));
  std::filesystem::remove(file());
  ObservationCache missing("/srv/root");
  EXPECT_FALSE(missing.load(file()));
}

TEST_F(ObservationCacheTest, ACacheOfAnotherRootIsIgnored) {
  save({{"file /etc/motd", "target 1 2 3"}}, "/srv/other-root");
  ObservationCache cache("/srv/root");
  EXPECT_FALSE(cache.load(file()));
  EXPECT_FALSE(cache.confirms("file /etc/motd", "target 1 2 3"));
}

TEST_F(ObservationCacheTest, ACacheStartedInTheFutureIsIgnored) {
  // The clock went back since: change times cannot be compared with it.
  const std::int64_t future = ObservationCache::now_ns() + 3600 * kSecond;
  ObservationCache cache("/srv/root", future);
  cache.record("file /etc/motd", "target 1 2 3", old_);
  ASSERT_TRUE(cache.save(file()).ok());
  ObservationCache next("/srv/root");
  EXPECT_FALSE(next.load(file()));
}

}  // namespace
}  // namespace twin::engine
