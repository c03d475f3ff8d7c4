// Listing, finding, measuring and pruning the checkpoints of a twin, and
// telling an interrupted apply from a running one.
#include "engine/core/checkpoint_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/core/checkpoint.h"
#include "engine/core/durable_io.h"
#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;
using twin::testing::TempDir;
using twin::testing::write_text;

/// The identity of a process that has exited (and been reaped).
ProcessIdentity a_dead_process() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ProcessIdentity who = current_process();
  who.pid = child;
  int status = 0;
  ::waitpid(child, &status, 0);
  return who;
}

struct Store {
  TempDir twin;
  CheckpointStore store{twin.path()};
  long long clock = 1'700'000'000'000'000'000LL;

  /// A checkpoint `id` with `steps` planned, `done` completed, `outcome`
  /// ("" = none) and, for unfinished ones, the process that owns it.
  fs::path make(const std::string& id, std::string outcome, int steps = 2, int done = 2,
                std::optional<ProcessIdentity> owner = std::nullopt, std::size_t blob = 0) {
    fs::path dir = store.dir() / id;
    auto cp = Checkpoint::create(dir);
    EXPECT_TRUE(cp.ok());
    nlohmann::json plan_steps = nlohmann::json::array();
    for (int i = 0; i < steps; ++i) plan_steps.push_back({{"address", "x" + std::to_string(i)}});
    EXPECT_TRUE(
        cp->save_plan({{"twin", twin.path().string()}, {"root", "/r"}, {"steps", plan_steps}}));
    for (int i = 0; i < done; ++i)
      EXPECT_TRUE(cp->record_step_done("x" + std::to_string(i), "CREATE"));
    if (blob) {
      EXPECT_TRUE(cp->save_blob(std::string(blob, 'b')).ok());
    }
    // Deterministic order, and the owner the test asks for.
    nlohmann::json process = {{"process", to_json(owner.value_or(a_dead_process()))},
                              {"started", "2026-01-01T00:00:00Z"},
                              {"started_ns", clock += 1000},
                              {"resumes", 0}};
    EXPECT_TRUE(write_file_durably(dir / "process.json", process.dump()));
    if (!outcome.empty()) {
      EXPECT_TRUE(cp->finish(outcome));
    }
    return dir;
  }
  std::vector<std::string> ids() {
    std::vector<std::string> out;
    auto list = store.list();
    for (const auto& info : *list) out.push_back(info.id);
    return out;
  }
};

TEST(CheckpointStore, NoCheckpointDirectoryIsAnEmptyList) {
  Store s;
  auto list = s.store.list();
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  auto latest = s.store.latest();
  ASSERT_FALSE(latest.ok());
  EXPECT_EQ(latest.error().code, "E1602");
  auto none = s.store.interrupted();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(CheckpointStore, ListsNewestFirstWithStateStepsRootAndSize) {
  Store s;
  s.make("20260101T000000Z-1", "completed", 3, 3, std::nullopt, 1000);
  s.make("20260101T000000Z-2", "undone", 2, 1);
  s.make("20260101T000000Z-3", "rolled-back", 1, 0);
  auto list = s.store.list();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, "20260101T000000Z-3");
  EXPECT_EQ((*list)[0].state, CheckpointState::kRolledBack);
  EXPECT_EQ((*list)[1].state, CheckpointState::kUndone);
  EXPECT_EQ((*list)[1].steps_done, 1u);
  EXPECT_EQ((*list)[1].steps_planned, 2u);
  const auto& first = (*list)[2];
  EXPECT_EQ(first.state, CheckpointState::kCompleted);
  EXPECT_EQ(first.root, "/r");
  EXPECT_EQ(first.started, "2026-01-01T00:00:00Z");
  EXPECT_GT(first.bytes, 1000u);  // the blob and the journal files
  EXPECT_LT(first.bytes, 4000u);
  EXPECT_EQ(state_name(first.state), "completed");
}

TEST(CheckpointStore, FindsByIdOrUniquePrefix) {
  Store s;
  s.make("20260101T000000Z-11", "completed");
  s.make("20260101T000000Z-12", "completed");
  s.make("20260202T000000Z-5", "completed");
  auto exact = s.store.find("20260101T000000Z-11");
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->id, "20260101T000000Z-11");
  auto prefix = s.store.find("202602");
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(prefix->id, "20260202T000000Z-5");
  auto ambiguous = s.store.find("20260101");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.error().code, "E1603");
  EXPECT_NE(ambiguous.error().message.find("20260101T000000Z-12, 20260101T000000Z-11"),
            std::string::npos)
      << ambiguous.error().message;
  auto none = s.store.find("1999");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "E1602");
  EXPECT_EQ(s.store.latest()->id, "20260202T000000Z-5");
}

