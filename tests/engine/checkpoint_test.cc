#include "engine/checkpoint.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

using twin::testing::TempDir;

TEST(Checkpoint, CreatesPrivateDirectoryAndRefusesToReuseOne) {
  TempDir tmp;
  auto cp = Checkpoint::create(tmp / "checkpoints" / "1");
  ASSERT_TRUE(cp.ok()) << cp.error().text();
  struct stat st {};
  ASSERT_EQ(::stat((tmp / "checkpoints" / "1").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  ASSERT_EQ(::stat((tmp / "checkpoints").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  auto again = Checkpoint::create(tmp / "checkpoints" / "1");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "E1002");
}

TEST(Checkpoint, BlobsAndRecordsSurviveReopening) {
  TempDir tmp;
  auto cp = Checkpoint::create(tmp / "cp");
  ASSERT_TRUE(cp.ok());
  auto blob = cp->save_blob(std::string("old\0content", 11));
  ASSERT_TRUE(blob.ok());
  ASSERT_TRUE(cp->record({"file", "file[\"/a\"]", {{"blob", *blob}, {"mode", 420}}}));
  ASSERT_TRUE(cp->record({"file", "file[\"/b\"]", {{"existed", false}}}));

  auto reopened = Checkpoint::open(tmp / "cp");
  ASSERT_TRUE(reopened.ok()) << reopened.error().text();
  ASSERT_EQ(reopened->records().size(), 2u);
  EXPECT_EQ(reopened->records()[0].address, "file[\"/a\"]");
  EXPECT_EQ(reopened->records()[0].data["mode"], 420);
  EXPECT_EQ(reopened->records()[1].data["existed"], false);
  auto bytes = reopened->read_blob(reopened->records()[0].data["blob"]);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, std::string("old\0content", 11));
  // A new blob after reopening never overwrites an old one.
  auto next = reopened->save_blob("x");
  ASSERT_TRUE(next.ok());
  EXPECT_NE(*next, *blob);
}

TEST(Checkpoint, TornLastLineIsIgnored) {
  TempDir tmp;
  auto cp = Checkpoint::create(tmp / "cp");
  ASSERT_TRUE(cp.ok());
  ASSERT_TRUE(cp->record({"file", "a", {{"k", 1}}}));
  twin::testing::write_text(tmp / "cp" / "journal.jsonl",
                            twin::testing::read_text(tmp / "cp" / "journal.jsonl") + "{\"type\":\"fi");
  auto reopened = Checkpoint::open(tmp / "cp");
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->records().size(), 1u);
}

TEST(Checkpoint, RejectsBlobIdsThatCouldEscapeIt) {
  TempDir tmp;
  auto cp = Checkpoint::create(tmp / "cp");
  ASSERT_TRUE(cp.ok());
  auto bad = cp->read_blob("../../etc/passwd");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "E1003");
}

}  // namespace
}  // namespace twin::engine
