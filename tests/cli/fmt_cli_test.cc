// `twin fmt` end to end: the built binary on a temp twin.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

using twin::testing::read_text;
using twin::testing::run_twin;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

const char kMessy[] = "let  a=1\nfile \"/x\" {\n      mode=\"0644\"\n}\n";
const char kClean[] = "let a = 1\nfile \"/x\" {\n  mode = \"0644\"\n}\n";

TEST(FmtCli, CheckListsUnformattedFilesAndChangesNothing) {
  TempDir tmp;
  write_text(tmp / "state/a.twin", kMessy);
  write_text(tmp / "state/b.twin", kClean);
  auto run = run_twin({"fmt", "--check"}, tmp.path().string());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out, "./state/a.twin\n");
  EXPECT_EQ(read_text(tmp / "state/a.twin"), kMessy);
}

TEST(FmtCli, RewritesInPlaceKeepingTheModeThenCheckPasses) {
  TempDir tmp;
  write_text(tmp / "state/a.twin", kMessy);
  fs::permissions(tmp / "state/a.twin", fs::perms(0640));
  auto run = run_twin({"fmt", "state"}, tmp.path().string());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "state/a.twin\n");
  EXPECT_EQ(read_text(tmp / "state/a.twin"), kClean);
  EXPECT_EQ(fs::status(tmp / "state/a.twin").permissions() & fs::perms::mask, fs::perms(0640));
  auto check = run_twin({"fmt", "--check", "state/a.twin"}, tmp.path().string());
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.out, "");
}

// Modules are pinned by modules.lock: `twin fmt .` leaves them as fetched,
// a module file named explicitly is still formatted.
TEST(FmtCli, ATwinsModulesAreLeftAloneUnlessNamed) {
  TempDir tmp;
  write_text(tmp / "config.yaml", "device: d\n");
  write_text(tmp / "modules.lock", "");
  write_text(tmp / "state/a.twin", kMessy);
  write_text(tmp / "modules/web/web.twin", kMessy);
  write_text(tmp / "other/modules/b.twin", kMessy);  // not a twin's modules/
  auto run = run_twin({"fmt", "."}, tmp.path().string());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "./other/modules/b.twin\n./state/a.twin\n");
  EXPECT_EQ(read_text(tmp / "modules/web/web.twin"), kMessy);
  auto named = run_twin({"fmt", "modules/web/web.twin"}, tmp.path().string());
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_EQ(read_text(tmp / "modules/web/web.twin"), kClean);
}

TEST(FmtCli, ASyntaxErrorLeavesTheFileAloneAndFails) {
  TempDir tmp;
  write_text(tmp / "a.twin", "file \"/x\" {\n  mode \"1\"\n}\n");
  auto run = run_twin({"fmt", "a.twin"}, tmp.path().string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("error[E0001]"), std::string::npos) << run.err;
  EXPECT_EQ(read_text(tmp / "a.twin"), "file \"/x\" {\n  mode \"1\"\n}\n");
}

}  // namespace
}  // namespace twin::cli
