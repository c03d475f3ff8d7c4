// The service provider against the REAL systemctl on a sandbox root (unit
// files under ROOT/lib/systemd/system, `systemctl --root` enable/disable),
// and, for start/stop/restart on "/" with a manager (which these machines
// do not run), the exact argv through a recording runner.
#include "resources/service_provider.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "resources/process_runner.h"
#include "resources/service_actions.h"
#include "tests/resources/service_sandbox.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::resources {
namespace {

TEST_F(ServiceSandbox, PlanApplyThenPlanIsEmpty) {
  systemctl({"enable", "bar.service"});
  ServiceProvider provider;
  std::vector<engine::Resource> decls = {make_decl("service", "foo", {{"enabled", true}}),
                                         make_decl("service", "bar.service", {{"enabled", false}}),
                                         make_decl("service", "tpl@one", {{"enabled", true}})};
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ((*steps)[0].address, "service[\"foo\"]");
  EXPECT_EQ((*steps)[0].primary(), resources::service_action::kEnable);
  EXPECT_EQ((*steps)[0].changes[0].description, "enable at boot (now: disabled)");
  EXPECT_EQ((*steps)[1].primary(), resources::service_action::kDisable);
  EXPECT_EQ((*steps)[1].changes[0].description, "disable at boot (now: enabled)");
  EXPECT_EQ((*steps)[2].primary(), resources::service_action::kEnable);

  auto cp = checkpoint();
  apply_all(provider, *steps, cp);
  EXPECT_EQ(fs::read_symlink(wants("foo.service")), "/lib/systemd/system/foo.service");
  EXPECT_EQ(fs::read_symlink(wants("tpl@one.service")), "/lib/systemd/system/tpl@.service");
  EXPECT_FALSE(fs::is_symlink(wants("bar.service")));
  EXPECT_EQ(cp.records().size(), 3u);

  auto again = plan(provider, decls);
  ASSERT_TRUE(again) << again.error().text();
  EXPECT_TRUE(again->empty());
}

// The stat cache remembers is-enabled answers (resources/unit_state_cache.h);
// the links an apply makes must send the next plan back to systemctl.
TEST_F(ServiceSandbox, ACachedPlanSeesWhatApplyChanged) {
  // Observing "later" than the sandbox was made, so nothing is racy.
  engine::ObservationCache cache(root_.string(), engine::ObservationCache::now_ns() + 5'000'000'000);
  ServiceProvider provider;
  std::vector<engine::Resource> decls = {make_decl("service", "foo", {{"enabled", true}})};
  auto steps = plan(provider, decls, &cache);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_TRUE(cache.changed());
  auto same = plan(provider, decls, &cache);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->size(), 1u);

  auto cp = checkpoint();
  apply_all(provider, *steps, cp);
  auto again = plan(provider, decls, &cache);
  ASSERT_TRUE(again) << again.error().text();
  EXPECT_TRUE(again->empty());
}

TEST_F(ServiceSandbox, UndoRestoresTheLinksExactly) {
  systemctl({"enable", "bar.service"});
  // A link a person made by hand: `systemctl enable` alone would not bring it back.
  fs::create_directories(root_ / "etc/systemd/system/graphical.target.wants");
  fs::create_symlink("/lib/systemd/system/bar.service",
                     root_ / "etc/systemd/system/graphical.target.wants/bar.service");
  auto before = twin::testing::tree_fingerprint(root_);

  ServiceProvider provider;
  std::vector<engine::Resource> decls = {make_decl("service", "foo", {{"enabled", true}}),
                                         make_decl("service", "bar", {{"enabled", false}})};
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  auto cp = checkpoint();
  apply_all(provider, *steps, cp);
  EXPECT_FALSE(fs::is_symlink(root_ / "etc/systemd/system/graphical.target.wants/bar.service"));
  EXPECT_NE(twin::testing::tree_fingerprint(root_), before);

  // Undo from the journal as it is on disk (a fresh process would read it).
  auto reopened = engine::Checkpoint::open(cp.dir());
  ASSERT_TRUE(reopened);
  undo_all(provider, *reopened);
  EXPECT_EQ(twin::testing::tree_fingerprint(root_), before);
}

TEST_F(ServiceSandbox, UndoRemovesDirectoriesEnableCreated) {
  fs::remove_all(root_ / "etc");
  auto before = twin::testing::tree_fingerprint(root_);
  ServiceProvider provider;
  std::vector<engine::Resource> decls = {make_decl("service", "foo", {{"enabled", true}})};
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  auto cp = checkpoint();
  apply_all(provider, *steps, cp);
  EXPECT_TRUE(fs::is_symlink(wants("foo.service")));
  undo_all(provider, cp);
  EXPECT_EQ(twin::testing::tree_fingerprint(root_), before);
}

TEST_F(ServiceSandbox, NoManagerMeansRunningIsNotManagedAndSaidOnce) {
  systemctl({"enable", "foo.service"});
  ServiceProvider provider;  // the real probe: a sandbox root has no manager
  std::vector<engine::Resource> decls = {
      make_decl("service", "foo", {{"enabled", true}, {"running", true}}),
      make_decl("service", "bar", {{"running", false}})};
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  EXPECT_TRUE(steps->empty());  // `enabled` holds; `running` is not looked at
  engine::Host h = host();
  engine::Context ctx{h, dir_.path()};
  EXPECT_EQ(provider.notes(ctx),
            std::vector<std::string>{"no systemd manager runs for " + root_.string() +
                                     ": `running` is not managed (2 services declare it)"});

  // `enabled` is still managed next to an unmanaged `running`.
  decls[0] = make_decl("service", "foo", {{"enabled", false}, {"running", true}});
  steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].changes.size(), 1u);
  EXPECT_EQ((*steps)[0].primary(), resources::service_action::kDisable);

  decls = {make_decl("service", "foo", {{"enabled", false}})};
  ASSERT_TRUE(plan(provider, decls));
  EXPECT_TRUE(provider.notes(ctx).empty());
}

