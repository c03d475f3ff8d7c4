// The bundled example twin and its sandbox root, copied into a temp dir, as
// `make demo` uses them; run() goes through run_twin (no extra environment).
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {

struct ExampleTwin {
  TempDir tmp;
  std::filesystem::path twin = tmp / "twin";
  std::filesystem::path root = tmp / "root";

  ExampleTwin() {
    namespace fs = std::filesystem;
    fs::path example = fs::path(TWIN_SOURCE_DIR) / "examples" / "webhost";
    fs::copy(example, twin, fs::copy_options::recursive);
    fs::remove_all(twin / "sandbox");
    fs::copy(example / "sandbox", root, fs::copy_options::recursive);
    ::chmod((root / "etc/issue").c_str(), 0600);  // as examples/demo does
  }

  /// Runs twin in the twin directory with `--root` set to the sandbox.
  TwinRun run(std::vector<std::string> args) const {
    args.push_back("--root");
    args.push_back(root.string());
    return run_twin(args, twin.string());
  }
};

}  // namespace twin::testing
