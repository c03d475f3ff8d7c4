// The fuzz corpus (tests/fuzz/corpus/lang/: seeds, the hostile inputs of
// issue #15, every crasher and hang the fuzzer found) replayed through the
// fuzz target's own pipeline in the ordinary build. The pipeline aborts on
// a failed property, so a regression fails ctest without clang.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/lang_pipeline.h"

namespace twin::lang {
namespace {

std::vector<std::filesystem::path> corpus_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(TWIN_SOURCE_DIR "/tests/fuzz/corpus/lang"))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(FuzzCorpus, EveryInputRunsThroughThePipeline) {
  std::vector<std::filesystem::path> files = corpus_files();
  // Seeds from examples/ and the golden tests, and the attacks of #15.
  ASSERT_GE(files.size(), 20u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "cannot read " << path;
    std::stringstream text;
    text << in.rdbuf();
    fuzz::run_lang_pipeline(text.str());
  }
}

}  // namespace
}  // namespace twin::lang
