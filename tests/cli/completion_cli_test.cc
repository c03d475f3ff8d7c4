// `twin completion bash|zsh`: scripts generated from the command table.
// The bash one is run by bash itself (argv only, no shell from the test) to
// complete partial command lines as a user's Tab would.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;

/// What `_twin` offers for `words` with the cursor on the last one.
std::string complete(const std::filesystem::path& script, const std::vector<std::string>& words,
                     const std::string& cwd) {
  // The script sources the file and calls _twin as bash's complete -F would.
  // env -C: file names complete relative to `cwd`.
  engine::Command c{"/usr/bin/env",
                    {"-C", cwd, "/bin/bash", "--noprofile", "--norc", "-c",
                     "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _twin; "
                     "printf '%s\\n' \"${COMPREPLY[@]}\"",
                     "bash", script.string()},
                    {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}}};
  c.args.insert(c.args.end(), words.begin(), words.end());
  resources::ProcessRunner runner;
  auto ran = runner.run(c);
  if (!ran || !ran->succeeded()) return "bash failed";
  return ran->out;
}

TEST(Completion, BashCompletesCommandsFlagsAndFiles) {
  TempDir tmp;
  auto bash = run_twin({"completion", "bash"});
  ASSERT_EQ(bash.exit_code, 0) << bash.err;
  std::ofstream(tmp / "twin.bash") << bash.out;
  std::ofstream(tmp / "site.twin") << "";
  std::ofstream(tmp / "a b.twin") << "";
  auto script = tmp / "twin.bash";
  std::string dir = tmp.path().string();
  EXPECT_EQ(complete(script, {"twin", "sn"}, dir), "snapshot\n");  // not the alias snap
  EXPECT_EQ(complete(script, {"twin", "plan", "--js"}, dir), "--json\n");
  EXPECT_EQ(complete(script, {"twin", "snap", "--no-"}, dir), "--no-push\n");
  EXPECT_EQ(complete(script, {"twin", "agent", "ins"}, dir), "install\n");
  EXPECT_EQ(complete(script, {"twin", "agent", "install", "--in"}, dir), "--interval\n");
  EXPECT_EQ(complete(script, {"twin", "lint", "si"}, dir), "site.twin\n");
  EXPECT_EQ(complete(script, {"twin", "plan", "--twin", "si"}, dir), "site.twin\n");
  EXPECT_EQ(complete(script, {"twin", "fmt", "a"}, dir), "a b.twin\n");  // one word
  EXPECT_EQ(complete(script, {"twin", "completion", "--h"}, dir), "--help\n");
}

TEST(Completion, ZshDescribesEveryCommand) {
  auto zsh = run_twin({"completion", "zsh"});
  ASSERT_EQ(zsh.exit_code, 0) << zsh.err;
  EXPECT_TRUE(zsh.out.starts_with("#compdef twin\n"));
  EXPECT_THAT(zsh.out, HasSubstr("'snapshot:Record the machine in the twin"));
  EXPECT_THAT(zsh.out, HasSubstr("'--json:Print the plan as JSON (schema in SPEC.md)'"));
  EXPECT_THAT(zsh.out, HasSubstr("'/snap') state='/snapshot' ;;"));
  EXPECT_THAT(zsh.out, ::testing::Not(HasSubstr("man-page")));  // hidden
}

}  // namespace
}  // namespace twin::testing
