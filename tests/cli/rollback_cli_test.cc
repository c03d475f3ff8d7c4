// A real failure midway through an apply: the last step writes into a
// read-only bind mount (EROFS stops even root). Everything the earlier steps
// changed must be undone, byte for byte.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <optional>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

/// Runs `twin apply --yes` in `twin` for `root` with `root`/ro mounted
/// read-only in a private mount namespace (invisible to the host, gone
/// with the process); nullopt when mounting is refused here.
std::optional<engine::CommandOutput> apply_with_read_only_dir(const fs::path& twin,
                                                                 const fs::path& root) {
  resources::ProcessRunner runner;
  engine::Command c;
  c.program = "/usr/bin/unshare";
  c.args = {"-m", "--propagation", "private", "/bin/sh", "-c",
            "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" \"$1\" && "
            "cd \"$2\" && exec \"$3\" apply --yes --root \"$4\"",
            "sh", (root / "ro").string(), twin.string(), TWIN_BINARY, root.string()};
  c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"NO_COLOR", "1"}};
  auto r = runner.run(c);
  if (!r.ok() || r->err.find("mount:") != std::string::npos) return std::nullopt;
  return *r;
}

TEST(CliRollback, FailedStepRollsBackEveryEarlierStep) {
  TempDir tmp;
  fs::path example = fs::path(TWIN_SOURCE_DIR) / "examples" / "webhost";
  fs::path twin = tmp / "twin", root = tmp / "root";
  fs::copy(example, twin, fs::copy_options::recursive);
  fs::copy(example / "sandbox", root, fs::copy_options::recursive);
  ::chmod((root / "etc/issue").c_str(), 0600);
  fs::create_directories(root / "ro");
  // Sorted after site.twin, so its step runs last.
  write_text(twin / "state/zz-readonly.twin", "file \"/ro/new.conf\" {\n  content = \"x\\n\"\n}\n");
  auto before = twin::testing::tree_fingerprint(root);

  auto r = apply_with_read_only_dir(twin, root);
  if (!r) GTEST_SKIP() << "cannot make a read-only bind mount here";

  EXPECT_EQ(r->exit_code, 1) << r->out << r->err;
  EXPECT_THAT(r->out, HasSubstr("REPLACE file[\"/etc/motd\"]: done"));
  EXPECT_THAT(r->out, HasSubstr("file[\"/ro/new.conf\"]: FAILED"));
  EXPECT_THAT(r->out, HasSubstr("Rolling back"));
  EXPECT_THAT(r->out, HasSubstr("undone: file[\"/etc/motd\"]"));
  EXPECT_THAT(r->err, HasSubstr("rolled back"));
  EXPECT_EQ(twin::testing::tree_fingerprint(root), before);
}

// The failed step changed nothing (EROFS before the first byte), so undoing
// it has nothing to do: the rollback is complete, not "incomplete" because
// putting back what never left is refused by the same read-only mount.
TEST(CliRollback, AStepThatFailedWithoutChangingAnythingLeavesTheRollbackComplete) {
  TempDir tmp;
  fs::path example = fs::path(TWIN_SOURCE_DIR) / "examples" / "webhost";
  fs::path twin = tmp / "twin", root = tmp / "root";
  fs::copy(example, twin, fs::copy_options::recursive);
  fs::copy(example / "sandbox", root, fs::copy_options::recursive);
  write_text(root / "ro/app.conf", "old\n");
  ::chmod((root / "ro/app.conf").c_str(), 0644);
  write_text(root / "ro/mode.conf", "same\n");
  ::chmod((root / "ro/mode.conf").c_str(), 0644);
  for (const char* manifest : {"zz-readonly-content", "zz-readonly-mode"}) {
    SCOPED_TRACE(manifest);
    fs::remove(twin / "state/zz-readonly-content.twin");
    fs::remove(twin / "state/zz-readonly-mode.twin");
    write_text(twin / "state" / (std::string(manifest) + ".twin"),
               std::string(manifest) == "zz-readonly-content"
                   ? "file \"/ro/app.conf\" {\n  content = \"new\\n\"\n  mode = \"0644\"\n}\n"
                   : "file \"/ro/mode.conf\" {\n  content = \"same\\n\"\n  mode = \"0600\"\n}\n");
    auto before = twin::testing::tree_fingerprint(root);
    auto r = apply_with_read_only_dir(twin, root);
    if (!r) GTEST_SKIP() << "cannot make a read-only bind mount here";
    EXPECT_EQ(r->exit_code, 1) << r->out << r->err;
    EXPECT_THAT(r->out, HasSubstr("FAILED"));
    EXPECT_THAT(r->out, Not(HasSubstr("UNDO FAILED"))) << r->out;
    EXPECT_THAT(r->err, HasSubstr("rolled back"));
    EXPECT_EQ(twin::testing::tree_fingerprint(root), before);
    auto listed = twin::testing::run_twin({"checkpoints", "--twin", twin.string()}, twin.string());
    EXPECT_THAT(listed.out, HasSubstr("rolled-back")) << listed.out;
    EXPECT_THAT(listed.out, Not(HasSubstr("rollback-incomplete"))) << listed.out;
  }
}

}  // namespace
}  // namespace twin::cli
