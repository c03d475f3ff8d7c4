// `twin man-page DIR` (hidden; run by the build): twin.1 and one page per
// command, from the command table, valid roff (groff finds nothing to warn
// about), saying what --help says.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ManPage, OnePagePerCommandAndTwin1) {
  TempDir tmp;
  auto ran = run_twin({"man-page", (tmp / "man").string()});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  std::set<std::string> pages;
  for (const auto& e : std::filesystem::directory_iterator(tmp / "man"))
    pages.insert(e.path().filename().string());
  EXPECT_TRUE(pages.count("twin.1"));
  for (std::string command : {"init", "snapshot", "plan", "apply", "agent", "lint", "fmt",
                              "completion", "help", "setup-github", "time-machine"})
    EXPECT_TRUE(pages.count("twin-" + command + ".1")) << command;
  EXPECT_FALSE(pages.count("twin-man-page.1"));  // hidden
  EXPECT_FALSE(pages.count("twin-snap.1"));      // an alias

  std::string plan = read(tmp / "man/twin-plan.1");
  EXPECT_THAT(plan, HasSubstr(".TH \"TWIN\\-PLAN\" \"1\""));
  EXPECT_THAT(plan, HasSubstr("\\fB\\-\\-json\\fR\nPrint the plan as JSON (schema in SPEC.md)\n"));
  std::string snapshot = read(tmp / "man/twin-snapshot.1");
  EXPECT_THAT(snapshot, HasSubstr("Also called \\fBtwin snap\\fR."));
  std::string agent = read(tmp / "man/twin-agent.1");
  EXPECT_THAT(agent, HasSubstr(".SS \"twin agent install\""));
  EXPECT_THAT(agent, HasSubstr("\\fB\\-\\-interval\\fR \\fITEXT\\fR\n"));
  std::string twin = read(tmp / "man/twin.1");
  EXPECT_THAT(twin, HasSubstr(".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\n"));
  EXPECT_THAT(twin, HasSubstr("\\fBtwin.twin\\fR(5)"));

  // Every page formats without a warning (-ww: all of them; -z: no output).
  for (const auto& page : pages) {
    engine::Command groff{"/usr/bin/groff",
                          {"-man", "-ww", "-z", (tmp / "man" / page).string()},
                          {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}}};
    resources::ProcessRunner runner;
    auto formatted = runner.run(groff);
    ASSERT_TRUE(formatted) << formatted.error().text();
    EXPECT_EQ(formatted->exit_code, 0) << page;
    EXPECT_EQ(formatted->err, "") << page;
  }
}

}  // namespace
}  // namespace twin::testing
