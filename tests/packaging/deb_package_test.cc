// `make deb` (packaging/deb.cmake): the package holds a stripped binary
// whose debug info is in twin-dbgsym, a Depends computed by
// dpkg-shlibdeps, twin(1) and one page per command, the .5 pages,
// completion for bash and zsh, the examples and the workflow, and the
// changelog. ctest builds
// the package first (the `deb` fixture, tests/CMakeLists.txt).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "tests/cli/twin_runner.h"
#include "tests/packaging/deb_tools.h"
#include "tests/support/temp_dir.h"

namespace twin::testing {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::string field(const std::string& deb, const std::string& name) {
  auto got = run_tool("/usr/bin/dpkg-deb", {"--field", deb, name});
  EXPECT_EQ(got.exit_code, 0) << got.err;
  return got.out;
}

std::string build_id(const fs::path& binary) {
  auto notes = run_tool("/usr/bin/readelf", {"-n", binary.string()});
  std::smatch m;
  return std::regex_search(notes.out, m, std::regex("Build ID: ([0-9a-f]+)")) ? m[1].str() : "";
}

TEST(DebPackage, ControlFields) {
  EXPECT_EQ(field(TWIN_DEB, "Package"), "twin\n");
  EXPECT_EQ(field(TWIN_DEB, "Version"), TWIN_VERSION "\n");
  EXPECT_EQ(field(TWIN_DEB, "Section"), "admin\n");
  std::string depends = field(TWIN_DEB, "Depends");
  EXPECT_THAT(depends, HasSubstr("libc6 (>= "));
  EXPECT_THAT(depends, HasSubstr("libgit2-1.5"));
  EXPECT_THAT(depends, HasSubstr("libcurl4 (>= "));
  EXPECT_THAT(depends, HasSubstr("libyaml-cpp0.7"));
  EXPECT_THAT(field(TWIN_DEB, "Description"), HasSubstr("digital twin"));
}

TEST(DebPackage, Contents) {
  auto entries = deb_contents(TWIN_DEB);
  std::set<std::string> paths;
  for (const auto& [path, owner] : entries) {
    paths.insert(path);
    EXPECT_EQ(owner, "root/root") << path;
  }
  for (const char* want :
       {"./usr/bin/twin", "./usr/share/man/man1/twin.1.gz", "./usr/share/man/man5/twin.twin.5.gz",
        "./usr/share/man/man5/twin-repo.5.gz", "./usr/share/bash-completion/completions/twin",
        "./usr/share/zsh/vendor-completions/_twin", "./usr/share/doc/twin/copyright",
        "./usr/share/doc/twin/README.md", "./usr/share/doc/twin/SPEC.md",
        "./usr/share/doc/twin/changelog.gz",
        "./usr/share/lintian/overrides/twin",
        "./usr/share/doc/twin/examples/github-workflow-lint.yml",
        "./usr/share/doc/twin/examples/webhost/state/site.twin"})
    EXPECT_TRUE(paths.count(want)) << want;

  // One page per command: the same set `twin man-page` writes.
  TempDir tmp;
  ASSERT_EQ(run_twin({"man-page", (tmp / "man1").string()}).exit_code, 0);
  std::set<std::string> want_pages, pages;
  for (const auto& e : fs::directory_iterator(tmp / "man1"))
    want_pages.insert("./usr/share/man/man1/" + e.path().filename().string() + ".gz");
  for (const auto& p : paths)
    if (p.starts_with("./usr/share/man/man1/") && !p.ends_with("/")) pages.insert(p);
  EXPECT_EQ(pages, want_pages);
  EXPECT_GT(pages.size(), 25u);
}

// Debian's own package checker finds nothing but what the package's
// overrides (packaging/lintian-overrides) say is meant so.
TEST(DebPackage, LintianIsClean) {
  if (!fs::exists("/usr/bin/lintian")) GTEST_SKIP() << "lintian is not installed";
  auto checked = run_tool("/usr/bin/lintian", {"--tag-display-limit", "0", TWIN_DEB});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_EQ(checked.out, "");
}

// libcurl (and the twenty libraries it brings) is opened only when twin
// speaks HTTP (engine/repo/curl_library.h): the binary does not link it,
// and the package still depends on it.
TEST(DebPackage, LibcurlIsADependencyButNotLoadedAtStart) {
  auto dynamic = run_tool("/usr/bin/readelf", {"-d", TWIN_BINARY});
  ASSERT_EQ(dynamic.exit_code, 0) << dynamic.err;
  EXPECT_THAT(dynamic.out, HasSubstr("(NEEDED)"));
  EXPECT_THAT(dynamic.out, ::testing::Not(HasSubstr("libcurl")));
  EXPECT_THAT(field(TWIN_DEB, "Depends"), HasSubstr("libcurl4 (>= 7.85.0)"));
}

TEST(DebPackage, BinaryIsStrippedWithDebugInfoInDbgsym) {
  TempDir tmp;
  ASSERT_EQ(run_tool("/usr/bin/dpkg-deb", {"-x", TWIN_DEB, (tmp / "twin").string()}).exit_code, 0);
  fs::path binary = tmp / "twin/usr/bin/twin";
  auto sections = run_tool("/usr/bin/readelf", {"-S", "-W", binary.string()});
  EXPECT_THAT(sections.out, ::testing::Not(HasSubstr(".debug_info")));
  EXPECT_THAT(sections.out, ::testing::Not(HasSubstr(".symtab")));
  EXPECT_THAT(sections.out, HasSubstr(".gnu_debuglink"));
  EXPECT_LT(fs::file_size(binary), 60u << 20);
  auto version = run_tool(binary.string(), {"--version"});
  EXPECT_EQ(version.out, "twin " TWIN_VERSION "\n");

  std::string id = build_id(binary);
  ASSERT_EQ(id.size(), 40u);
  ASSERT_EQ(
      run_tool("/usr/bin/dpkg-deb", {"-x", TWIN_DBGSYM_DEB, (tmp / "dbg").string()}).exit_code, 0);
  fs::path debug =
      tmp / "dbg/usr/lib/debug/.build-id" / id.substr(0, 2) / (id.substr(2) + ".debug");
  ASSERT_TRUE(fs::exists(debug)) << debug;
  auto debug_sections = run_tool("/usr/bin/readelf", {"-S", "-W", debug.string()});
  EXPECT_THAT(debug_sections.out, HasSubstr(".debug_info"));
  EXPECT_EQ(field(TWIN_DBGSYM_DEB, "Depends"), "twin (= " TWIN_VERSION ")\n");
  EXPECT_EQ(field(TWIN_DBGSYM_DEB, "Build-Ids"), id + "\n");
}

}  // namespace
}  // namespace twin::testing
