// `make demo` (examples/demo) with the built twin: every step runs and shows
// what its caption promises, and the host is left exactly as it was: its
// motd, dpkg database and log, unit links, crontab spool, the caller's HOME
// and TMPDIR (where the demo's own temp dir must be gone afterwards).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "tests/resources/host_dpkg_guard.h"
#include "tests/support/git_sandbox.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

/// What the demo could reach on the host if it aimed at / by mistake.
std::map<std::string, std::string> host_state() {
  std::map<std::string, std::string> state;
  for (const char* file : {"/etc/motd", "/etc/passwd", "/etc/group"})
    state[file] = fs::exists(file) ? read_text(file) : "(absent)";
  for (const char* dir : {"/etc/systemd/system", "/var/spool/cron/crontabs"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& [path, desc] : tree_fingerprint(dir)) state[std::string(dir) + "/" + path] = desc;
  }
  return state;
}

/// The part of `output` from the caption starting with `caption` to the
/// next caption.
std::string section(const std::string& output, const std::string& caption) {
  auto start = output.find("== " + caption);
  if (start == std::string::npos) return "";
  auto end = output.find("\n== ", start + 1);
  return output.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST(Demo, TellsTheWholeStoryOnASandboxAndLeavesTheHostAlone) {
  for (const char* tool : {"/usr/bin/dpkg-deb", "/usr/bin/dpkg-scanpackages", "/usr/bin/apt-get"})
    if (!fs::exists(tool)) GTEST_SKIP() << tool << " is not installed";
  resources::testing::HostDpkgGuard dpkg_guard;
  auto before = host_state();
  TempDir tmp;
  fs::create_directories(tmp / "home");
  fs::create_directories(tmp / "tmp");

  auto run = run_program({(fs::path(TWIN_SOURCE_DIR) / "examples/demo").string(), TWIN_BINARY},
                         tmp.path().string(),
                         {"HOME=" + (tmp / "home").string(), "TMPDIR=" + (tmp / "tmp").string(),
                          "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string& out = run.output;

  auto machine = section(out, "0. The machine");
  EXPECT_THAT(machine, HasSubstr("greeter 1.0"));
  EXPECT_THAT(machine, HasSubstr("web:      enabled"));
  auto init = section(out, "1. init");
  EXPECT_THAT(init, HasSubstr("packages.twin"));
  auto edit = section(out, "2. edit");
  EXPECT_THAT(edit, HasSubstr("state/services.twin"));
  auto plan = section(out, "3. plan");
  EXPECT_THAT(plan, HasSubstr("+Welcome to web1, managed by its twin."));  // a diff
  EXPECT_THAT(plan, HasSubstr("also removes: greeter"));                   // apt's blast radius
  auto apply = section(out, "4. apply");
  EXPECT_THAT(apply, HasSubstr("motd:     Welcome to web1, managed by its twin."));
  EXPECT_THAT(apply, HasSubstr("web:      disabled"));
  EXPECT_THAT(apply, HasSubstr("crontab:  30 4 * * *"));
  EXPECT_THAT(apply, ::testing::Not(HasSubstr("greeter 1.0")));
  auto back = section(out, "5. time machine");
  EXPECT_THAT(back, HasSubstr("motd:     Welcome to web1."));
  EXPECT_THAT(back, HasSubstr("greeter 1.0"));
  EXPECT_THAT(back, HasSubstr("web:      enabled"));
  EXPECT_THAT(back, HasSubstr("crontab:  0 3 * * *"));
  auto rollback = section(out, "6. rollback");
  EXPECT_THAT(rollback, HasSubstr("Rolled back"));
  EXPECT_THAT(rollback, HasSubstr("web:      disabled"));
  EXPECT_THAT(rollback, ::testing::Not(HasSubstr("greeter 1.0")));
  EXPECT_THAT(out, HasSubstr("== Done"));

  EXPECT_EQ(host_state(), before);
  EXPECT_TRUE(fs::is_empty(tmp / "home")) << "the demo wrote into the caller's HOME";
  EXPECT_TRUE(fs::is_empty(tmp / "tmp")) << "the demo left its temp dir behind";
}

}  // namespace
}  // namespace twin::testing
