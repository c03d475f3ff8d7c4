// A file may be owned by a user or group that the same twin makes: going
// forward to a snapshot taken after `useradd alice` and a file of hers, the
// plan cannot find alice on the target yet. The file waits for the account's
// step and gets its owner once the account exists; an account the twin
// removes owns nothing (E0308 as before).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/cli/example_twin.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

constexpr char kAccounts[] = R"(user "zed" {
  uid = 2001
  shell = "/bin/sh"
}

group "ops" {
  gid = 2100
}

file "/etc/zed.conf" {
  content = "x\n"
  owner = "zed"
  group = "ops"
  mode = "0640"
}

file "/etc/app/ops-notes" {
  content = "kept by ops\n"
  group = "ops"
}
)";

class AccountOwnedFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/sbin/useradd")) GTEST_SKIP() << "the shadow tools are not installed";
  }
  testing::WebhostTwin ex;
};

TEST_F(AccountOwnedFiles, AFileWaitsForTheAccountItsTwinMakes) {
  testing::write_text(ex.twin / "state/zed.twin", kAccounts);
  // An existing file handed to the new group: a CHOWN naming it.
  testing::write_text(ex.root / "etc/app/ops-notes", "kept by ops\n");

  auto plan = ex.run({"plan"});
  ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("new file, mode 0640, owner zed:ops"));
  EXPECT_THAT(plan.out, HasSubstr("group root → ops"));
  // The account's step comes first.
  EXPECT_LT(plan.out.find("user[\"zed\"]"), plan.out.find("file[\"/etc/zed.conf\"]"));

  auto applied = ex.run({"apply", "--yes"});
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  struct stat st {};
  ASSERT_EQ(::lstat((ex.root / "etc/zed.conf").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 2001u);
  EXPECT_EQ(st.st_gid, 2100u);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  ASSERT_EQ(::lstat((ex.root / "etc/app/ops-notes").c_str(), &st), 0);
  EXPECT_EQ(st.st_gid, 2100u);

  auto after = ex.run({"plan"});
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
}

TEST_F(AccountOwnedFiles, AnAccountTheTwinRemovesOwnsNothing) {
  testing::write_text(ex.twin / "state/zed.twin", R"(user "zed" {
  ensure = "absent"
}

file "/etc/zed.conf" {
  content = "x\n"
  owner = "zed"
}
)");
  auto plan = ex.run({"plan"});
  EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
  EXPECT_THAT(plan.err, HasSubstr("error[E0308]: unknown user \"zed\" on the target"));
}

}  // namespace
}  // namespace twin::cli
