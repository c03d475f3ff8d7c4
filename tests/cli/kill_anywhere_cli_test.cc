// Exact recovery from a kill at any point (SPEC.md 1, "Recovering from a
// kill"): `twin apply` of a mixed plan (file create, replace, delete and
// chmod, a new directory, a crontab, a service enabled and one disabled, a
// user made with useradd) is
// killed with strace at every rename, unlink, mkdir and write to the root
// that it makes; `twin rollback` must then give back the root byte for byte
// (modes, owners, links, and no temporary file left), and, killed there
// again, `twin apply --resume` must end where an uninterrupted apply ends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "tests/cli/example_twin.h"
#include "tests/cli/strace_kill.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using twin::testing::TempDir;
using twin::testing::traced_calls;
using twin::testing::tree_fingerprint;
using twin::testing::write_text;
namespace fs = std::filesystem;

constexpr char kUnit[] =
    "[Unit]\nDescription=test\n[Service]\nExecStart=/bin/true\n[Install]\n"
    "WantedBy=multi-user.target\n";

/// A sandbox root and a twin whose apply has one step of every kind above.
struct MixedTwin {
  TempDir tmp;
  fs::path twin = tmp / "twin";
  fs::path root = tmp / "root";

  MixedTwin() {
    write_text(root / "etc/passwd",
               "root:x:0:0:root:/root:/bin/sh\nalice:x:1001:1001::/home/alice:/bin/sh\n");
    write_text(root / "etc/group", "root:x:0:\ncrontab:x:4242:\nalice:x:1001:\n");
    write_text(root / "etc/shadow", "root:*:19000:0:99999:7:::\nalice:*:19000:0:99999:7:::\n");
    write_text(root / "etc/gshadow", "root:*::\ncrontab:*::\nalice:!::\n");
    ::chmod((root / "etc/shadow").c_str(), 0640);
    ::chmod((root / "etc/gshadow").c_str(), 0640);
    write_text(root / "etc/motd", "old motd\n");
    write_text(root / "etc/old.conf", "to be deleted\n");
    write_text(root / "etc/issue", "Debian\n");
    ::chmod((root / "etc/issue").c_str(), 0600);
    fs::create_directories(root / "var/spool/cron/crontabs");
    ::chmod((root / "var/spool/cron/crontabs").c_str(), 01730);
    (void)::chown((root / "var/spool/cron/crontabs").c_str(), 0, 4242);
    fs::path units = root / "lib/systemd/system";
    write_text(units / "multi-user.target", "[Unit]\nDescription=Multi-User\n");
    write_text(units / "foo.service", kUnit);
    write_text(units / "bar.service", kUnit);
    fs::create_directories(root / "etc/systemd/system/multi-user.target.wants");
    fs::create_symlink("/lib/systemd/system/bar.service",
                       root / "etc/systemd/system/multi-user.target.wants/bar.service");
    write_text(twin / "state/site.twin",
               "file \"/etc/motd\" {\n  content = \"new motd\\n\"\n}\n"
               "file \"/etc/app/app.conf\" {\n  content = \"key = 1\\n\"\n  mode = \"0640\"\n}\n"
               "file \"/etc/old.conf\" {\n  ensure = \"absent\"\n}\n"
               "file \"/etc/issue\" {\n  mode = \"0644\"\n}\n"
               "crontab \"alice\" {\n  content = \"0 3 * * * /usr/bin/true\\n\"\n}\n"
               "service \"foo\" {\n  enabled = true\n}\n"
               "service \"bar\" {\n  enabled = false\n}\n"
               "user \"carol\" {\n  uid = 1500\n}\n");
  }

  twin::testing::TwinResult run(std::vector<std::string> args) const {
    return twin::testing::WebhostTwin::run_in(twin, root, std::move(args));
  }
  void clear_checkpoints() const { fs::remove_all(twin / ".twin/checkpoints"); }
};

