// The crontabs collector on a sandbox spool written as crontab(1) writes it.
#include "resources/collect_crontabs.h"

#include <gtest/gtest.h>

#include "resources/cron_syntax.h"
#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

using testing::TempDir;
using testing::write_file;

TEST(CollectCrontabs, StripsTheHeaderChecksLinesAndSkipsJunk) {
  TempDir tmp;
  auto spool = tmp.path() / "var/spool/cron/crontabs";
  write_file(spool / "alice", crontab_header("alice", 0) + "0 3 * * * /usr/bin/backup\n", 0600);
  write_file(spool / "bob", "61 * * * * /bin/true\n", 0600);
  write_file(spool / "tmp.XYZ", "x\n", 0600);
  std::filesystem::create_symlink("/etc/passwd", spool / "carol");
  auto fs = RootedFs::open(tmp.path());
  ASSERT_TRUE(fs.ok());
  auto collected = collect_crontabs(*fs);
  ASSERT_TRUE(collected.ok()) << collected.error().text();
  ASSERT_EQ(collected->crontabs.size(), 2u);
  EXPECT_EQ(collected->crontabs[0].user, "alice");
  EXPECT_EQ(collected->crontabs[0].text, "0 3 * * * /usr/bin/backup\n");
  EXPECT_FALSE(collected->crontabs[0].problem);
  ASSERT_TRUE(collected->crontabs[1].problem);
  EXPECT_EQ(collected->crontabs[1].problem->rfind("line 1: ", 0), 0u);
  EXPECT_EQ(collected->skipped,
            (std::vector<std::string>{"carol: not a regular file", "tmp.XYZ: not a user name"}));
}

TEST(CollectCrontabs, NoSpoolMeansNoCrontabs) {
  TempDir tmp;
  auto fs = RootedFs::open(tmp.path());
  ASSERT_TRUE(fs.ok());
  EXPECT_TRUE(collect_crontabs(*fs).value().crontabs.empty());
}

}  // namespace
}  // namespace twin::resources
