// Parsing `apt-get -s` output into the changes it announces, table-driven.
#include "resources/apt_simulation.h"

#include <gtest/gtest.h>

namespace twin::resources {
namespace {

using Kind = SimulatedChange::Kind;

TEST(AptSimulationParse, LinesOfEveryShape) {
  struct Case {
    const char* line;
    SimulatedChange expected;
  };
  const Case kCases[] = {
      {"Inst libfoo1 (2.0 localhost [all])", {Kind::kInstall, "libfoo1", "", "2.0"}},
      {"Inst app [1.0] (2.0 localhost [all])", {Kind::kInstall, "app", "1.0", "2.0"}},
      {"Inst libc6 [2.36-9] (2.36-9+deb12u1 Debian-Security:12/stable-security [amd64]) []",
       {Kind::kInstall, "libc6", "2.36-9", "2.36-9+deb12u1"}},
      {"Inst tool [1.1] (1.0 localhost [all])", {Kind::kInstall, "tool", "1.1", "1.0"}},
      {"Inst libx:i386 (1:1.0-1 Debian:12.5/stable [i386])",
       {Kind::kInstall, "libx:i386", "", "1:1.0-1"}},
      {"Remv app-plugin [1.0]", {Kind::kRemove, "app-plugin", "1.0", ""}},
      {"Remv oldpkg", {Kind::kRemove, "oldpkg", "", ""}},
      {"Purg app [2.0]", {Kind::kPurge, "app", "2.0", ""}},
      {"Purg cfgpkg", {Kind::kPurge, "cfgpkg", "", ""}},
  };
  for (const Case& c : kCases) {
    auto changes = parse_apt_simulation(std::string(c.line) + "\n");
    ASSERT_TRUE(changes.ok()) << c.line << ": " << changes.error().text();
    ASSERT_EQ(changes->size(), 1u) << c.line;
    EXPECT_EQ((*changes)[0], c.expected) << c.line;
  }
}

TEST(AptSimulationParse, KeepsOrderAndSkipsEverythingElse) {
  auto changes = parse_apt_simulation(
      "Reading package lists...\n"
      "The following NEW packages will be installed:\n"
      "  app libfoo1\n"
      "Inst libfoo1 (2.0 localhost [all])\n"
      "Inst app (2.0 localhost [all])\n"
      "Conf libfoo1 (2.0 localhost [all])\n"
      "Conf app (2.0 localhost [all])\n"
      "Remv old [0.1]");  // no final newline
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 3u);
  EXPECT_EQ((*changes)[0].name, "libfoo1");
  EXPECT_EQ((*changes)[1].name, "app");
  EXPECT_EQ((*changes)[2].kind, Kind::kRemove);
}

TEST(AptSimulationParse, NothingToDoIsEmpty) {
  auto changes = parse_apt_simulation(
      "app is already the newest version (2.0).\n"
      "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
  ASSERT_TRUE(changes.ok());
  EXPECT_TRUE(changes->empty());
}

TEST(AptSimulationParse, MalformedLinesAreErrors) {
  for (const char* line :
       {"Inst app", "Inst app [1.0", "Inst  (2.0 x [all])", "Inst app ()", "Remv  [1.0]"}) {
    auto changes = parse_apt_simulation(line);
    ASSERT_FALSE(changes.ok()) << line;
    EXPECT_EQ(changes.error().code, "E3310");
    EXPECT_EQ(changes.error().context, line);
  }
}

}  // namespace
}  // namespace twin::resources