/// The root's fingerprint, with the install time crontab(1) writes into the
/// spool file's header left out (it is the only byte that differs between
/// two applies of the same plan).
std::map<std::string, std::string> fingerprint_without_crontab_time(const fs::path& root) {
  auto print = tree_fingerprint(root);
  for (auto& [path, desc] : print) {
    auto at = desc.find("installed on");
    if (at != std::string::npos) desc.erase(at, desc.find('\n', at) - at);
  }
  return print;
}

/// Whether `call` changes the root: every rename, unlink and mkdir of the
/// apply (the checkpoint's own are boundaries too), and the writes, chowns
/// and chmods whose file lies under the root.
bool is_boundary(const twin::testing::TracedCall& call, const fs::path& root) {
  if (call.syscall != "write" && call.syscall != "fchown" && call.syscall != "fchmod") return true;
  return call.line.find("<" + root.string() + "/") != std::string::npos;
}

class KillAnywhere : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/bin/systemctl")) GTEST_SKIP() << "systemctl is not installed";
    if (auto why = twin::testing::strace_unusable(); !why.empty()) GTEST_SKIP() << why;
  }
};

TEST_F(KillAnywhere, RollbackAfterAKillAtEveryBoundaryRestoresTheRootExactly) {
  // The uninterrupted apply, traced: what it changes and where it can die.
  MixedTwin clean;
  const auto before = tree_fingerprint(clean.root);
  TempDir traces;
  auto full = twin::testing::run_traced(clean.twin, clean.root, {"apply", "--yes"},
                                        traces / "full");
  ASSERT_EQ(full.exit_code, 0) << full.out << full.err;
  const auto applied = fingerprint_without_crontab_time(clean.root);
  ASSERT_NE(applied, fingerprint_without_crontab_time(MixedTwin().root));
  ASSERT_THAT(twin::testing::read_text(clean.root / "etc/passwd"),
              ::testing::HasSubstr("carol:x:1500:"));
  std::vector<twin::testing::TracedCall> boundaries;
  for (auto& call : traced_calls(twin::testing::read_text(traces / "full")))
    if (is_boundary(call, clean.root)) boundaries.push_back(std::move(call));
  ASSERT_GE(boundaries.size(), 10u);

  // Each boundary twice: once undone by rollback, once finished by --resume.
  for (const auto& call : boundaries) {
    for (bool resume_it : {false, true}) {
      SCOPED_TRACE(std::string(resume_it ? "resume" : "rollback") + " after " + call.syscall +
                   " #" + std::to_string(call.nth) + ": " + call.line);
      MixedTwin t;
      ASSERT_EQ(tree_fingerprint(t.root), before);
      const std::string inject = call.syscall + ":signal=KILL:when=" + std::to_string(call.nth);
      auto killed = twin::testing::run_traced(t.twin, t.root, {"apply", "--yes"},
                                              traces / "killed", inject);
      ASSERT_EQ(killed.signal, SIGKILL) << killed.out << killed.err;

      if (resume_it) {
        auto resume = t.run({"apply", "--resume", "--yes"});
        // Killed before its plan was saved: nothing ran, so there is nothing
        // to resume (E1608) and a new apply starts over.
        if (resume.exit_code != 0 && resume.err.find("E1608") != std::string::npos)
          resume = t.run({"apply", "--yes"});
        ASSERT_EQ(resume.exit_code, 0) << resume.out << resume.err;
        EXPECT_EQ(fingerprint_without_crontab_time(t.root), applied);
        continue;
      }
      auto rollback = t.run({"rollback", "--yes"});
      // Killed before the checkpoint existed (E1602) or before its plan was
      // saved (E1606, not-started): nothing to undo, and the root must say so.
      const bool nothing_to_undo = rollback.err.find("E1602") != std::string::npos ||
                                   rollback.err.find("E1606") != std::string::npos;
      if (!nothing_to_undo) {
        EXPECT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
      }
      EXPECT_EQ(tree_fingerprint(t.root), before) << rollback.out << rollback.err;
    }
  }
}

}  // namespace
}  // namespace twin::cli
