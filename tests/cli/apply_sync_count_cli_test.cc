// How many times an apply flushes to disk (SPEC.md §5 "Apply" and
// "Checkpoint directory"), counted from outside with strace on a twin of 60 files in three
// directories, 20 of them drifted. Each change costs one syncfs (its undo
// record, blob and earlier step lines made durable together, before the
// change) and one fsync (the new file's data, before its rename); the
// directories are synced once, by a syncfs of the root before the outcome;
// the checkpoint adds a fixed few. Before, an apply fsync'd every blob, the
// blob directory, each journal line, each step line and each directory on
// its own: six flushes per changed file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "resources/process_runner.h"
#include "tests/cli/example_twin.h"
#include "tests/cli/strace_kill.h"

namespace twin::cli {
namespace {

using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

TEST(ApplySyncCount, OneSyncAndOneFsyncPerChangedFileAndAFewForTheWholeApply) {
  if (auto why = twin::testing::strace_unusable(); !why.empty()) GTEST_SKIP() << why;
  TempDir tmp;
  const fs::path twin = tmp / "twin", root = tmp / "root";
  std::string manifest;
  constexpr int kFiles = 60, kDrifted = 20;
  for (int i = 0; i < kFiles; ++i) {
    std::string path = "/etc/d" + std::to_string(i % 3) + "/f" + std::to_string(i) + ".conf";
    manifest += "file \"" + path + "\" {\n  content = \"value " + std::to_string(i) + "\\n\"\n}\n";
    write_text(root / path.substr(1),
               i < kDrifted ? "drifted\n" : "value " + std::to_string(i) + "\n");
  }
  write_text(root / "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
  write_text(root / "etc/group", "root:x:0:\n");
  write_text(twin / "state/site.twin", manifest);

  engine::Command c;
  c.program = twin::testing::kStrace;
  c.args = {"-f", "-qq", "-o", (tmp / "trace").string(), "-e", "trace=fsync,fdatasync,syncfs",
            "/usr/bin/env", "-C", twin.string(), TWIN_BINARY, "apply", "--yes", "--root",
            root.string()};
  c.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}, {"HOME", "/nonexistent"}};
  resources::ProcessRunner runner;
  auto run = runner.run(c);
  ASSERT_TRUE(run.ok()) << run.error().text();
  ASSERT_EQ(run->exit_code, 0) << run->out << run->err;
  ASSERT_THAT(run->out, ::testing::HasSubstr("Applied 20 step(s)"));

  std::map<std::string, int> calls;
  std::istringstream trace(twin::testing::read_text(tmp / "trace"));
  for (std::string line; std::getline(trace, line);) {
    auto paren = line.find('(');
    auto space = line.rfind(' ', paren);
    if (paren != std::string::npos) ++calls[line.substr(space + 1, paren - space - 1)];
  }
  EXPECT_EQ(calls["syncfs"], kDrifted + 2)
      << "one per change, one of the root and one of the checkpoint before the outcome";
  // One per new file's data, and the checkpoint's own files (process, plan,
  // outcome, journal) with their directories: no directory per change.
  EXPECT_LE(calls["fsync"] + calls["fdatasync"], kDrifted + 16);
}

}  // namespace
}  // namespace twin::cli
