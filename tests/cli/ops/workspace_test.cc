// The one rule that chooses the twin and the root (cli/ops/workspace.h):
// --twin, $TWIN_DIR, here or a parent, the remembered twin (announced), and
// a recorded root that another --root may not override.
#include "cli/ops/workspace.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/text_reporter.h"
#include "engine/repo/twin_location.h"
#include "tests/support/temp_dir.h"

namespace twin::ops {
namespace {

namespace fs = std::filesystem;
using twin::testing::TempDir;

class TwinChoiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* home = std::getenv("HOME");
    saved_home_ = home ? home : "";
    ::setenv("HOME", (tmp_ / "home").c_str(), 1);
    ::unsetenv("TWIN_DIR");
    saved_cwd_ = fs::current_path();
    fs::create_directories(tmp_ / "home");
    fs::create_directories(tmp_ / "twin/state/sub");
    fs::create_directories(tmp_ / "elsewhere");
    fs::create_directories(tmp_ / "root/etc");
  }
  void TearDown() override {
    fs::current_path(saved_cwd_);
    ::setenv("HOME", saved_home_.c_str(), 1);
    ::unsetenv("TWIN_DIR");
  }
  TempDir tmp_;
  std::string saved_home_;
  fs::path saved_cwd_;
};

TEST_F(TwinChoiceTest, NothingNamesATwin) {
  fs::current_path(tmp_ / "elsewhere");
  auto chosen = choose_twin("");
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.error().code, "E1201");
  EXPECT_NE(chosen.error().message.find("--twin DIR"), std::string::npos);
}

TEST_F(TwinChoiceTest, FlagThenEnvironmentThenHereOrAParentThenRemembered) {
  ASSERT_TRUE(engine::remember_twin_dir(tmp_ / "twin").ok());
  fs::current_path(tmp_ / "elsewhere");
  auto remembered = choose_twin("");
  ASSERT_TRUE(remembered.ok()) << remembered.error().text();
  EXPECT_EQ(remembered->dir, tmp_ / "twin");
  EXPECT_EQ(remembered->source, TwinSource::kRemembered);

  fs::current_path(tmp_ / "twin/state/sub");  // a parent is the twin
  auto here = choose_twin("");
  ASSERT_TRUE(here.ok());
  EXPECT_EQ(here->dir, tmp_ / "twin");
  EXPECT_EQ(here->source, TwinSource::kHere);

  ::setenv("TWIN_DIR", (tmp_ / "twin").c_str(), 1);
  EXPECT_EQ(choose_twin("")->source, TwinSource::kEnvironment);
  auto flag = choose_twin((tmp_ / "twin/").string());
  ASSERT_TRUE(flag.ok());
  EXPECT_EQ(flag->dir, tmp_ / "twin");  // "dir/" names "dir"
  EXPECT_EQ(flag->source, TwinSource::kFlag);
}

TEST_F(TwinChoiceTest, ANamedDirectoryWithoutStateIsNoTwin) {
  auto chosen = choose_twin((tmp_ / "elsewhere").string());
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.error().code, "E1201");
  EXPECT_EQ(chosen.error().message, "not a twin: no state/ directory");
}

TEST_F(TwinChoiceTest, TheRememberedTwinIsAnnouncedWithItsRoot) {
  ASSERT_TRUE(engine::remember_twin_dir(tmp_ / "twin").ok());
  ASSERT_TRUE(record_root(engine::TwinLayout(tmp_ / "twin"), tmp_ / "root").ok());
  fs::current_path(tmp_ / "elsewhere");
  cli::TextReporter reporter;
  auto target = locate({}, reporter);
  ASSERT_TRUE(target.ok()) << target.error().text();
  EXPECT_EQ(target->root, fs::canonical(tmp_ / "root"));
  EXPECT_EQ(reporter.text(), "Twin: " + (tmp_ / "twin").string() + " (remembered), root: " +
                                 fs::canonical(tmp_ / "root").string() + "\n");

  cli::TextReporter quiet;  // chosen by --twin: nothing to announce
  ASSERT_TRUE(locate({.twin_dir = (tmp_ / "twin").string()}, quiet).ok());
  EXPECT_EQ(quiet.text(), "");
}

