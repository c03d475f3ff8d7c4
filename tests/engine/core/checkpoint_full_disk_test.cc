// Checkpoints on a disk that is full, for real: a forked child enters a
// private mount namespace (as `unshare -m` does) and mounts a small tmpfs
// over a temp dir, so nothing outside the test's own dir is touched and the
// mount disappears with the child. A full disk must never leave a
// checkpoint that looks like an interrupted apply.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>

#include "engine/core/checkpoint.h"
#include "engine/core/checkpoint_store.h"
#include "engine/core/process_identity.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;

// The child cannot use gtest assertions: it reports on stderr and exits.
#define CHILD_CHECK(cond, what)                                             \
  do {                                                                      \
    if (!(cond)) {                                                          \
      std::fprintf(stderr, "child check failed at line %d: %s\n", __LINE__, \
                   std::string(what).c_str());                              \
      ::_exit(1);                                                           \
    }                                                                       \
  } while (0)

/// Writes into `dir`/filler until the disk refuses: the disk is then full.
void fill(const fs::path& dir) {
  std::FILE* f = std::fopen((dir / "filler").c_str(), "w");
  CHILD_CHECK(f != nullptr, "open filler");
  static const std::string chunk(512, 'x');
  while (std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size() && std::fflush(f) == 0) {
  }
  std::fclose(f);
}

/// Runs `body` in a child with a 256 KiB tmpfs mounted at `dir`; returns
/// the child's exit status (0: every check passed), or -1 when a mount
/// namespace cannot be had here.
template <class Body>
int with_small_disk(const fs::path& dir, Body body) {
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    if (::unshare(CLONE_NEWNS) != 0) ::_exit(77);
    // Without this, a shared "/" would propagate the mount to the host.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ::_exit(77);
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=256k,mode=0700") != 0) ::_exit(77);
    body();
    ::_exit(0);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status)) return 1;
  return WEXITSTATUS(status) == 77 ? -1 : WEXITSTATUS(status);
}

TEST(CheckpointFullDisk, ACheckpointThatCannotBeWrittenIsRemovedAndBlocksNothing) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  twin::testing::TempDir twin;
  CheckpointStore store(twin.path());
  fs::create_directories(store.dir());
  int status = with_small_disk(store.dir(), [&] {
    fill(store.dir());
    auto cp = Checkpoint::create(store.dir() / "20260101T000000Z-1");
    CHILD_CHECK(!cp.ok(), "a checkpoint was created on a full disk");
    CHILD_CHECK(cp.error().message.find("No space left on device") != std::string::npos,
                cp.error().text());
    CHILD_CHECK(!fs::exists(store.dir() / "20260101T000000Z-1"), "the half-made checkpoint stays");
    auto interrupted = store.interrupted();
    CHILD_CHECK(interrupted.ok() && !interrupted->has_value(), "a full disk blocks the next apply");
  });
  if (status < 0) GTEST_SKIP() << "cannot mount a tmpfs in a private mount namespace here";
  EXPECT_EQ(status, 0) << "see the child's message above";
}

TEST(CheckpointFullDisk, AnApplyThatFilledTheDiskStillRecordsItsOutcome) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  twin::testing::TempDir twin;
  CheckpointStore store(twin.path());
  fs::create_directories(store.dir());
  int status = with_small_disk(store.dir(), [&] {
    fs::path dir = store.dir() / "20260101T000000Z-1";
    auto cp = Checkpoint::create(dir);
    CHILD_CHECK(cp.ok(), cp.error().text());
    CHILD_CHECK(cp->save_plan({{"root", "/r"}, {"steps", {{{"address", "a"}}}}}).ok(), "plan");
    CHILD_CHECK(cp->record({"file", "a", {{"op", "restore"}}}).ok(), "record");
    // A step's blob finds the disk full: the step fails and is rolled back.
    fill(store.dir());
    CHILD_CHECK(!cp->save_blob(std::string(64 * 1024, 'b')).ok(), "the disk is not full");
    // Without the reserve this would fail too (proven on a second checkpoint below).
    auto finished = cp->finish(kOutcomeRolledBack);
    CHILD_CHECK(finished.ok(), finished.error().text());
    CHILD_CHECK(inspect_checkpoint(dir).state == CheckpointState::kRolledBack, "not rolled-back");
    auto interrupted = store.interrupted();
    CHILD_CHECK(interrupted.ok() && !interrupted->has_value(), "the full disk blocks the next apply");
    CHILD_CHECK(!fs::exists(dir / checkpoint_files::kOutcomeReserve), "the reserve stays");

    // The same with the reserve gone: the outcome cannot be written.
    fs::remove(store.dir() / "filler");
    auto other = Checkpoint::create(store.dir() / "20260101T000000Z-2");
    CHILD_CHECK(other.ok(), other.error().text());
    fs::remove(store.dir() / "20260101T000000Z-2" / checkpoint_files::kOutcomeReserve);
    fill(store.dir());
    CHILD_CHECK(!other->finish(kOutcomeRolledBack).ok(), "the disk was not full after all");
  });
  if (status < 0) GTEST_SKIP() << "cannot mount a tmpfs in a private mount namespace here";
  EXPECT_EQ(status, 0) << "see the child's message above";
}

/// Makes `dir`'s owner a process that has exited, as after a kill.
void owned_by_a_dead_process(const fs::path& dir) {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ProcessIdentity who = current_process();
  who.pid = child;
  int status = 0;
  ::waitpid(child, &status, 0);
  std::ofstream(dir / checkpoint_files::kProcess)
      << nlohmann::json({{"process", to_json(who)}, {"resumes", 0}}).dump() << "\n";
}

TEST(CheckpointFullDisk, ACheckpointWithoutAPlanNeverStartedAndBlocksNothing) {
  // What a kill (or a removal that failed) leaves between create() and
  // save_plan(): no step can have run.
  twin::testing::TempDir twin;
  CheckpointStore store(twin.path());
  auto cp = Checkpoint::create(store.dir() / "20260101T000000Z-1");
  ASSERT_TRUE(cp.ok()) << cp.error().text();
  owned_by_a_dead_process(cp->dir());
  CheckpointInfo info = inspect_checkpoint(cp->dir());
  EXPECT_EQ(info.state, CheckpointState::kNotStarted);
  EXPECT_EQ(state_name(info.state), "not-started");
  EXPECT_TRUE(info.finished());
  auto interrupted = store.interrupted();
  ASSERT_TRUE(interrupted.ok());
  EXPECT_FALSE(interrupted->has_value());
  // Once the plan is saved, a kill leaves an interrupted apply.
  ASSERT_TRUE(cp->save_plan({{"root", "/r"}, {"steps", nlohmann::json::array()}}).ok());
  EXPECT_EQ(inspect_checkpoint(cp->dir()).state, CheckpointState::kInterrupted);
}

}  // namespace
}  // namespace twin::engine
