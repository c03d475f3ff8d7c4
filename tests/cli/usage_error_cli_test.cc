// Mistyped commands and flags: a usage error naming the word, with the
// nearest real command or flag, exit 1 (cli/usage_error.h).
#include <gtest/gtest.h>

#include "tests/cli/twin_runner.h"

namespace twin::testing {
namespace {

struct Case {
  std::vector<std::string> args;
  std::string err;
};

TEST(UsageError, NamesTheUnknownWordAndTheNearestOne) {
  const std::string usage = "\nRun `twin help` for usage.\n";
  Case cases[] = {
      {{"snapshto"}, "twin: error: unknown command 'snapshto', did you mean 'snapshot'?" + usage},
      {{"plan", "--jsno"},
       "twin: error: unknown flag '--jsno' for 'twin plan', did you mean '--json'?" + usage},
      {{"plan", "--twin", "/nonexistent", "--sumary"},
       "twin: error: unknown flag '--sumary' for 'twin plan', did you mean '--summary'?" + usage},
      {{"agent", "instal"},
       "twin: error: unknown command 'instal' for 'twin agent', did you mean 'install'?" + usage},
      {{"agent", "install", "--intervl", "5min"},
       "twin: error: unknown flag '--intervl' for 'twin agent install', did you mean "
       "'--interval'?" +
           usage},
      {{"--versoin"},
       "twin: error: unknown flag '--versoin' for 'twin', did you mean '--version'?" + usage},
      {{"xyz"}, "twin: error: unknown command 'xyz'" + usage},
      {{"plan", "extra"}, "twin: error: 'twin plan' takes no argument 'extra'" + usage},
      {{"help", "snapshto"}, "twin: error: no command 'snapshto', did you mean 'snapshot'?\n"},
      // Known words with a bad value keep CLI11's own message.
      {{"completion", "fish"}, "twin: error: shell: fish not in {bash,zsh}" + usage},
  };
  for (const auto& c : cases) {
    auto run = run_twin(c.args);
    EXPECT_EQ(run.exit_code, 1) << c.args[0];
    EXPECT_EQ(run.err, c.err);
    EXPECT_EQ(run.out, "");
  }
}

}  // namespace
}  // namespace twin::testing