TEST_F(ServiceSandbox, NoManagerOnThisMachinesRootEither) {
  if (fs::exists("/run/systemd/system")) GTEST_SKIP() << "a systemd manager runs here";
  // Only `running` is declared, so nothing is run against the host.
  ServiceProvider provider;
  engine::Host h("/", runner_);
  engine::Context ctx{h, dir_.path()};
  engine::Resource decl = make_decl("service", "cron", {{"running", true}});
  const engine::Resource* ptr = &decl;
  auto steps = provider.plan({&ptr, 1}, ctx);
  ASSERT_TRUE(steps) << steps.error().text();
  EXPECT_TRUE(steps->empty());
  EXPECT_EQ(provider.notes(ctx),
            std::vector<std::string>{
                "no systemd manager runs for /: `running` is not managed (1 service declares it)"});
}

TEST_F(ServiceSandbox, MissingUnitsAreFoundInOneBatch) {
  ServiceProvider provider;
  // systemctl stops at "gone"; the provider asks again for the rest.
  std::vector<engine::Resource> decls = {make_decl("service", "gone", {{"enabled", false}}),
                                         make_decl("service", "foo", {{"enabled", true}}),
                                         make_decl("service", "also-gone", {{"enabled", false}}),
                                         make_decl("service", "bar", {{"enabled", true}})};
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 2u);
  EXPECT_EQ((*steps)[0].address, "service[\"foo\"]");
  EXPECT_EQ((*steps)[1].address, "service[\"bar\"]");

  decls = {make_decl("service", "gone", {{"enabled", true}})};
  auto missing = plan(provider, decls);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "E3403");
  EXPECT_EQ(missing.error().message, "unit gone.service has no unit file");
}

TEST_F(ServiceSandbox, StaticAndMaskedUnitsCannotBeEnabled) {
  ServiceProvider provider;
  std::vector<engine::Resource> decls = {make_decl("service", "static", {{"enabled", true}})};
  auto fixed = plan(provider, decls);
  ASSERT_FALSE(fixed);
  EXPECT_EQ(fixed.error().code, "E3404");
  EXPECT_EQ(fixed.error().message,
            "unit static.service is static: it cannot be enabled (no [Install] section of its "
            "own); remove `enabled`");
  decls = {make_decl("service", "masked", {{"enabled", true}})};
  auto masked = plan(provider, decls);
  ASSERT_FALSE(masked);
  EXPECT_EQ(masked.error().code, "E3404");
  EXPECT_EQ(masked.error().message,
            "unit masked.service is masked; add `masked = false` to unmask it");
  // Neither starts at boot by itself, so `enabled = false` already holds.
  decls = {make_decl("service", "static", {{"enabled", false}}),
           make_decl("service", "masked", {{"enabled", false}})};
  auto fine = plan(provider, decls);
  ASSERT_TRUE(fine) << fine.error().text();
  EXPECT_TRUE(fine->empty());
}

