// `twin completion bash|zsh`: scripts generated from the command table.
// Each is run by its shell itself (argv only, no shell from the test) to
// complete partial command lines as a user's Tab would: bash through
// complete -F's variables, zsh through compinit (which must register it for
// `twin`) and its completion widgets' variables, with _describe and _files
// printing what they are given.
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

constexpr char kZsh[] = "/usr/bin/zsh";

/// What zsh's `_twin` (autoloaded from `dir`, as compinit would) offers for
/// `words` with the cursor on the last one: the "name:description" entries
/// it hands to _describe, or "FILES" for _files.
std::string complete_zsh(const std::filesystem::path& dir, const std::vector<std::string>& words) {
  engine::Command c{kZsh,
                    {"-f", "-c",
                     "fpath=(\"$1\" $fpath); shift; autoload -U _twin; "
                     "_describe() { print -rl -- \"${(@P)${@[-1]}}\" }; "
                     "_files() { print -r -- FILES }; "
                     "words=(\"$@\"); CURRENT=$#; _twin",
                     "zsh", dir.string()},
                    {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}}};
  c.args.insert(c.args.end(), words.begin(), words.end());
  resources::ProcessRunner runner;
  auto ran = runner.run(c);
  if (!ran || !ran->succeeded()) return "zsh failed: " + (ran ? ran->err : ran.error().text());
  return ran->out;
}

TEST(Completion, ZshRegistersItselfAndCompletesCommandsFlagsAndFiles) {
  if (!std::filesystem::exists(kZsh)) GTEST_SKIP() << kZsh << " is not installed";
  TempDir tmp;
  auto zsh = run_twin({"completion", "zsh"});
  ASSERT_EQ(zsh.exit_code, 0) << zsh.err;
  std::filesystem::create_directories(tmp / "functions");
  std::ofstream(tmp / "functions/_twin") << zsh.out;

  // compinit reads the #compdef line: `twin` is completed by _twin.
  engine::Command init{kZsh,
                       {"-f", "-c",
                        "fpath=(\"$1\" $fpath); autoload -U compinit; compinit -u -d \"$2\"; "
                        "print -r -- ${_comps[twin]}",
                        "zsh", (tmp / "functions").string(), (tmp / "zcompdump").string()},
                       {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}, {"HOME", tmp.path().string()}}};
  resources::ProcessRunner runner;
  auto registered = runner.run(init);
  ASSERT_TRUE(registered.ok());
  EXPECT_EQ(registered->out, "_twin\n") << registered->err;

  auto dir = tmp / "functions";
  auto commands = complete_zsh(dir, {"twin", ""});
  EXPECT_THAT(commands, HasSubstr("snapshot:Record the machine in the twin"));
  EXPECT_THAT(commands, HasSubstr("\nrollback:Undo an apply"));
  EXPECT_THAT(commands, ::testing::Not(HasSubstr("man-page")));
  auto flags = complete_zsh(dir, {"twin", "rollback", "--t"});
  EXPECT_THAT(flags, HasSubstr("--timeout:Seconds to wait"));
  EXPECT_THAT(flags, HasSubstr("--yes:Undo without asking"));
  EXPECT_THAT(flags, ::testing::Not(HasSubstr("--json")));  // plan's, not rollback's
  // An alias leads to its command's flags; a flag that takes a value, to files.
  EXPECT_THAT(complete_zsh(dir, {"twin", "snap", "--"}), HasSubstr("--no-push:Do not push"));
  EXPECT_EQ(complete_zsh(dir, {"twin", "plan", "--root", ""}), "FILES\n");
  EXPECT_EQ(complete_zsh(dir, {"twin", "agent", ""}).find("install:"), 0u);
  EXPECT_EQ(complete_zsh(dir, {"twin", "lint", ""}), "FILES\n");  // its positional
}

}  // namespace
}  // namespace twin::testing