TEST_F(TwinChoiceTest, TheRecordedRootIsTheDefaultAndNoOtherRootIsTaken) {
  engine::TwinLayout twin(tmp_ / "twin");
  auto unrecorded = choose_root(twin, "");
  ASSERT_TRUE(unrecorded.ok());
  EXPECT_EQ(*unrecorded, "/");

  ASSERT_TRUE(record_root(twin, tmp_ / "root").ok());
  EXPECT_EQ(*choose_root(twin, ""), fs::canonical(tmp_ / "root"));
  EXPECT_EQ(*choose_root(twin, (tmp_ / "root").string()), fs::canonical(tmp_ / "root"));
  auto other = choose_root(twin, "/");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "E1209");
  EXPECT_NE(other.error().message.find("this twin describes " + (tmp_ / "root").string()),
            std::string::npos)
      << other.error().message;

  fs::remove_all(tmp_ / "root");  // a recorded sandbox that is gone is not "/"
  auto gone = choose_root(twin, "");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "E1203");
}

TEST_F(TwinChoiceTest, TheRecordedMachineIdMustMatchUnlessToldOtherwise) {
  engine::TwinLayout twin(tmp_ / "twin");
  twin::testing::write_text(tmp_ / "root/etc/machine-id", "aaaa1111bbbb2222cccc3333dddd4444\n");
  twin::testing::write_text(tmp_ / "root/etc/hostname", "web1\n");
  ASSERT_TRUE(record_root(twin, tmp_ / "root").ok());
  auto machine = recorded_machine(twin);
  ASSERT_TRUE(machine.has_value());
  EXPECT_EQ(machine->root, tmp_ / "root");
  EXPECT_EQ(machine->machine_id, "aaaa1111bbbb2222cccc3333dddd4444");
  EXPECT_EQ(machine->hostname, "web1");
  EXPECT_TRUE(choose_root(twin, "").ok());

  // The directory now holds another machine (a restored image, a reused
  // sandbox path): its machine-id says so.
  twin::testing::write_text(tmp_ / "root/etc/machine-id", "eeee5555ffff6666000011112222aaaa\n");
  twin::testing::write_text(tmp_ / "root/etc/hostname", "db7\n");
  auto other = choose_root(twin, "");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "E1210");
  EXPECT_NE(other.error().message.find("this twin describes web1 (machine-id aaaa1111), but " +
                                       fs::canonical(tmp_ / "root").string() +
                                       " is db7 (machine-id eeee5555)"),
            std::string::npos)
      << other.error().message;
  EXPECT_NE(other.error().message.find("--other-machine"), std::string::npos);
  EXPECT_TRUE(choose_root(twin, "", /*other_machine=*/true).ok());

  // --other-machine also lets another root be used.
  fs::create_directories(tmp_ / "spare");
  EXPECT_EQ(choose_root(twin, (tmp_ / "spare").string()).error().code, "E1209");
  EXPECT_EQ(*choose_root(twin, (tmp_ / "spare").string(), true), fs::canonical(tmp_ / "spare"));
}

TEST_F(TwinChoiceTest, AHostnameWithControlBytesIsShownHarmlessly) {
  engine::TwinLayout twin(tmp_ / "twin");
  twin::testing::write_text(tmp_ / "root/etc/machine-id", "aaaa1111bbbb2222cccc3333dddd4444\n");
  ASSERT_TRUE(record_root(twin, tmp_ / "root").ok());
  twin::testing::write_text(tmp_ / "root/etc/machine-id", "eeee5555ffff6666000011112222aaaa\n");
  twin::testing::write_text(tmp_ / "root/etc/hostname", "db\x1b[2J7\n");
  auto other = choose_root(twin, "");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().message.find('\x1b'), std::string::npos);
  EXPECT_NE(other.error().message.find("is db?[2J7 (machine-id eeee5555)"), std::string::npos)
      << other.error().message;
}

TEST_F(TwinChoiceTest, ARootWithoutAMachineIdIsJudgedByItsPathAlone) {
  engine::TwinLayout twin(tmp_ / "twin");
  ASSERT_TRUE(record_root(twin, tmp_ / "root").ok());  // no etc/machine-id there
  EXPECT_TRUE(recorded_machine(twin)->machine_id.empty());
  twin::testing::write_text(tmp_ / "root/etc/machine-id", "eeee5555ffff6666000011112222aaaa\n");
  EXPECT_TRUE(choose_root(twin, "").ok());
}

}  // namespace
}  // namespace twin::ops