TEST_F(ServiceSandbox, ValidateRefusesBadNamesAtTheTitle) {
  ServiceProvider provider;
  engine::Host h = host();
  engine::Context ctx{h, dir_.path()};
  struct Case {
    const char* title;
    const char* code;
    const char* message;
  };
  const Case kCases[] = {
      {"--now", "E0331", "invalid service name \"--now\": a unit name must not begin with '-'"},
      {"a b", "E0331",
       "invalid service name \"a b\": invalid character a space at byte 2 of unit name"},
      {"foo@", "E0331",
       "invalid service name \"foo@\": \"foo@.service\" is a template; twin manages instances "
       "of it"},
      {"home.mount", "E0334",
       "invalid service name \"home.mount\": unit type \".mount\" is not managed by the service "
       "resource"},
  };
  for (const auto& c : kCases) {
    lang::DiagnosticSink sink;
    engine::Resource decl = make_decl("service", c.title, {{"enabled", true}});
    provider.validate(decl, ctx, sink);
    ASSERT_EQ(sink.all().size(), 1u) << c.title;
    const auto& d = sink.all()[0];
    EXPECT_EQ(d.code, c.code);
    EXPECT_EQ(d.message, c.message);
    EXPECT_EQ(span_text(d.span), "\"" + std::string(c.title) + "\"");
    EXPECT_FALSE(d.hint.empty());
  }

  // What the schema says (names, types) is the checker's to report; the
  // provider only refuses it, silently, so nothing is reported twice.
  lang::DiagnosticSink sink;
  engine::Resource decl = make_decl("service", "nginx", {{"running", std::string("yes")}});
  EXPECT_FALSE(read_service_spec(decl, sink).has_value());
  EXPECT_TRUE(sink.empty());

  // plan() refuses what validate() refused rather than passing it to systemctl.
  std::vector<engine::Resource> bad = {make_decl("service", "--now", {{"enabled", true}})};
  auto steps = plan(provider, bad);
  ASSERT_FALSE(steps);
  EXPECT_EQ(steps.error().code, "E3406");
}

// --- argv checks for "/" with a manager, through a recording runner --------

class RecordingRunner : public engine::CommandRunner {
 public:
  std::function<engine::CommandOutput(const engine::Command&)> respond;
  std::vector<engine::Command> calls;

  engine::Result<engine::CommandOutput> run(const engine::Command& command) override {
    calls.push_back(command);
    return respond ? respond(command) : engine::CommandOutput{0, 0, false, {}, {}};
  }
  std::vector<std::vector<std::string>> argvs() const {
    std::vector<std::vector<std::string>> out;
    for (const auto& c : calls) {
      std::vector<std::string> argv = {c.program};
      argv.insert(argv.end(), c.args.begin(), c.args.end());
      out.push_back(std::move(argv));
    }
    return out;
  }
};

engine::CommandOutput show_output(const std::string& active) {
  return {0,
          0,
          false,
          "Id=foo.service\nLoadState=loaded\nActiveState=" + active + "\nUnitFileState=enabled\n",
          {}};
}

class ServiceArgv : public ::testing::Test {
 protected:
  ServiceProvider with_manager() {
    return ServiceProvider([](const engine::Host&) { return true; });
  }
  engine::Checkpoint checkpoint() {
    auto cp = engine::Checkpoint::create(dir_ / ("cp" + std::to_string(++count_)));
    EXPECT_TRUE(cp);
    return std::move(*cp);
  }
  TempDir dir_;
  RecordingRunner runner_;
  engine::Host host_{"/", runner_};
  engine::Context ctx_{host_, dir_.path()};
  int count_ = 0;
};

