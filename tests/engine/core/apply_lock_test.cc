// One apply at a time per twin, and the process identity that tells a
// running apply from a killed one.
#include "engine/core/apply_lock.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/core/process_identity.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

using twin::testing::TempDir;

TEST(ApplyLock, ASecondHolderIsRefusedUntilTheFirstReleases) {
  TempDir twin;
  {
    auto first = ApplyLock::acquire(twin.path());
    ASSERT_TRUE(first.ok()) << first.error().text();
    struct stat st {};
    ASSERT_EQ(::stat((twin / ".twin").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0700u);

    auto second = ApplyLock::acquire(twin.path());
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, "E1604");
    EXPECT_NE(second.error().message.find("(pid " + std::to_string(::getpid()) + ")"),
              std::string::npos)
        << second.error().message;
  }
  auto after = ApplyLock::acquire(twin.path());
  EXPECT_TRUE(after.ok());
}

TEST(ApplyLock, AnotherProcessIsExcludedAndADeadHolderLeavesNoStaleLock) {
  TempDir twin;
  int ready[2], go[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(go), 0);
  pid_t child = ::fork();
  if (child == 0) {
    auto lock = ApplyLock::acquire(twin.path());
    char c = lock.ok() ? 'y' : 'n';
    (void)!::write(ready[1], &c, 1);
    (void)!::read(go[0], &c, 1);  // hold it until the parent has tried
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto refused = ApplyLock::acquire(twin.path());
  EXPECT_FALSE(refused.ok());
  ::kill(child, SIGKILL);  // dies holding the lock
  int status = 0;
  ::waitpid(child, &status, 0);
  auto taken = ApplyLock::acquire(twin.path());
  EXPECT_TRUE(taken.ok());
  for (int fd : {ready[0], ready[1], go[0], go[1]}) ::close(fd);
}

TEST(ProcessIdentity, TellsThisProcessFromADeadOrReusedOne) {
  ProcessIdentity me = current_process();
  EXPECT_EQ(me.pid, ::getpid());
  EXPECT_FALSE(me.boot_id.empty());
  EXPECT_GT(me.start_ticks, 0u);
  EXPECT_TRUE(is_running(me));

  ProcessIdentity reused = me;  // same pid, another start time
  reused.start_ticks += 1;
  EXPECT_FALSE(is_running(reused));
  ProcessIdentity rebooted = me;
  rebooted.boot_id = "00000000-0000-0000-0000-000000000000";
  EXPECT_FALSE(is_running(rebooted));

  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  ProcessIdentity gone = me;
  gone.pid = child;
  EXPECT_FALSE(is_running(gone));

  auto back = process_identity_from_json(to_json(me));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->pid, me.pid);
  EXPECT_EQ(back->boot_id, me.boot_id);
  EXPECT_EQ(back->start_ticks, me.start_ticks);
  EXPECT_FALSE(process_identity_from_json(nlohmann::json::object()).has_value());
}

}  // namespace
}  // namespace twin::engine
