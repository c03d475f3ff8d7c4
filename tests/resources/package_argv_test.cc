// The exact commands the package provider builds, checked with a fake
// runner that answers like dpkg and apt would: no shell, absolute programs,
// "--" before package names, one call per kind, no APT_CONFIG for "/".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/core/checkpoint.h"
#include "resources/apt_target.h"
#include "resources/dpkg_status.h"
#include "resources/package_provider.h"
#include "tests/resources/decl_builder.h"
#include "tests/resources/host_dpkg_guard.h"
#include "tests/resources/sandbox.h"

namespace twin::resources::testing {
namespace {

using ::testing::ElementsAre;
using Args = std::vector<std::string>;

// Answers by program and subcommand with canned output; records everything.
class FakeAptRunner : public engine::CommandRunner {
 public:
  engine::Result<engine::CommandOutput> run(const engine::Command& command) override {
    commands.push_back(command);
    engine::CommandOutput out{0, 0, false, {}, {}};
    const Args& a = command.args;
    auto has = [&](const char* arg) { return std::find(a.begin(), a.end(), arg) != a.end(); };
    if (command.program == kDpkgQuery) out.out = dpkg_query;
    if (command.program == kAptCache) out.out = policy;
    if (command.program == kAptGet && has("-s") && has("install")) out.out = sim_install;
    if (command.program == kAptGet && has("-s") && has("remove")) out.out = sim_remove;
    return out;
  }
  std::vector<const engine::Command*> by_program(const std::string& program) const {
    std::vector<const engine::Command*> found;
    for (const engine::Command& c : commands)
      if (c.program == program) found.push_back(&c);
    return found;
  }

