// The language's whole pipeline on one untrusted input, shared by the
// libFuzzer target (tests/fuzz/lang_fuzz.cc, clang only) and the corpus
// regression test the ordinary build runs (tests/lang/fuzz_corpus_test.cc),
// so that every input the fuzzer kept or crashed on is replayed by ctest.
#pragma once

#include <string_view>

namespace twin::lang::fuzz {

/// Runs `input` as state/a.twin through parse, load (a small fixture twin,
/// the standard library, lowered evaluation limits), the checker with the
/// stdlib schemas, the formatter, and the rendering of every diagnostic.
/// Aborts with a message on stderr, which the fuzzer reports as a crash,
/// when a property fails: a diagnostic outside its file or without a code,
/// an internal error (E0099), or formatted text that does not format to
/// itself.
void run_lang_pipeline(std::string_view input);

}  // namespace twin::lang::fuzz
