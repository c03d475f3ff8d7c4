// TwinFileProbe (resources/twin_file_probe.h) answers exactly as one
// fstatat(twin, path, AT_SYMLINK_NOFOLLOW) + S_ISREG would, for every shape
// of path the checker may be given, while keeping directory handles.
#include "resources/twin_file_probe.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace twin::resources {
namespace {

namespace fs = std::filesystem;

class TwinFileProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/twin-probe-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    twin_ = dir_ / "twin";
    fs::create_directories(twin_ / "filesystem/etc/app");
    fs::create_directories(dir_ / "outside");
    write(twin_ / "filesystem/etc/app/app.conf");
    write(twin_ / "top.conf");
    write(dir_ / "outside/host.conf");
    fs::create_symlink("app.conf", twin_ / "filesystem/etc/app/link.conf");
    fs::create_directory_symlink("filesystem/etc/app", twin_ / "applink");
    fs::create_directory_symlink(dir_ / "outside", twin_ / "out");
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void write(const fs::path& path) { std::ofstream(path) << "x\n"; }

  // What the checker asked before the probe: one fstatat of the whole path.
  bool direct(const std::string& path) const {
    int fd = ::open(twin_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    struct stat st {};
    bool file = ::fstatat(fd, path.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
    ::close(fd);
    return file;
  }

  fs::path dir_, twin_;
};

TEST_F(TwinFileProbeTest, AnswersAsOneFstatatOfTheWholePathBeneathTheTwin) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"filesystem/etc/app/app.conf", true},
      {"top.conf", true},
      {"filesystem/etc/app/missing.conf", false},
      {"filesystem/etc/none/app.conf", false},
      {"filesystem/etc/app", false},            // a directory
      {"filesystem/etc/app/", false},           // names a directory
      {"filesystem/etc/app/link.conf", false},  // a symlink is not followed
      {"applink/app.conf", true},               // a directory link inside the twin is
      {"out/host.conf", false},                 // one out of it is not: no oracle for the host
      {"filesystem/etc/app/app.conf/x", false},
      {"filesystem/../top.conf", true},
      {"", false},
  };
  TwinFileProbe probe(twin_);
  for (int round = 0; round < 2; ++round) {  // the second round uses kept handles
    for (const auto& [path, expected] : cases) {
      if (path != "out/host.conf") {
        EXPECT_EQ(direct(path), expected) << path;
      }
      EXPECT_EQ(probe.is_file(path), expected) << path << " (round " << round << ")";
    }
  }
}

TEST_F(TwinFileProbeTest, KeepsWhatItSawOfEachRegularFileAsRootedFsSeesIt) {
  TwinFileProbe probe(twin_);
  auto twin = RootedFs::open(twin_);
  ASSERT_TRUE(twin.ok());
  EXPECT_EQ(probe.regular_file("top.conf"), nullptr) << "never asked";
  for (const std::string path : {"filesystem/etc/app/app.conf", "top.conf", "applink/app.conf",
                                 "filesystem/../top.conf"}) {
    ASSERT_TRUE(probe.is_file(path)) << path;
    const FileMeta* seen = probe.regular_file(path);
    ASSERT_NE(seen, nullptr) << path;
    auto meta = twin->lstat(path);
    ASSERT_TRUE(meta.ok() && meta->has_value()) << path;
    EXPECT_EQ(seen->kind, FileKind::kFile);
    EXPECT_EQ(seen->ino, (*meta)->ino) << path;
    EXPECT_EQ(seen->dev, (*meta)->dev) << path;
    EXPECT_EQ(seen->size, (*meta)->size) << path;
    EXPECT_EQ(seen->mode, (*meta)->mode) << path;
    EXPECT_EQ(seen->ctime_ns, (*meta)->ctime_ns) << path;
  }
  // What is not a regular file is left to the caller, for its own error.
  for (const std::string path : {"filesystem/etc/app/link.conf", "filesystem/etc/app",
                                 "filesystem/etc/app/missing.conf", "out/host.conf"}) {
    EXPECT_FALSE(probe.is_file(path)) << path;
    EXPECT_EQ(probe.regular_file(path), nullptr) << path;
  }
  EXPECT_EQ(probe.twin_dir(), twin_);
}

TEST_F(TwinFileProbeTest, AnAbsolutePathIsNeverAFileOfTheTwin) {
  TwinFileProbe probe(twin_);
  const std::string host = (dir_ / "outside/host.conf").string();
  ASSERT_TRUE(direct(host));
  EXPECT_FALSE(probe.is_file(host));
}

TEST_F(TwinFileProbeTest, ManyDirectoriesAreAllAnswered) {
  // More directories than the probe keeps open: the rest are asked whole.
  for (int i = 0; i < 300; ++i) {
    fs::create_directories(twin_ / "many" / ("d" + std::to_string(i)));
    write(twin_ / "many" / ("d" + std::to_string(i)) / "f.conf");
  }
  TwinFileProbe probe(twin_);
  for (int i = 0; i < 300; ++i) {
    EXPECT_TRUE(probe.is_file("many/d" + std::to_string(i) + "/f.conf")) << i;
    EXPECT_FALSE(probe.is_file("many/d" + std::to_string(i) + "/g.conf")) << i;
  }
  // Asked whole once the probe keeps no more handles: still beneath the twin.
  EXPECT_FALSE(probe.is_file("out/host.conf"));
}

TEST_F(TwinFileProbeTest, AMissingTwinHasNoFiles) {
  TwinFileProbe probe(dir_ / "no-such-twin");
  EXPECT_FALSE(probe.is_file("top.conf"));
  EXPECT_FALSE(probe.is_file("filesystem/etc/app/app.conf"));
}

}  // namespace
}  // namespace twin::ops