  std::vector<engine::Command> commands;
  std::string dpkg_query = "old\tall\t1.0\tii \tno\t\ntool\tall\t1.0\tii \tno\t\n";
  std::string policy =
      "app:\n  Installed: (none)\n  Candidate: 2.0\n  Version table:\n     2.0 500\n"
      "        500 file:/repo ./ Packages\n";
  std::string sim_install = "Inst libfoo1 (2.0 localhost [all])\nInst app (2.0 localhost [all])\n";
  std::string sim_remove = "Remv old [1.0]\n";
};

std::vector<engine::Resource> declarations() {
  return {DeclBuilder("package", "app").build(),
          DeclBuilder("package", "old").str("ensure", "absent").build(),
          DeclBuilder("package", "tool").attr("hold", true).build()};
}

std::string env_value(const engine::Command& c, const std::string& name) {
  for (const auto& [key, value] : c.env)
    if (key == name) return value;
  return "<unset>";
}

const Args kQueryArgs = {
    "-W",
    "-f=${Package}\\t${Architecture}\\t${Version}\\t${db:Status-Abbrev}\\t${Essential}"
    "\\t${Priority}\\n"};

TEST(PackageProviderArgv, PlanAndApplyOnTheSystemRoot) {
  HostDpkgGuard guard;
  TempDir tmp;
  FakeAptRunner runner;
  engine::Host host("/", runner);
  engine::Context ctx{host, tmp.path()};
  PackageProvider provider;
  std::vector<engine::Resource> decls = declarations();
  std::vector<const engine::Resource*> pointers = {&decls[0], &decls[1], &decls[2]};

  auto steps = provider.plan(pointers, ctx);
  ASSERT_TRUE(steps.ok()) << steps.error().text();
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ((*steps)[0].changes[0].details,
            (std::vector<std::string>{"also installs: libfoo1 (2.0)"}));
  // One each: query, marks, policy, two simulations.
  ASSERT_EQ(runner.commands.size(), 5u);
  EXPECT_EQ(runner.commands[0].program, "/usr/bin/dpkg-query");
  EXPECT_EQ(runner.commands[0].args, kQueryArgs);
  EXPECT_EQ(runner.commands[1].program, "/usr/bin/apt-mark");
  EXPECT_EQ(runner.commands[1].args, (Args{"showauto"}));
  EXPECT_EQ(runner.commands[2].program, "/usr/bin/apt-cache");
  EXPECT_EQ(runner.commands[2].args, (Args{"policy", "--", "app"}));
  EXPECT_EQ(runner.commands[3].program, "/usr/bin/apt-get");
  EXPECT_EQ(runner.commands[3].args, (Args{"-s", "remove", "--", "old"}));
  EXPECT_EQ(runner.commands[4].args, (Args{"-s", "install", "--", "app"}));
  for (const engine::Command& c : runner.commands) {
    EXPECT_EQ(env_value(c, "APT_CONFIG"), "<unset>");
    EXPECT_EQ(env_value(c, "LC_ALL"), "C");
    EXPECT_EQ(env_value(c, "DEBIAN_FRONTEND"), "noninteractive");
  }

  runner.commands.clear();
  auto cp = engine::Checkpoint::create(tmp.path() / "cp");
  ASSERT_TRUE(cp.ok());
  std::vector<const engine::Step*> group = {&(*steps)[0], &(*steps)[1], &(*steps)[2]};
  auto result = provider.apply_group(group, ctx, *cp);
  ASSERT_TRUE(result.status.ok()) << result.status.error().text();
  EXPECT_EQ(result.completed, 3u);

  std::vector<Args> mutations;
  for (const engine::Command& c : runner.commands) {
    EXPECT_TRUE(c.program.starts_with("/usr/bin/")) << c.program;
    bool simulation = std::find(c.args.begin(), c.args.end(), "-s") != c.args.end();
    if (c.program == kAptGet && !simulation) mutations.push_back(c.args);
    if (c.program == kDpkg) {
      mutations.push_back(c.args);
      EXPECT_EQ(c.input, "tool hold\n");
    }
  }
  EXPECT_THAT(mutations,
              ElementsAre(Args{"-y", "-q", "-o", "Dpkg::Options::=--force-confdef", "-o",
                               "Dpkg::Options::=--force-confold", "remove", "--", "old"},
                          Args{"-y", "-q", "-o", "Dpkg::Options::=--force-confdef", "-o",
                               "Dpkg::Options::=--force-confold", "install", "--", "app"},
                          Args{"--set-selections"}));
  // One undo record per mutating call, journaled before it.
  ASSERT_EQ(cp->records().size(), 3u);
  EXPECT_EQ(cp->records()[1].data["call"], "apt-get install -- app");
  EXPECT_EQ(cp->records()[1].data["packages"].size(), 2u);  // app and libfoo1
}

TEST(PackageProviderArgv, SandboxRootUsesPrivateConfigAndRootedDpkg) {
  HostDpkgGuard guard;
  TempDir tmp;
  FakeAptRunner runner;
  engine::Host host(tmp.path(), runner);
  auto target = AptTarget::open(host);
  ASSERT_TRUE(target.ok()) << target.error().text();
  const std::string root = tmp.path().string();

  engine::Command query = target->dpkg_query();
  EXPECT_EQ(query.args[0], "--admindir=" + root + "/var/lib/dpkg");
  EXPECT_EQ(env_value(query, "APT_CONFIG"), target->config_file().string());

  engine::Command selections = target->set_selections("x hold\n");
  EXPECT_EQ(selections.args, (Args{"--root=" + root, "--force-not-root",
                                   "--log=" + root + "/var/log/dpkg.log", "--set-selections"}));

  engine::Command install = target->execute({"install", {"a=1.0", "b"}, true, true});
  EXPECT_EQ(install.args, (Args{"-y", "-q", "-o", "Dpkg::Options::=--force-confdef", "-o",
                                "Dpkg::Options::=--force-confold", "--allow-downgrades",
                                "--allow-remove-essential", "install", "--", "a=1.0", "b"}));
  EXPECT_EQ(env_value(install, "APT_CONFIG"), target->config_file().string());
  std::string config = read_file(target->config_file());
  EXPECT_THAT(config, ::testing::HasSubstr("Dir \"" + root + "/\";"));
  EXPECT_THAT(config, ::testing::HasSubstr("\"--root=" + root + "\""));
  EXPECT_THAT(config, ::testing::HasSubstr("Debug::NoLocking \"1\";"));
}

TEST(PackageProviderArgv, RootThatCannotBeQuotedIsRefused) {
  TempDir tmp;
  std::filesystem::path odd = tmp.path() / "a\"b";
  std::filesystem::create_directories(odd);
  FakeAptRunner runner;
  engine::Host host(odd, runner);
  auto target = AptTarget::open(host);
  ASSERT_FALSE(target.ok());
  EXPECT_EQ(target.error().code, "E3309");
}

TEST(PackageProviderArgv, FailingToolBecomesAnErrorWithAptsReason) {
  class Failing : public engine::CommandRunner {
   public:
    engine::Result<engine::CommandOutput> run(const engine::Command&) override {
      return engine::CommandOutput{100, 0, false, "",
                                   "Reading package lists...\nE: Unable to locate package x\n"};
    }
  } runner;
  engine::Host host("/", runner);
  auto target = AptTarget::open(host);
  ASSERT_TRUE(target.ok());
  auto out = target->run(target->simulate({"install", {"x"}, false, false}));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "E3302");
  EXPECT_EQ(out.error().message, "apt-get exited with status 100: E: Unable to locate package x");
  EXPECT_EQ(out.error().context, "/usr/bin/apt-get -s install -- x");
}

}  // namespace
}  // namespace twin::resources::testing
