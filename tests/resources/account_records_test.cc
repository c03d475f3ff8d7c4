#include "resources/account_records.h"

#include <gtest/gtest.h>

#include "resources/collect_accounts.h"
#include "resources/collect_file_rules.h"

namespace twin::resources {
namespace {

TEST(AccountRecords, ParsesPasswdSkippingCommentsNisMalformedAndRepeats) {
  auto users = parse_passwd(
      "root:x:0:0:root:/root:/bin/bash\n"
      "# a comment\n"
      "+nis::::::\n"
      "broken:x:notanumber:0::/:/bin/sh\n"
      "short:x:5:5\n"
      "alice:x:1001:1002:Alice A,,,:/home/alice:/bin/bash\n"
      "alice:x:2000:2000::/other:/bin/sh\n");
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[1].name, "alice");
  EXPECT_EQ(users[1].uid, 1001u);
  EXPECT_EQ(users[1].gid, 1002u);
  EXPECT_EQ(users[1].comment, "Alice A,,,");
  EXPECT_EQ(users[1].home, "/home/alice");
  EXPECT_EQ(users[1].shell, "/bin/bash");
}

TEST(AccountRecords, ParsesGroupMembers) {
  auto groups = parse_group("adm:x:4:syslog,alice\nempty:x:5:\nbad:x::\n");
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].members, (std::vector<std::string>{"syslog", "alice"}));
  EXPECT_TRUE(groups[1].members.empty());
}

TEST(AccountRecords, PasswordStatesNeverKeepTheHash) {
  struct Case {
    const char* field;
    PasswordState state;
  } cases[] = {
      {"$y$j9T$abc$def", PasswordState::kUsable},
      {"!$y$j9T$abc$def", PasswordState::kLocked},
      {"abcdefghijklm", PasswordState::kUsable},  // 13-character DES
      {"*", PasswordState::kNone},
      {"!", PasswordState::kNone},
      {"!*", PasswordState::kNone},
      {"x", PasswordState::kNone},
      {"", PasswordState::kEmpty},
  };
  for (const auto& c : cases) EXPECT_EQ(classify_password(c.field), c.state) << c.field;
  auto shadow = parse_shadow("alice:!$y$j9T$abc$def:20000:0:99999:7::20849:\nbob:*:20000::::::\n");
  ASSERT_EQ(shadow.size(), 2u);
  EXPECT_EQ(shadow[0].password, PasswordState::kLocked);
  EXPECT_EQ(shadow[0].expires, "2027-01-31");
  EXPECT_FALSE(shadow[1].expires);
}

TEST(AccountRecords, DatesRoundTripAndRejectNonsense) {
  EXPECT_EQ(date_of_day(0), "1970-01-01");
  EXPECT_EQ(day_of_date("2027-01-31"), 20849);
  EXPECT_EQ(date_of_day(*day_of_date("2024-02-29")), "2024-02-29");
  for (const char* bad : {"2023-02-29", "1969-12-31", "2027-1-31", "never", "2027-13-01", ""})
    EXPECT_FALSE(day_of_date(bad)) << bad;
}

TEST(AccountRecords, LoginDefsRanges) {
  IdRanges ranges = parse_login_defs("# c\nUID_MIN\t\t 500\nUID_MAX 600 # x\nGID_MIN x\n");
  EXPECT_EQ(ranges.uid_min, 500u);
  EXPECT_EQ(ranges.uid_max, 600u);
  EXPECT_EQ(ranges.gid_min, 1000u);
  EXPECT_TRUE(ranges.system_uid(499));
  EXPECT_FALSE(ranges.system_uid(500));
  EXPECT_TRUE(ranges.system_uid(65534));
}

TEST(AccountRecords, AccountDatabaseFilesAreNotMirrored) {
  for (const char* path : {"/etc/passwd", "/etc/passwd-", "/etc/group", "/etc/gshadow-",
                           "/etc/shadow", "/etc/subuid", "/etc/subgid-", "/etc/.pwd.lock"})
    EXPECT_TRUE(account_database_reason(path)) << path;
  for (const char* path : {"/etc/passwdx", "/etc/groups", "/etc/group--", "/home/etc/passwd",
                           "/etc/security/group.conf"})
    EXPECT_FALSE(account_database_reason(path)) << path;
}

TEST(AccountsManifest, RecordsEveryAccountAndRemovesTheUnlisted) {
  AccountsState state;
  state.users = parse_passwd(
      "root:x:0:0:root:/root:/bin/bash\n"
      "alice:x:1001:1001:Alice \"A\":/home/alice:/bin/bash\n");
  state.groups = parse_group("root:x:0:\nadm:x:4:alice\nalice:x:1001:\n");
  state.shadow = parse_shadow("root:$y$j9T$a$b:1::::::\nalice:!:1:0:99999:7::20849:\n");
  std::string text = accounts_manifest(state, {"group[\"adm\"]"});
  EXPECT_NE(text.find("group \"root\" {\n  gid = 0\n  system = true\n}"), std::string::npos) << text;
  EXPECT_EQ(text.find("group \"adm\""), std::string::npos) << "declared by hand";
  EXPECT_NE(text.find("user \"alice\" {\n  uid = 1001\n  group = \"alice\"\n  groups = [\"adm\"]\n"
                      "  home = \"/home/alice\"\n  shell = \"/bin/bash\"\n"
                      "  comment = \"Alice \\\"A\\\"\"\n  password = \"none\"\n"
                      "  expires = \"2027-01-31\"\n}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("password = \"usable\""), std::string::npos);
  EXPECT_EQ(text.find("$y$"), std::string::npos) << "no hash in the twin";
  EXPECT_NE(text.find("accounts \"unlisted\" {\n  ensure = \"absent\"\n}"), std::string::npos);
  EXPECT_TRUE(canonical_manifest("state/accounts.twin", text));
}

TEST(AccountsManifest, NamesTheResourcesCannotTakeAreLeftOutAndNotRemoved) {
  AccountsState state;
  state.users = parse_passwd("Weird.Name:x:1500:1500::/:/bin/sh\n");
  state.groups = parse_group("Weird.Name:x:1500:\n");
  std::string text = accounts_manifest(state, {});
  EXPECT_EQ(text.find("user \"Weird.Name\""), std::string::npos);
  // accounts "unlisted" only ever removes valid names, so nothing to keep.
  EXPECT_NE(text.find("accounts \"unlisted\""), std::string::npos);
}

}  // namespace
}  // namespace twin::resources
