// libFuzzer entry point for the language (built by `make fuzz` with clang;
// see tests/fuzz/CMakeLists.txt). The work is in lang_pipeline.cc, which the
// ordinary build also runs over the corpus.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/lang_pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  twin::lang::fuzz::run_lang_pipeline(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
