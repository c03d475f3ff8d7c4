#include "resources/account_db.h"

#include <gtest/gtest.h>

#include "tests/resources/sandbox.h"

namespace twin::resources {
namespace {

TEST(ParseIdFile, TakesNameAndThirdField) {
  const std::string passwd =
      "root:x:0:0:root:/root:/bin/bash\n"
      "# a comment\n"
      "\n"
      "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
      "+nisuser::::::\n"
      "broken-line-without-fields\n"
      "bad-id:x:abc:1::/:/bin/false\n"
      ":x:5:5::/:/bin/false\n"
      "www-data:x:99:99:duplicate:/:/bin/false\n"
      "huge:x:99999999999:1::/:/bin/false\n"
      "last:x:1000:1000::/home/last:/bin/sh";  // no final newline
  EXPECT_EQ(parse_id_file(passwd),
            (std::vector<IdEntry>{{"root", 0}, {"www-data", 33}, {"last", 1000}}));
  EXPECT_EQ(parse_id_file("adm:x:4:syslog,alice\nstaff:x:50:\n"),
            (std::vector<IdEntry>{{"adm", 4}, {"staff", 50}}));
}

TEST(AccountDb, ResolvesNamesIdsAndRoot) {
  AccountDb db({{"alice", 4242}}, {{"devs", 777}});
  EXPECT_EQ(db.resolve_user("alice"), 4242u);
  EXPECT_EQ(db.resolve_user("4243"), 4243u);
  EXPECT_EQ(db.resolve_user("root"), 0u);
  EXPECT_EQ(db.resolve_user("bob"), std::nullopt);
  EXPECT_EQ(db.resolve_user("-1"), std::nullopt);
  EXPECT_EQ(db.resolve_user("4294967295"), std::nullopt);  // (uid_t)-1 means "no change"
  EXPECT_EQ(db.resolve_group("devs"), 777u);
  EXPECT_EQ(db.resolve_group("alice"), std::nullopt);
  EXPECT_EQ(db.user_name(4242), "alice");
  EXPECT_EQ(db.user_name(0), "root");
  EXPECT_EQ(db.user_name(5), "5");
  EXPECT_EQ(db.group_name(777), "devs");
}

TEST(AccountDb, LoadsFromTheTargetRootNotTheHost) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "etc/passwd", "alice:x:4242:4343::/home/alice:/bin/sh\n");
  testing::write_file(dir.path() / "etc/group", "alice:x:4343:\n");
  auto rfs = RootedFs::open(dir.path());
  ASSERT_TRUE(rfs.ok());
  auto db = AccountDb::load(*rfs);
  ASSERT_TRUE(db.ok()) << db.error().text();
  EXPECT_EQ(db->resolve_user("alice"), 4242u);
  EXPECT_EQ(db->resolve_group("alice"), 4343u);
  // A host account that the sandbox does not list is unknown there.
  EXPECT_EQ(db->resolve_user("daemon"), std::nullopt);
}

TEST(AccountDb, MissingFilesAreEmpty) {
  testing::TempDir dir;
  auto rfs = RootedFs::open(dir.path());
  ASSERT_TRUE(rfs.ok());
  auto db = AccountDb::load(*rfs);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db->resolve_user("root"), 0u);
  EXPECT_EQ(db->resolve_user("daemon"), std::nullopt);
}

}  // namespace
}  // namespace twin::resources
