// The package on a real Debian 12 root (tests/cli/real_root.h), as a user
// installs it: `apt install ./twin_*.deb` pulls its Depends from Debian's
// mirror; then `twin --version`, `man twin` and bash and zsh completion work
// there.
// Everything runs inside a private copy of the cached root (chroot, argv
// only), so the host is never touched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <variant>

#include "tests/cli/real_root.h"
#include "tests/packaging/deb_tools.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class DebOnRealRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cached = cached_real_root();
    if (auto* why = std::get_if<std::string>(&cached)) GTEST_SKIP() << *why;
    root_ = tmp_ / "root";
    ASSERT_TRUE(copy_real_root(std::get<fs::path>(cached), root_));
  }
  /// `chroot ROOT ARGS...`, as the root's admin would run it.
  engine::CommandOutput in_root(std::vector<std::string> args) {
    args.insert(args.begin(), root_.string());
    return run_tool("/usr/sbin/chroot", args, std::chrono::minutes(10));
  }

  TempDir tmp_;
  fs::path root_;
};

TEST_F(DebOnRealRoot, InstallsWithAptAndWorks) {
  fs::copy_file(TWIN_DEB, root_ / "tmp" / fs::path(TWIN_DEB).filename());
  auto updated = in_root({"apt-get", "update", "-q"});
  if (updated.exit_code != 0)
    GTEST_SKIP() << "apt-get update in the root failed (is Debian's mirror reachable?): "
                 << updated.err;
  // man-db and zsh too: minbase has neither, and `man twin` and zsh's
  // completion are part of what is checked.
  auto installed = in_root({"apt-get", "install", "-y", "-q",
                            "/tmp/" + fs::path(TWIN_DEB).filename().string(), "man-db", "zsh"});
  ASSERT_EQ(installed.exit_code, 0) << installed.out << installed.err;

  EXPECT_EQ(in_root({"twin", "--version"}).out, "twin " TWIN_VERSION "\n");
  EXPECT_EQ(in_root({"man", "-w", "twin"}).out, "/usr/share/man/man1/twin.1.gz\n");
  EXPECT_EQ(in_root({"man", "-w", "5", "twin.twin"}).out, "/usr/share/man/man5/twin.twin.5.gz\n");
  // Not on a terminal, man prints the formatted page without a pager.
  auto page = in_root({"man", "twin-plan"});
  EXPECT_EQ(page.exit_code, 0) << page.err;
  EXPECT_THAT(page.out, HasSubstr("Print the plan as JSON"));

  // bash (the root's, inside the chroot) sources the installed completion
  // and completes `twin sn` as Tab would.
  auto completed = in_root(
      {"bash", "--noprofile", "--norc", "-c",
       "source /usr/share/bash-completion/completions/twin; COMP_WORDS=(twin sn); COMP_CWORD=1; "
       "_twin; printf '%s\\n' \"${COMPREPLY[@]}\""});
  EXPECT_EQ(completed.out, "snapshot\n") << completed.err;

  // zsh finds the installed _twin in its own fpath (vendor-completions)
  // and compinit registers it for `twin`.
  auto registered = in_root({"zsh", "-f", "-c",
                             "autoload -U compinit; compinit -u -d /tmp/zcompdump; "
                             "print -r -- ${_comps[twin]}"});
  EXPECT_EQ(registered.out, "_twin\n") << registered.err;
}

}  // namespace
}  // namespace twin::testing
