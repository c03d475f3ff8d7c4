// A twin whose Git HEAD is damaged (junk in HEAD, a branch naming a missing
// object, a directory where the branch's ref belongs): every command that
// reads the history names the damage (E2006), none says "no commits yet",
// a snapshot commits nothing on top, and a pull stops before the network.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "tests/cli/snapshot_cli_support.h"

namespace twin::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class DamagedTwinCli : public ::testing::Test {
 protected:
  void SetUp() override {
    make_snapshot_sandbox(root_);
    auto init = twin({"init", twin_dir_.string(), "--root", root_.string()});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  }
  TwinRun twin(std::vector<std::string> args) {
    return run_twin_at_home(home_.path(), args, "/", {{"SUDO_USER", "alice"}});
  }
  TwinRun in_twin(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--twin", twin_dir_.string()});
    return twin(args);
  }
  std::string refs() {
    return run_git_at_home(home_.path(), twin_dir_, {"for-each-ref", "--format=%(refname)"}).out;
  }

  TempDir home_, work_;
  fs::path root_ = work_ / "root";
  fs::path twin_dir_ = work_ / "twin";
};

struct Damage {
  const char* name;
  std::function<void(const fs::path& git)> apply;
  const char* detail;
};

const std::vector<Damage> kDamages = {
    {"junk in HEAD", [](const fs::path& git) { write_text(git / "HEAD", "junk\n"); },
     "HEAD cannot be read"},
    {"a branch naming a missing object",
     [](const fs::path& git) { write_text(git / "refs/heads/main", std::string(40, 'a') + "\n"); },
     "refs/heads/main names commit aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, which is missing"},
    {"a directory at the branch's ref",
     [](const fs::path& git) {
       fs::remove(git / "refs/heads/main");
       fs::create_directories(git / "refs/heads/main");
     },
     "refs/heads/main is a directory, not a reference"},
};

void expect_damage_named(const TwinRun& run, const char* detail) {
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("error[E2006]: the twin's Git HEAD is damaged: "));
  EXPECT_THAT(run.err, HasSubstr(detail));
  EXPECT_THAT(run.out + run.err, Not(HasSubstr("no commits yet")));
  EXPECT_THAT(run.out + run.err, Not(HasSubstr("No commits yet")));
}

TEST_F(DamagedTwinCli, EveryCommandNamesTheDamageAndNoneCommitsOnTop) {
  // The remote cannot be reached: a pull that got as far as fetching would
  // fail with another error.
  ASSERT_EQ(in_twin({"remote", "set", "file://" + (work_ / "no-such.git").string()}).exit_code, 0);
  fs::path git = twin_dir_ / ".git";
  std::string head = read_text(git / "HEAD"), main = read_text(git / "refs/heads/main");
  for (const auto& damage : kDamages) {
    SCOPED_TRACE(damage.name);
    damage.apply(git);
    std::string refs_before = refs();
    expect_damage_named(in_twin({"diff"}), damage.detail);
    expect_damage_named(in_twin({"history"}), damage.detail);
    expect_damage_named(in_twin({"time-machine"}), damage.detail);
    expect_damage_named(in_twin({"reset", "--undo", "--yes"}), damage.detail);
    expect_damage_named(in_twin({"pull", "--root", root_.string()}), damage.detail);
    expect_damage_named(in_twin({"push"}), damage.detail);
    expect_damage_named(twin({"agent", "run", "--twin", twin_dir_.string(), "--root",
                              root_.string()}),
                        damage.detail);
    write_text(root_ / "etc/motd", std::string("changed for ") + damage.name + "\n");
    expect_damage_named(twin({"snapshot", "--twin", twin_dir_.string(), "--root", root_.string()}),
                        damage.detail);
    EXPECT_EQ(refs(), refs_before);  // no parentless branch was started
    // Repaired, the twin works again.
    fs::remove_all(git / "refs/heads/main");
    write_text(git / "HEAD", head);
    write_text(git / "refs/heads/main", main);
    write_text(root_ / "etc/motd", "hello\n");
    auto history = in_twin({"history"});
    EXPECT_EQ(history.exit_code, 0) << history.err;
  }
}

}  // namespace
}  // namespace twin::testing