using Argv = std::vector<std::vector<std::string>>;
const std::vector<std::string> kShow = {"/bin/systemctl", "show", "-p",
                                        "Id,LoadState,ActiveState,UnitFileState"};

std::vector<std::string> show_of(const std::string& unit) {
  auto argv = kShow;
  argv.push_back(unit);
  return argv;
}

TEST_F(ServiceArgv, StartThenUndoStops) {
  ServiceProvider provider = with_manager();
  runner_.respond = [](const engine::Command& c) {
    return c.args[0] == "show" ? show_output("inactive")
                               : engine::CommandOutput{0, 0, false, {}, {}};
  };
  engine::Resource decl = make_decl("service", "foo", {{"running", true}});
  const engine::Resource* ptr = &decl;
  auto steps = provider.plan({&ptr, 1}, ctx_);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].primary(), resources::service_action::kStart);
  EXPECT_EQ((*steps)[0].changes[0].description, "start (now: inactive)");
  EXPECT_TRUE(provider.notes(ctx_).empty());

  auto cp = checkpoint();
  ASSERT_TRUE(provider.apply((*steps)[0], ctx_, cp));
  ASSERT_EQ(cp.records().size(), 1u);
  ASSERT_TRUE(provider.undo(cp.records()[0], ctx_, cp));
  EXPECT_EQ(runner_.argvs(), (Argv{show_of("foo.service"),
                                   show_of("foo.service"),
                                   {"/bin/systemctl", "start", "foo.service"},
                                   {"/bin/systemctl", "stop", "foo.service"}}));
  for (const auto& call : runner_.calls) {
    EXPECT_NE(std::find(call.env.begin(), call.env.end(),
                        std::pair<std::string, std::string>("LC_ALL", "C")),
              call.env.end());
  }
}

TEST_F(ServiceArgv, StopThenUndoStarts) {
  ServiceProvider provider = with_manager();
  runner_.respond = [](const engine::Command& c) {
    return c.args[0] == "show" ? show_output("active") : engine::CommandOutput{0, 0, false, {}, {}};
  };
  engine::Resource decl = make_decl("service", "foo.service", {{"running", false}});
  const engine::Resource* ptr = &decl;
  auto steps = provider.plan({&ptr, 1}, ctx_);
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].primary(), resources::service_action::kStop);
  auto cp = checkpoint();
  ASSERT_TRUE(provider.apply((*steps)[0], ctx_, cp));
  ASSERT_TRUE(provider.undo(cp.records()[0], ctx_, cp));
  EXPECT_EQ(runner_.argvs(), (Argv{show_of("foo.service"),
                                   show_of("foo.service"),
                                   {"/bin/systemctl", "stop", "foo.service"},
                                   {"/bin/systemctl", "start", "foo.service"}}));
}

TEST_F(ServiceArgv, OneShowCallForManyUnits) {
  ServiceProvider provider = with_manager();
  runner_.respond = [](const engine::Command&) {
    return engine::CommandOutput{
        0,
        0,
        false,
        "Id=a.service\nLoadState=loaded\nActiveState=active\nUnitFileState=enabled\n\n"
        "Id=b.service\nLoadState=loaded\nActiveState=failed\nUnitFileState=enabled\n",
        {}};
  };
  std::vector<engine::Resource> decls = {make_decl("service", "a", {{"running", true}}),
                                         make_decl("service", "b", {{"running", true}})};
  std::vector<const engine::Resource*> ptrs = {&decls[0], &decls[1]};
  auto steps = provider.plan(ptrs, ctx_);
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].address, "service[\"b\"]");
  EXPECT_EQ((*steps)[0].changes[0].description, "start (now: failed)");
  auto argv = kShow;
  argv.insert(argv.end(), {"a.service", "b.service"});
  EXPECT_EQ(runner_.argvs(), (Argv{argv}));
}

