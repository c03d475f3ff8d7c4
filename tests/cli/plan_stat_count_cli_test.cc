// How many times a plan looks at each file (issue #17: "stats each managed
// file and each source once"), counted from outside with strace on a twin
// of 30 files with a `source` each. Before, the checker's probe and the file
// provider's validation each stat'ed every source: two per source.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "resources/process_runner.h"
#include "tests/cli/example_twin.h"
#include "tests/cli/strace_kill.h"

namespace twin::cli {
namespace {

using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

constexpr int kFiles = 30;

// Stat-like calls (fstatat, statx, lstat, stat) per final path component.
std::map<std::string, int> stats_by_name(const std::string& trace_text) {
  std::map<std::string, int> counts;
  std::istringstream trace(trace_text);
  for (std::string line; std::getline(trace, line);) {
    auto open_quote = line.find('"');
    if (open_quote == std::string::npos) continue;
    auto close_quote = line.find('"', open_quote + 1);
    std::string path = line.substr(open_quote + 1, close_quote - open_quote - 1);
    counts[path.substr(path.rfind('/') + 1)]++;
  }
  return counts;
}

TEST(PlanStatCount, AWarmPlanStatsEachSourceAndEachManagedFileOnce) {
  if (auto why = twin::testing::strace_unusable(); !why.empty()) GTEST_SKIP() << why;
  TempDir tmp;
  const fs::path twin = tmp / "twin", root = tmp / "root";
  std::string manifest;
  for (int i = 0; i < kFiles; ++i) {
    const std::string n = std::to_string(i);
    // Different names on both sides, so each call tells which side it asked.
    manifest += "file \"/etc/d" + std::to_string(i % 3) + "/target" + n + ".conf\" {\n" +
                "  source = \"files/d" + std::to_string(i % 3) + "/source" + n + ".src\"\n}\n";
    write_text(twin / ("files/d" + std::to_string(i % 3) + "/source" + n + ".src"),
               "value " + n + "\n");
    write_text(root / ("etc/d" + std::to_string(i % 3) + "/target" + n + ".conf"),
               "value " + n + "\n");
  }
  write_text(root / "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
  write_text(root / "etc/group", "root:x:0:\n");
  write_text(twin / "state/site.twin", manifest);

  resources::ProcessRunner runner;
  auto plan = [&](const fs::path& trace) {
    engine::Command c;
    c.program = twin::testing::kStrace;
    c.args = {"-f", "-qq", "-o", trace.string(), "-e", "trace=%stat,%lstat,%fstat",
              "/usr/bin/env", "-C", twin.string(), TWIN_BINARY, "plan", "--root",
              root.string()};
    c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"},
             {"HOME", (tmp / "home").string()}};
    auto run = runner.run(c);
    EXPECT_TRUE(run.ok()) << run.error().text();
    if (run.ok()) {
      EXPECT_EQ(run->exit_code, 0) << run->out << run->err;
    }
  };
  // The stat cache only vouches for files older than a second.
  ::sleep(2);
  plan(tmp / "first");
  plan(tmp / "warm");

  auto counts = stats_by_name(twin::testing::read_text(tmp / "warm"));
  for (int i = 0; i < kFiles; ++i) {
    const std::string n = std::to_string(i);
    EXPECT_EQ(counts["source" + n + ".src"], 1) << "source " << n;
    EXPECT_EQ(counts["target" + n + ".conf"], 1) << "target " << n;
  }
}

}  // namespace
}  // namespace twin::cli
