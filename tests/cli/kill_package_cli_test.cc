// Exact recovery from a kill while a package tool runs (SPEC.md 1,
// "Recovering from a kill"): `twin apply` of a package step is killed with
// SIGKILL while apt-get and dpkg, which it started, are unpacking or
// configuring in the sandbox root. The tools outlive twin (or die of the
// closed pipe mid-unpack); either way `twin rollback` must give back the
// dpkg database rows and the files, and `twin apply --resume` must end where
// an uninterrupted apply ends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "tests/cli/package_twin.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using resources::testing::PackageWorld;
using twin::testing::PackageTwin;
using ::testing::HasSubstr;
using twin::testing::tree_fingerprint;
namespace fs = std::filesystem;

/// The NUL-separated arguments of process `pid` ("" when it is gone, even
/// while being read: the read then fails with ESRCH).
std::string cmdline_of(const std::string& pid) {
  try {
    std::ifstream in("/proc/" + pid + "/cmdline", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  } catch (const std::exception&) {
    return "";
  }
}

/// The pid of the first process whose arguments contain every one of
/// `needles`, or 0.
pid_t find_process(const std::vector<std::string>& needles) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string args = cmdline_of(name);
    bool all = !args.empty();
    for (const auto& needle : needles) all = all && args.find(needle) != std::string::npos;
    if (all) return static_cast<pid_t>(std::stoi(name));
  }
  return 0;
}

/// Runs `twin apply --yes` on `t` and SIGKILLs twin the moment a dpkg it
/// started runs with `dpkg_action` (--unpack, --configure) on its root.
/// Whether the kill landed while dpkg ran is returned; the apply's own
/// result goes to `result`.
bool apply_killed_during(const PackageTwin& t, const std::string& dpkg_action,
                         twin::testing::TwinResult& result) {
  auto apply = std::async(std::launch::async, [&t] { return t.run({"apply", "--yes"}); });
  const std::string root_flag = "--root=" + t.root.string();
  bool killed = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (apply.wait_for(std::chrono::milliseconds(2)) != std::future_status::ready &&
         std::chrono::steady_clock::now() < deadline) {
    if (find_process({"dpkg", root_flag, dpkg_action}) == 0) continue;
    pid_t twin_pid = find_process({TWIN_BINARY, "apply", t.root.string()});
    if (twin_pid != 0 && ::kill(twin_pid, SIGKILL) == 0) killed = true;
    break;
  }
  result = apply.get();
  return killed;
}

class KilledDuringDpkg : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { (void)PackageWorld::get(); }
};

TEST_P(KilledDuringDpkg, RollbackRestoresPackagesAndFiles) {
  PackageTwin t;
  const std::string rows_before = t.dpkg_rows();
  const auto etc_before = tree_fingerprint(t.root / "etc");
  twin::testing::TwinResult killed;
  if (!apply_killed_during(t, GetParam(), killed))
    GTEST_SKIP() << "dpkg " << GetParam() << " ended before it could be seen; the apply ran "
                 << "to its end";
  ASSERT_EQ(killed.signal, SIGKILL) << killed.out << killed.err;

  // The tools may still be running: rollback waits for the root's lock,
  // which they hold until they end.
  auto rollback = t.run({"rollback", "--yes", "--timeout", "120"});
  EXPECT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_EQ(t.dpkg_rows(), rows_before) << rollback.out;
  EXPECT_EQ(tree_fingerprint(t.root / "etc"), etc_before);
  auto plan = t.run({"plan", "--summary"});
  EXPECT_THAT(plan.out, HasSubstr("INSTALL package[\"tool\"]"));
}

TEST_P(KilledDuringDpkg, ResumeFinishesTheApply) {
  PackageTwin t;
  twin::testing::TwinResult killed;
  if (!apply_killed_during(t, GetParam(), killed))
    GTEST_SKIP() << "dpkg " << GetParam() << " ended before it could be seen";
  ASSERT_EQ(killed.signal, SIGKILL) << killed.out << killed.err;

  auto resume = t.run({"apply", "--resume", "--yes", "--timeout", "120"});
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_THAT(t.dpkg_rows(), HasSubstr("tool 1.0 ii"));
  EXPECT_THAT(t.dpkg_rows(), HasSubstr("app 2.0 ii"));
  EXPECT_EQ(twin::testing::read_text(t.root / "etc/marker"), "installed\n");
  auto plan = t.run({"plan", "--summary"});
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("No changes")) << plan.out;
}

// apt-get runs dpkg --unpack for the new packages, then --configure.
INSTANTIATE_TEST_SUITE_P(Phase, KilledDuringDpkg, ::testing::Values("--unpack", "--configure"),
                         [](const auto& info) { return info.param.substr(2); });

}  // namespace
}  // namespace twin::cli