TEST(CheckpointStore, UnfinishedIsRunningWhileItsProcessLivesAndInterruptedOnceGone) {
  Store s;
  s.make("20260101T000000Z-1", "", 3, 1, current_process());
  auto running = s.store.find("20260101T000000Z-1");
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->state, CheckpointState::kRunning);
  EXPECT_FALSE(running->finished());
  EXPECT_FALSE(s.store.interrupted()->has_value());

  s.make("20260101T000000Z-2", "", 3, 1, a_dead_process());
  auto killed = s.store.interrupted();
  ASSERT_TRUE(killed.ok());
  ASSERT_TRUE(killed->has_value());
  EXPECT_EQ((*killed)->id, "20260101T000000Z-2");
  EXPECT_EQ((*killed)->state, CheckpointState::kInterrupted);
  EXPECT_EQ((*killed)->steps_done, 1u);
}

TEST(CheckpointStore, ACheckpointWithoutAnOwnerRecordIsInterrupted) {
  Store s;
  fs::path dir = s.make("20260101T000000Z-1", "");
  fs::remove(dir / "process.json");
  auto info = s.store.find("20260101T000000Z-1");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->state, CheckpointState::kInterrupted);
  EXPECT_EQ(info->started, "2026-01-01T00:00:00Z");  // from the id
}

TEST(CheckpointStore, NewDirectoriesNeverCollide) {
  Store s;
  fs::path a = s.store.new_checkpoint_dir();
  ASSERT_TRUE(Checkpoint::create(a).ok());
  fs::path b = s.store.new_checkpoint_dir();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.parent_path(), s.twin.path() / ".twin" / "checkpoints");
  EXPECT_NE(a.filename().string().find("-" + std::to_string(::getpid())), std::string::npos);
}

TEST(CheckpointStore, PruneKeepsTheNewestAndNeverAnUnfinishedOrProtectedOne) {
  Store s;
  for (int i = 1; i <= 5; ++i) s.make("20260101T000000Z-" + std::to_string(i), "completed");
  s.make("20260101T000000Z-6", "", 2, 1);  // interrupted
  s.make("20260101T000000Z-7", "completed");
  auto pruned = s.store.prune({2, 500, true}, {"20260101T000000Z-2"});
  ASSERT_TRUE(pruned.ok()) << pruned.error().text();
  std::vector<std::string> deleted;
  for (const auto& info : *pruned) deleted.push_back(info.id);
  // 7 and 6 fill the two places; 2 is protected; 5, 4, 3, 1 go.
  EXPECT_EQ(deleted, (std::vector<std::string>{"20260101T000000Z-5", "20260101T000000Z-4",
                                               "20260101T000000Z-3", "20260101T000000Z-1"}));
  EXPECT_EQ(s.ids(), (std::vector<std::string>{"20260101T000000Z-7", "20260101T000000Z-6",
                                               "20260101T000000Z-2"}));
  // Nothing half-deleted is left behind.
  for (const auto& entry : fs::directory_iterator(s.store.dir()))
    EXPECT_NE(entry.path().filename().string()[0], '.') << entry.path();
}

TEST(CheckpointStore, PruneBySizeAndCleansUpAKilledPrune) {
  Store s;
  s.make("20260101T000000Z-1", "completed", 1, 1, std::nullopt, 700 * 1024);
  s.make("20260101T000000Z-2", "completed", 1, 1, std::nullopt, 700 * 1024);
  fs::create_directories(s.store.dir() / ".deleting-20250101T000000Z-9" / "blobs");
  auto pruned = s.store.prune({20, 1, true});
  ASSERT_TRUE(pruned.ok());
  ASSERT_EQ(pruned->size(), 1u);
  EXPECT_EQ((*pruned)[0].id, "20260101T000000Z-1");
  EXPECT_FALSE(fs::exists(s.store.dir() / ".deleting-20250101T000000Z-9"));
  EXPECT_EQ(s.ids(), (std::vector<std::string>{"20260101T000000Z-2"}));
}

}  // namespace
}  // namespace twin::engine
