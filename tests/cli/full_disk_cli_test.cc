// `twin apply` when the disk holding the twin's checkpoints is full, for
// real: a tmpfs mounted over .twin/checkpoints in a private mount namespace
// (invisible to the host, gone with the process), filled up, then freed.
// An apply that could not write its checkpoint changed nothing and must
// leave nothing that blocks the next one (E1605).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::TempDir;
namespace fs = std::filesystem;

/// Runs, inside one private mount namespace: mount a 256 KiB tmpfs over
/// `checkpoints`, fill it and give back `free_bytes`, `twin apply`, list
/// what is left there, free the disk, `twin apply` again. The output has
/// "first=RC", "left: ..." and "second=RC" lines.
std::optional<engine::CommandOutput> apply_on_a_full_disk(const fs::path& twin,
                                                          const fs::path& root,
                                                          std::size_t free_bytes) {
  resources::ProcessRunner runner;
  engine::Command c;
  c.program = "/usr/bin/unshare";
  c.args = {"-m", "--propagation", "private", "/bin/sh", "-c",
            "mount -t tmpfs -o size=256k,mode=0700 tmpfs \"$1\" || exit 99\n"
            "cat /dev/zero > \"$1/filler\" 2>/dev/null\n"
            "truncate -s -\"$5\" \"$1/filler\"\n"
            "cd \"$2\"\n"
            "\"$3\" apply --yes --root \"$4\"; echo \"first=$?\"\n"
            "echo \"left: $(ls -A \"$1\" | tr '\\n' ' ')\"\n"
            "rm \"$1/filler\"\n"
            "\"$3\" apply --yes --root \"$4\"; echo \"second=$?\"\n",
            "sh", (twin / ".twin/checkpoints").string(), twin.string(), TWIN_BINARY,
            root.string(), std::to_string(free_bytes)};
  c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"NO_COLOR", "1"}, {"LC_ALL", "C"}};
  auto r = runner.run(c);
  if (!r.ok() || r->exit_code == 99) return std::nullopt;
  return *r;
}

TEST(CliFullDisk, AnApplyThatCouldNotWriteItsCheckpointBlocksNothing) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  // 0: not even process.json fits; 8 KiB: the checkpoint is created (two
  // pages: process.json and the outcome's reserve) but its plan does not fit.
  for (std::size_t free_bytes : {0, 8192}) {
    SCOPED_TRACE("free bytes: " + std::to_string(free_bytes));
    TempDir tmp;
    fs::path example = fs::path(TWIN_SOURCE_DIR) / "examples" / "webhost";
    fs::path twin = tmp / "twin", root = tmp / "root";
    fs::copy(example, twin, fs::copy_options::recursive);
    fs::copy(example / "sandbox", root, fs::copy_options::recursive);
    fs::create_directories(twin / ".twin/checkpoints");
    auto before = twin::testing::tree_fingerprint(root);

    auto r = apply_on_a_full_disk(twin, root, free_bytes);
    if (!r) GTEST_SKIP() << "cannot mount a tmpfs in a private mount namespace here";
    EXPECT_THAT(r->out, HasSubstr("first=1")) << r->out << r->err;
    EXPECT_THAT(r->err, HasSubstr("No space left on device")) << r->err;
    EXPECT_THAT(r->out, HasSubstr("left: filler \n")) << r->out;  // no checkpoint stays
    EXPECT_THAT(r->err, Not(HasSubstr("E1605"))) << r->err;
    EXPECT_THAT(r->out, HasSubstr("second=0")) << r->out << r->err;
    EXPECT_NE(twin::testing::tree_fingerprint(root), before);  // the second apply applied
  }
}

}  // namespace
}  // namespace twin::cli
