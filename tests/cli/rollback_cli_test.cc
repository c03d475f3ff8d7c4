// A real failure midway through an apply: the last step writes into a
// read-only bind mount (EROFS stops even root). Everything the earlier steps
// changed must be undone, byte for byte.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

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

  // A private mount namespace: the read-only bind mount is invisible to the
  // host and disappears with the process.
  resources::ProcessRunner runner;
  engine::Command c;
  c.program = "/usr/bin/unshare";
  c.args = {"-m", "--propagation", "private", "/bin/sh", "-c",
            "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" \"$1\" && "
            "cd \"$2\" && exec \"$3\" apply --yes --root \"$4\"",
            "sh", (root / "ro").string(), twin.string(), TWIN_BINARY, root.string()};
  c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"NO_COLOR", "1"}};
  auto r = runner.run(c);
  ASSERT_TRUE(r.ok()) << r.error().text();
  if (r->err.find("mount:") != std::string::npos)
    GTEST_SKIP() << "cannot make a read-only bind mount here: " << r->err;

  EXPECT_EQ(r->exit_code, 1) << r->out << r->err;
  EXPECT_THAT(r->out, HasSubstr("REPLACE file[\"/etc/motd\"]: done"));
  EXPECT_THAT(r->out, HasSubstr("file[\"/ro/new.conf\"]: FAILED"));
  EXPECT_THAT(r->out, HasSubstr("Rolling back"));
  EXPECT_THAT(r->out, HasSubstr("undone: file[\"/etc/motd\"]"));
  EXPECT_THAT(r->err, HasSubstr("rolled back"));
  EXPECT_EQ(twin::testing::tree_fingerprint(root), before);
}

}  // namespace
}  // namespace twin::cli