TEST_F(ServiceArgv, RestartFollowsTheDeclaredRunningState) {
  ServiceProvider provider = with_manager();
  engine::Resource keep = make_decl("service", "foo", {{"running", true}});
  engine::Resource plain = make_decl("service", "bar.timer", {});
  auto cp = checkpoint();
  auto restart_step = [&](const engine::Resource& r) {
    auto change = provider.refresh(r);
    EXPECT_TRUE(change.has_value());
    return engine::Step{&r, "service", r.address(), {*change}, {}};
  };
  engine::Step restart = restart_step(keep);
  EXPECT_EQ(restart.primary(), resources::service_action::kRestart);
  ASSERT_TRUE(provider.apply(restart, ctx_, cp));
  ASSERT_TRUE(provider.apply(restart_step(plain), ctx_, cp));
  EXPECT_EQ(runner_.argvs(), (Argv{{"/bin/systemctl", "restart", "foo.service"},
                                   {"/bin/systemctl", "try-restart", "bar.timer"}}));
  EXPECT_TRUE(cp.records().empty());  // a restart has nothing to undo

  // Without a manager there is nothing running to restart.
  ServiceProvider offline([](const engine::Host&) { return false; });
  runner_.calls.clear();
  ASSERT_TRUE(offline.apply(restart, ctx_, cp));
  EXPECT_TRUE(runner_.calls.empty());
}

TEST(ServiceGraph, RequiresItsUnitFileWhenDeclared) {
  ServiceProvider provider;
  EXPECT_EQ(provider.implicit_dependencies(make_decl("service", "nginx", {})),
            (std::vector<std::string>{"file[\"/etc/systemd/system/nginx.service\"]"}));
  EXPECT_EQ(provider.implicit_dependencies(make_decl("service", "apt-daily.timer", {})),
            (std::vector<std::string>{"file[\"/etc/systemd/system/apt-daily.timer\"]"}));
  EXPECT_TRUE(provider.implicit_dependencies(make_decl("service", "-bad", {})).empty());
}

TEST_F(ServiceArgv, EnableOnSlashUsesPlainSystemctl) {
  ServiceProvider provider = with_manager();
  runner_.respond = [](const engine::Command& c) {
    if (c.args[0] == "is-enabled") return engine::CommandOutput{1, 0, false, "disabled\n", {}};
    return engine::CommandOutput{0, 0, false, {}, {}};
  };
  engine::Resource decl = make_decl("service", "twin-test-unit-xyz", {{"enabled", true}});
  const engine::Resource* ptr = &decl;
  auto steps = provider.plan({&ptr, 1}, ctx_);
  ASSERT_TRUE(steps) << steps.error().text();
  auto cp = checkpoint();
  // Reads /etc/systemd/system of this machine for the undo snapshot (read only).
  ASSERT_TRUE(provider.apply((*steps)[0], ctx_, cp));
  EXPECT_EQ(runner_.argvs(), (Argv{{"/bin/systemctl", "is-enabled", "twin-test-unit-xyz.service"},
                                   {"/bin/systemctl", "is-enabled", "twin-test-unit-xyz.service"},
                                   {"/bin/systemctl", "enable", "twin-test-unit-xyz.service"}}));
}

TEST_F(ServiceArgv, FailuresCarryStderr) {
  ServiceProvider provider = with_manager();
  runner_.respond = [](const engine::Command& c) {
    if (c.args[0] == "show") return show_output("inactive");
    return engine::CommandOutput{1, 0, false, {}, "Job for foo.service failed.\nSee logs.\n"};
  };
  engine::Resource decl = make_decl("service", "foo", {{"running", true}});
  const engine::Resource* ptr = &decl;
  auto steps = provider.plan({&ptr, 1}, ctx_);
  ASSERT_TRUE(steps);
  auto cp = checkpoint();
  auto st = provider.apply((*steps)[0], ctx_, cp);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, "E3401");
  EXPECT_EQ(st.error().message, "systemctl failed: Job for foo.service failed.");
  EXPECT_EQ(st.error().context, "/bin/systemctl start foo.service");
  EXPECT_EQ(cp.records().size(), 1u);  // recorded before the attempt

  // A record with a hostile unit name never reaches argv.
  runner_.calls.clear();
  engine::UndoRecord evil{
      "service", "service[\"x\"]", {{"op", "active"}, {"unit", "--root=/"}, {"was_active", true}}};
  auto undone = provider.undo(evil, ctx_, cp);
  ASSERT_FALSE(undone);
  EXPECT_EQ(undone.error().code, "E3405");
  EXPECT_TRUE(runner_.calls.empty());
}

}  // namespace
}  // namespace twin::resources
