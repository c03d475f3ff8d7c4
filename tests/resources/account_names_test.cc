// User and group names (resources/account_names.h): the exact problems are
// tabled in value_formats_test.cc, through the formats that use them.
#include "resources/account_names.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

TEST(AccountNames, UserNames) {
  for (const char* ok : {"root", "alice", "_apt", "www-data", "user1", "a_b-c", "machine$",
                         "abcdefghijklmnopqrstuvwxyz012345"})
    EXPECT_TRUE(is_valid_user_name(ok)) << ok;
  for (const char* bad : {"", "Root", "1user", "-x", "a b", "a/b", "a$b", "$", "al.ice", "a:b",
                          "abcdefghijklmnopqrstuvwxyz0123456", "--help"})
    EXPECT_FALSE(is_valid_user_name(bad)) << bad;
}

TEST(AccountNames, NamesOrIds) {
  for (const char* ok : {"root", "0", "1000", "www-data", "Admin.User", "host$"})
    EXPECT_EQ(name_or_id_problem(ok), std::nullopt) << ok;
  EXPECT_EQ(name_or_id_problem(""), "it is empty");
  EXPECT_EQ(name_or_id_problem("a:b"), "':' is not allowed in a name");
  EXPECT_EQ(name_or_id_problem("a b"), "a space is not allowed in a name");
  EXPECT_EQ(name_or_id_problem("-x"), "a name must not begin with '-'");
}

}  // namespace
}  // namespace twin::resources
