// Test support for the package provider: tiny .deb packages built with the
// real dpkg-deb, a local repository indexed by dpkg-scanpackages, and a
// sandbox root with its own dpkg database and apt directories (the recipe
// of shared/TESTING.md), so tests drive the real dpkg and apt-get without
// touching the host. Building is slow-ish (one process per package), so a
// suite builds one repository and one pristine root and copies the root for
// each test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/host.h"
#include "resources/apt_target.h"
#include "resources/process_runner.h"
#include "tests/resources/sandbox.h"

namespace twin::resources::testing {

struct DebSpec {
  std::string name;
  std::string version;
  std::string depends;     // "Depends:" value, may be empty
  std::string priority;    // "Priority:" value, may be empty
  bool essential = false;  // "Essential: yes"
  bool conffile = false;   // ships /etc/NAME.conf as a conffile (removal leaves "rc")
  std::string also_ships;  // one more file (relative path), e.g. to clash with another package
};

/// Runs an absolute program (no shell); fails the test when it fails.
inline engine::CommandOutput run_tool(std::string program, std::vector<std::string> args,
                                      std::vector<std::pair<std::string, std::string>> env = {}) {
  ProcessRunner runner;
  engine::Command cmd;
  cmd.program = std::move(program);
  cmd.args = std::move(args);
  cmd.env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}};
  cmd.env.insert(cmd.env.end(), env.begin(), env.end());
  auto out = runner.run(cmd);
  EXPECT_TRUE(out.ok()) << cmd.program << ": " << (out.ok() ? "" : out.error().text());
  if (!out.ok()) return {};
  EXPECT_EQ(out->exit_code, 0) << cmd.program << " failed:\n" << out->out << out->err;
  return *out;
}

/// Builds NAME_VERSION_all.deb from `spec` into `dir`; returns its path.
inline std::filesystem::path build_deb(const std::filesystem::path& dir,
                                       const std::filesystem::path& work, const DebSpec& spec) {
  std::filesystem::path tree = work / (spec.name + "_" + spec.version);
  std::string control = "Package: " + spec.name + "\nVersion: " + spec.version +
                        "\nArchitecture: all\nMaintainer: Twin Tests <tests@example.org>\n";
  if (!spec.depends.empty()) control += "Depends: " + spec.depends + "\n";
  if (!spec.priority.empty()) control += "Priority: " + spec.priority + "\n";
  if (spec.essential) control += "Essential: yes\n";
  control += "Description: twin test package " + spec.name + "\n";
  write_file(tree / "DEBIAN" / "control", control);
  write_file(tree / "usr" / "share" / spec.name / "version", spec.version + "\n");
  if (!spec.also_ships.empty()) write_file(tree / spec.also_ships, spec.name + "\n");
  if (spec.conffile) {
    write_file(tree / "etc" / (spec.name + ".conf"), "setting = " + spec.version + "\n");
    write_file(tree / "DEBIAN" / "conffiles", "/etc/" + spec.name + ".conf\n");
  }
  std::filesystem::path deb = dir / (spec.name + "_" + spec.version + "_all.deb");
  run_tool("/usr/bin/dpkg-deb", {"--root-owner-group", "--build", tree.string(), deb.string()});
  return deb;
}

/// Writes `dir`/Packages for every .deb in it (dpkg-scanpackages must run
/// inside the repository so Filename: fields are relative to it).
inline void index_repo(const std::filesystem::path& dir) {
  auto out = run_tool("/usr/bin/env", {"-C", dir.string(), "/usr/bin/dpkg-scanpackages",
                                       "--multiversion", ".", "/dev/null"});
  write_file(dir / "Packages", out.out);
}

/// Creates an empty dpkg database and apt directories under `root`, with a
/// sources.list naming the local repository `repo`.
inline void make_sandbox_root(const std::filesystem::path& root,
                              const std::filesystem::path& repo) {
  for (const char* dir :
       {"var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers",
        "etc/apt/sources.list.d", "etc/apt/preferences.d", "etc/apt/apt.conf.d",
        "var/lib/apt/lists/partial", "var/cache/apt/archives/partial", "var/log/apt"})
    std::filesystem::create_directories(root / dir);
  write_file(root / "var/lib/dpkg/status", "");
  write_file(root / "var/lib/dpkg/available", "");
  write_file(root / "etc/apt/sources.list", "deb [trusted=yes] file:" + repo.string() + " ./\n");
}

/// `apt-get update` on the sandbox `root` (through AptTarget's private
/// configuration, as the provider would reach it).
inline void apt_update(const std::filesystem::path& root) {
  ProcessRunner runner;
  engine::Host host(root, runner);
  auto target = AptTarget::open(host);
  ASSERT_TRUE(target.ok()) << target.error().text();
  run_tool(kAptGet, {"-q", "update"}, {{"APT_CONFIG", target->config_file().string()}});
}

/// Copies a whole sandbox root (files, links, modes).
inline void copy_root(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy(
      from, to,
      std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
}

}  // namespace twin::resources::testing
