// The facts manifests read: parsing of os-release and the arch names, and
// reading them from a sandbox root.
#include "engine/core/facts.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace twin::engine {
namespace {

TEST(Facts, OsReleaseFields) {
  const char* text =
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
      "NAME=\"Debian GNU/Linux\"\n"
      "VERSION_ID=\"12\"\n"
      "ID=debian\n"
      "ID_LIKE='rhel fedora'\n";
  EXPECT_EQ(os_release_field(text, "ID"), "debian");
  EXPECT_EQ(os_release_field(text, "VERSION_ID"), "12");
  EXPECT_EQ(os_release_field(text, "ID_LIKE"), "rhel fedora");
  EXPECT_EQ(os_release_field(text, "VERSION_CODENAME"), "");
  EXPECT_EQ(os_release_field("", "ID"), "");
}

TEST(Facts, DebianArchNames) {
  EXPECT_EQ(debian_arch("x86_64"), "amd64");
  EXPECT_EQ(debian_arch("aarch64"), "arm64");
  EXPECT_EQ(debian_arch("armv7l"), "armhf");
  EXPECT_EQ(debian_arch("riscv64"), "riscv64");
}

TEST(Facts, MapShape) {
  lang::Value facts = make_facts("ID=debian\nVERSION_ID=\"12\"\n", "web1\n", "x86_64");
  EXPECT_EQ(facts.to_source(),
            "{ os = { id = \"debian\", version_id = \"12\" }, hostname = \"web1\", arch = \"amd64\" }");
}

TEST(Facts, ReadFromASandboxRoot) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / "twin_facts_test";
  fs::remove_all(root);
  fs::create_directories(root / "etc");
  std::ofstream(root / "etc/os-release") << "ID=ubuntu\nVERSION_ID=\"24.04\"\n";
  std::ofstream(root / "etc/hostname") << "sandbox\n";
  lang::Value facts = read_facts(root);
  const lang::Map& map = facts.as_map();
  EXPECT_EQ(map[0].second.as_map()[0].second.as_string(), "ubuntu");
  EXPECT_EQ(map[0].second.as_map()[1].second.as_string(), "24.04");
  EXPECT_EQ(map[1].second.as_string(), "sandbox");
  EXPECT_FALSE(map[2].second.as_string().empty());
  // An empty root gives empty facts, not an error.
  fs::remove_all(root / "etc");
  EXPECT_EQ(read_facts(root).as_map()[1].second.as_string(), "");
  fs::remove_all(root);
}

}  // namespace
}  // namespace twin::engine
