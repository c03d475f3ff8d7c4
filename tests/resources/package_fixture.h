// Test support: a fixture for package provider tests against the real dpkg
// and apt-get. One local repository and one pristine, `apt-get update`d
// sandbox root are built per test process; every test gets a fresh copy of
// the root, and fails if the host's dpkg status or log changed.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/core/checkpoint.h"
#include "engine/core/host.h"
#include "engine/core/provider.h"
#include "resources/apt_target.h"
#include "resources/package_provider.h"
#include "resources/process_runner.h"
#include "tests/resources/deb_repo.h"
#include "tests/resources/decl_builder.h"
#include "tests/resources/host_dpkg_guard.h"
#include "tests/resources/sandbox.h"

namespace twin::resources::testing {

/// The packages of the test repository: versions to upgrade between, a
/// dependency chain (app-plugin -> app -> libfoo1) for blast radius, and
/// the packages a plan must refuse to remove (basepkg: Priority: required,
/// taken along when libbase goes).
inline const std::vector<DebSpec>& repo_packages() {
  static const std::vector<DebSpec> kPackages = {
      {"libfoo1", "1.0"},
      {"libfoo1", "2.0"},
      {"app", "1.0", "libfoo1", "", false, true},
      {"app", "2.0", "libfoo1 (>= 2.0)", "", false, true},
      {"app-plugin", "1.0", "app"},
      {"tool", "1.0"},
      {"tool", "1.1"},
      {"corepkg", "1.0", "", "required"},
      {"esspkg", "1.0", "", "", true},
      {"libbase", "1.0"},
      {"basepkg", "1.0", "libbase", "required"},
  };
  return kPackages;
}

/// Built once per process: the repository, two unindexed .debs installable
/// only with dpkg -i ("orphan"; "clash", which owns tool's file so that
/// installing tool fails in dpkg, after a successful simulation) and the
/// pristine root.
struct PackageWorld {
  TempDir dir;
  std::filesystem::path repo, pristine_root, orphan_deb, clash_deb;

  PackageWorld() {
    repo = dir.path() / "repo";
    std::filesystem::create_directories(repo);
    for (const DebSpec& spec : repo_packages()) build_deb(repo, dir.path() / "src", spec);
    index_repo(repo);
    std::filesystem::create_directories(dir.path() / "loose");
    orphan_deb = build_deb(dir.path() / "loose", dir.path() / "src", {"orphan", "1.0"});
    DebSpec clash{"clash", "1.0"};
    clash.also_ships = "usr/share/tool/version";
    clash_deb = build_deb(dir.path() / "loose", dir.path() / "src", clash);
    pristine_root = dir.path() / "pristine";
    make_sandbox_root(pristine_root, repo);
    apt_update(pristine_root);
  }
  static PackageWorld& get() {
    static PackageWorld world;
    return world;
  }
};

class PackageSandboxTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { (void)PackageWorld::get(); }

  void SetUp() override {
    root_ = tmp_.path() / "root";
    copy_root(PackageWorld::get().pristine_root, root_);
    host_ = std::make_unique<engine::Host>(root_, runner_);
  }

  engine::Context ctx() const {
    engine::Context context{*host_, tmp_.path()};
    context.step_output = step_output_;
    return context;
  }

  /// What the provider relays of its tools' output while applying.
  std::function<void(std::string_view)> step_output_;

  /// Installs `packages` ("name" or "name=version") with apt-get directly.
  void install(const std::vector<std::string>& packages) {
    auto target = AptTarget::open(*host_);
    ASSERT_TRUE(target.ok());
    auto out = target->run(target->execute({"install", packages, true, false}));
    ASSERT_TRUE(out.ok()) << out.error().text();
  }
  void hold(const std::string& name) {
    auto target = AptTarget::open(*host_);
    ASSERT_TRUE(target.ok());
    auto out = target->run(target->set_selections(name + " hold\n"));
    ASSERT_TRUE(out.ok()) << out.error().text();
  }
  void dpkg_install_file(const std::filesystem::path& deb) {
    run_tool(kDpkg, {"--root=" + root_.string(), "--force-not-root",
                     "--log=" + root_.string() + "/var/log/dpkg.log", "-i", deb.string()});
  }

  std::string status_bytes() const { return read_file(root_ / "var/lib/dpkg/status"); }

  /// "name version abbrev" per package, sorted: what a person compares.
  std::string dpkg_rows() const {
    auto out = run_tool(kDpkgQuery, {"--admindir=" + (root_ / "var/lib/dpkg").string(), "-W",
                                     "-f=${Package} ${Version} ${db:Status-Abbrev}\\n"});
    return out.out;
  }

  std::vector<engine::Resource> decls_;
  engine::Result<std::vector<engine::Step>> plan(std::vector<engine::Resource> decls) {
    decls_ = std::move(decls);
    std::vector<const engine::Resource*> pointers;
    for (const engine::Resource& d : decls_) pointers.push_back(&d);
    return provider_.plan(pointers, ctx());
  }

  /// Applies `steps` as one group into a fresh checkpoint.
  engine::Provider::GroupResult apply(const std::vector<engine::Step>& steps) {
    auto cp = engine::Checkpoint::create(tmp_.path() / ("cp" + std::to_string(++checkpoints_)));
    EXPECT_TRUE(cp.ok());
    checkpoint_ = std::make_unique<engine::Checkpoint>(std::move(*cp));
    std::vector<const engine::Step*> pointers;
    for (const engine::Step& s : steps) pointers.push_back(&s);
    return provider_.apply_group(pointers, ctx(), *checkpoint_);
  }

  /// Undoes every record of the last apply, newest first.
  void rollback() {
    ASSERT_TRUE(checkpoint_);
    const auto& records = checkpoint_->records();
    for (auto it = records.rbegin(); it != records.rend(); ++it) {
      engine::Status st = provider_.undo(*it, ctx(), *checkpoint_);
      ASSERT_TRUE(st.ok()) << it->address << ": " << st.error().text();
    }
  }

  static engine::Resource package(const std::string& name, const std::string& ensure = "") {
    DeclBuilder b("package", name);
    if (!ensure.empty()) b.str("ensure", ensure);
    return b.build();
  }

  HostDpkgGuard guard_;  // first: compares after everything else is gone
  TempDir tmp_;
  ProcessRunner runner_;
  std::filesystem::path root_;
  std::unique_ptr<engine::Host> host_;
  PackageProvider provider_;
  std::unique_ptr<engine::Checkpoint> checkpoint_;
  int checkpoints_ = 0;
};

}  // namespace twin::resources::testing
