// Twin content is hostile: a symlink pushed into the twin must not make
// `twin` read a file outside it. Each attempt below links to a host file
// holding a marker and reaches it through one reading path (file(),
// template(), import, a manifest, `source`, a mirror's source, the
// checker's probe); lint and plan must refuse with file:line:col where the
// language has one, and the marker must appear nowhere in their output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/twin_runner.h"
#include "tests/support/temp_dir.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using twin::testing::run_twin;
using twin::testing::TempDir;
using twin::testing::write_text;
namespace fs = std::filesystem;

constexpr char kMarker[] = "HOST-SECRET-7f3a";

struct Attempt {
  const char* name;
  std::vector<std::pair<const char*, const char*>> links;  // twin path -> "HOST" or "HOSTDIR"
  const char* manifest;                                    // state/site.twin
  const char* expected;                                    // in lint's or plan's output
};

class TwinLinks : public ::testing::TestWithParam<Attempt> {
 protected:
  void SetUp() override {
    write_text(host_ / "secret.conf", std::string(kMarker) + "\n");
    write_text(host_ / "evil.twin",
               std::string("file \"/etc/x\" {\n  content = \"") + kMarker + "\"\n}\n");
    fs::create_directories(root_ / "etc");
    fs::create_directories(twin_ / "state");
    const Attempt& a = GetParam();
    for (const auto& [at, to] : a.links) {
      fs::path link = twin_ / at;
      fs::create_directories(link.parent_path());
      std::string target = to;
      if (target == "HOST") fs::create_symlink(host_ / "secret.conf", link);
      else if (target == "HOSTTWIN") fs::create_symlink(host_ / "evil.twin", link);
      else fs::create_directory_symlink(host_, link);
    }
    if (a.manifest[0]) write_text(twin_ / "state/site.twin", a.manifest);
  }
  testing::TwinRun twin(std::vector<std::string> args) {
    args.insert(args.end(), {"--twin", twin_.string(), "--root", root_.string()});
    return run_twin(args, tmp_.path().string());
  }

  TempDir tmp_;
  fs::path host_ = tmp_ / "host";
  fs::path root_ = tmp_ / "root";
  fs::path twin_ = tmp_ / "twin";
};

TEST_P(TwinLinks, NothingOutsideTheTwinIsRead) {
  for (const char* command : {"lint", "plan"}) {
    auto run = twin({command});
    EXPECT_NE(run.exit_code, 0) << command << "\n" << run.out << run.err;
    EXPECT_THAT(run.out + run.err, HasSubstr(GetParam().expected)) << command;
    EXPECT_EQ((run.out + run.err).find(kMarker), std::string::npos)
        << command << " printed the host file:\n" << run.out << run.err;
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryReadingPath, TwinLinks,
    ::testing::Values(
        Attempt{"FileFunction", {{"state/notes", "HOST"}},
                "file \"/etc/motd\" {\n  content = file(\"state/notes\")\n}\n",
                "state/site.twin:2:18: error[E0109]: cannot read \"state/notes\": a symbolic link "
                "or '..' leads out of the twin"},
        Attempt{"TemplateFunction", {{"files/t.tmpl", "HOST"}},
                "file \"/etc/motd\" {\n  content = template(\"files/t.tmpl\", {})\n}\n",
                "leads out of the twin"},
        Attempt{"ThroughALinkedDirectory", {{"files", "HOSTDIR"}},
                "file \"/etc/motd\" {\n  content = file(\"files/secret.conf\")\n}\n",
                "leads out of the twin"},
        Attempt{"Import", {{"state/lib/evil.twin", "HOSTTWIN"}},
                "import \"lib/evil.twin\"\n",
                "cannot read imported file \"state/lib/evil.twin\": a symbolic link or '..' leads "
                "out of the twin"},
        Attempt{"AManifestLinkedOut", {{"state/zz.twin", "HOSTTWIN"}}, "",
                "cannot read state/zz.twin: a symbolic link or '..' leads out of the twin"},
        Attempt{"Source", {{"files/motd", "HOST"}},
                "file \"/etc/motd\" {\n  source = \"files/motd\"\n}\n", "motd"},
        Attempt{"MirrorSourceThroughALinkedParent", {{"filesystem", "HOSTDIR"}},
                "mirror \"/etc\" {\n  source = \"filesystem\"\n}\n",
                "source \"filesystem\" is not a directory of the twin"},
        Attempt{"MirrorSourceUnderALinkedParent", {{"fs", "HOSTDIR"}},
                "mirror \"/etc\" {\n  source = \"fs/sub\"\n}\n",
                "cannot be read beneath the twin"},
        Attempt{"MirrorSourceDeeper", {{"fs", "HOSTDIR"}},
                "mirror \"/etc\" {\n  source = \"fs/.\"\n}\n", "error"}),
    [](const ::testing::TestParamInfo<Attempt>& info) { return info.param.name; });

}  // namespace
}  // namespace twin::cli
