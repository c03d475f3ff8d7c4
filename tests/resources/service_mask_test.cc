// `masked` of the service resource against the REAL systemctl on a sandbox
// root (every call carries --root=SANDBOX): what is planned, what apply
// leaves under ROOT/etc/systemd/system, and that undo puts every link back
// byte-exactly, a mask made by hand included.
#include <gtest/gtest.h>

#include <filesystem>

#include "resources/service_actions.h"
#include "resources/service_provider.h"
#include "resources/unit_files.h"
#include "tests/resources/service_sandbox.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::resources {
namespace {

using twin::testing::tree_fingerprint;

class ServiceMask : public ServiceSandbox {
 protected:
  fs::path etc(const std::string& name) { return root_ / "etc/systemd/system" / name; }
  std::string state_of(const std::string& unit) {
    engine::Host h = host();
    auto states = observe_unit_file_states(h, {unit});
    EXPECT_TRUE(states) << states.error().text();
    return states ? states->at(unit) : "";
  }
  std::vector<std::string> actions(const engine::Step& step) {
    std::vector<std::string> names;
    for (const auto& change : step.changes) names.emplace_back(engine::action_name(change.action));
    return names;
  }
  // Plans `decls`, expects one step doing `want`, applies it, expects the
  // next plan to be empty, undoes from the journal on disk and expects the
  // root exactly as before.
  void round_trip(const std::vector<engine::Resource>& decls,
                  const std::vector<std::string>& want,
                  const std::function<void()>& check_applied) {
    auto before = tree_fingerprint(root_);
    ServiceProvider provider;
    auto steps = plan(provider, decls);
    ASSERT_TRUE(steps) << steps.error().text();
    ASSERT_EQ(steps->size(), 1u);
    EXPECT_EQ(actions((*steps)[0]), want);
    auto cp = checkpoint();
    apply_all(provider, *steps, cp);
    check_applied();
    auto again = plan(provider, decls);
    ASSERT_TRUE(again) << again.error().text();
    EXPECT_TRUE(again->empty());
    auto reopened = engine::Checkpoint::open(cp.dir());
    ASSERT_TRUE(reopened);
    undo_all(provider, *reopened);
    EXPECT_EQ(tree_fingerprint(root_), before);
  }
};

TEST_F(ServiceMask, MaskAndUndo) {
  std::vector<engine::Resource> decls = {make_decl("service", "foo", {{"masked", true}})};
  ServiceProvider provider;
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].primary(), service_action::kMask);
  EXPECT_EQ((*steps)[0].changes[0].description, "mask (now: disabled)");
  round_trip(decls, {"MASK"}, [&] {
    EXPECT_EQ(fs::read_symlink(etc("foo.service")), "/dev/null");
    EXPECT_EQ(state_of("foo.service"), "masked");
  });
}

TEST_F(ServiceMask, UndoRemovesTheDirectoriesMaskCreated) {
  fs::remove_all(root_ / "etc");
  round_trip({make_decl("service", "foo", {{"masked", true}})}, {"MASK"},
             [&] { EXPECT_TRUE(fs::is_symlink(etc("foo.service"))); });
  EXPECT_FALSE(fs::exists(root_ / "etc"));
}

TEST_F(ServiceMask, UnmaskingAHandMadeMaskIsUndoneExactly) {
  // The fixture's ETC/masked.service -> /dev/null was made by hand, not by
  // systemctl; undo must make that very link again.
  ASSERT_EQ(state_of("masked.service"), "masked");
  std::vector<engine::Resource> decls = {make_decl("service", "masked", {{"masked", false}})};
  ServiceProvider provider;
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].changes[0].description, "unmask (now: masked)");
  round_trip(decls, {"UNMASK"}, [&] {
    EXPECT_FALSE(fs::exists(fs::symlink_status(etc("masked.service"))));
    EXPECT_EQ(state_of("masked.service"), "disabled");
  });
  EXPECT_EQ(fs::read_symlink(etc("masked.service")), "/dev/null");
}

TEST_F(ServiceMask, UnmaskThenEnableInOneStep) {
  std::vector<engine::Resource> decls = {
      make_decl("service", "masked", {{"enabled", true}, {"masked", false}})};
  ServiceProvider provider;
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].primary(), service_action::kUnmask);
  EXPECT_EQ((*steps)[0].changes[1].description, "enable at boot (now: masked)");
  round_trip(decls, {"UNMASK", "ENABLE"}, [&] {
    EXPECT_FALSE(fs::exists(fs::symlink_status(etc("masked.service"))));
    EXPECT_EQ(fs::read_symlink(wants("masked.service")), "/lib/systemd/system/masked.service");
  });
}

// A unit enabled, then masked: the mask hides its links, and systemctl
// ignores a disable while it is masked, so UNMASK must come first.
TEST_F(ServiceMask, UnmaskThenDisableRemovesTheLinksTheMaskHid) {
  systemctl({"enable", "foo.service"});
  systemctl({"mask", "foo.service"});
  ASSERT_TRUE(fs::is_symlink(wants("foo.service")));
  std::vector<engine::Resource> decls = {
      make_decl("service", "foo", {{"enabled", false}, {"masked", false}})};
  ServiceProvider provider;
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].changes[1].description,
            "disable at boot (now: masked; links may remain under it)");
  round_trip(decls, {"UNMASK", "DISABLE"}, [&] {
    EXPECT_FALSE(fs::exists(fs::symlink_status(wants("foo.service"))));
    EXPECT_EQ(state_of("foo.service"), "disabled");
  });
}

TEST_F(ServiceMask, DisableThenMaskAnEnabledUnit) {
  systemctl({"enable", "foo.service"});
  round_trip({make_decl("service", "foo", {{"enabled", false}, {"masked", true}})},
             {"DISABLE", "MASK"}, [&] {
               EXPECT_FALSE(fs::exists(fs::symlink_status(wants("foo.service"))));
               EXPECT_EQ(state_of("foo.service"), "masked");
             });
}

TEST_F(ServiceMask, WhatAlreadyHoldsPlansNothing) {
  ServiceProvider provider;
  std::vector<engine::Resource> decls = {
      make_decl("service", "foo", {{"masked", false}}),
      make_decl("service", "static", {{"masked", false}}),
      make_decl("service", "masked", {{"masked", true}}),
      make_decl("service", "masked.service", {{"masked", true}, {"enabled", false}})};
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  EXPECT_TRUE(steps->empty());
}

// `systemctl unmask` removes ETC/UNIT only and exits 0 whatever else masks
// the unit: planning UNMASK there would plan it again after every apply.
TEST_F(ServiceMask, MasksUnmaskCannotLiftAreRefused) {
  fs::create_directories(root_ / "run/systemd/system");
  fs::create_symlink("/dev/null", root_ / "run/systemd/system/foo.service");
  fs::create_symlink("/dev/null", root_ / "lib/systemd/system/vendor.service");
  ServiceProvider provider;
  auto runtime = plan(provider, {make_decl("service", "foo", {{"masked", false}})});
  ASSERT_FALSE(runtime);
  EXPECT_EQ(runtime.error().code, "E3404");
  EXPECT_EQ(runtime.error().message,
            "unit foo.service cannot be unmasked: it is masked at runtime under "
            "/run/systemd/system, which `systemctl unmask` leaves alone; it ends at the next "
            "boot");
  auto vendor = plan(provider, {make_decl("service", "vendor", {{"masked", false}})});
  ASSERT_FALSE(vendor);
  EXPECT_EQ(vendor.error().code, "E3404");
  EXPECT_EQ(vendor.error().message,
            "unit vendor.service cannot be unmasked: its mask is not in /etc/systemd/system "
            "(its vendor masks it)");
}

TEST_F(ServiceMask, MaskingOverAUnitFileInEtcFailsAndChangesNothing) {
  write_text(etc("local.service"), kInstallable);
  auto before = tree_fingerprint(root_);
  ServiceProvider provider;
  std::vector<engine::Resource> decls = {make_decl("service", "local", {{"masked", true}})};
  auto steps = plan(provider, decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  auto cp = checkpoint();
  engine::Host h = host();
  engine::Context ctx{h, dir_.path()};
  auto st = provider.apply((*steps)[0], ctx, cp);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, "E3401");
  EXPECT_EQ(st.error().message, "systemctl failed: Failed to mask unit, file \"" +
                                    etc("local.service").string() + "\" already exists.");
  EXPECT_EQ(tree_fingerprint(root_), before);
  undo_all(provider, cp);  // recorded before the attempt; undoing it keeps the root
  EXPECT_EQ(tree_fingerprint(root_), before);
}

TEST_F(ServiceMask, MaskedTrueRefusesEnabledOrRunningTrue) {
  engine::Resource decl = make_decl(
      "service", "foo", {{"enabled", true}, {"masked", true}, {"running", true}});
  lang::DiagnosticSink sink;
  EXPECT_FALSE(read_service_spec(decl, sink).has_value());
  ASSERT_EQ(sink.all().size(), 2u);
  const auto& enabled = sink.all()[0];
  EXPECT_EQ(enabled.code, "E0330");
  EXPECT_EQ(enabled.message,
            "`enabled = true` contradicts `masked = true`: a masked unit cannot start at boot");
  EXPECT_EQ(span_text(enabled.span), "enabled");
  EXPECT_EQ(enabled.hint, "remove `enabled`, or declare `masked = false`");
  ASSERT_EQ(enabled.related.size(), 1u);
  EXPECT_EQ(span_text(enabled.related[0].span), "masked");
  EXPECT_EQ(enabled.related[0].message, "masked here");
  const auto& running = sink.all()[1];
  EXPECT_EQ(running.code, "E0330");
  EXPECT_EQ(running.message,
            "`running = true` contradicts `masked = true`: a masked unit cannot run");
  EXPECT_EQ(span_text(running.span), "running");

  // What a masked unit can be declared with.
  for (const auto& fine :
       {make_decl("service", "foo", {{"enabled", false}, {"masked", true}, {"running", false}}),
        make_decl("service", "foo", {{"enabled", true}, {"masked", false}, {"running", true}})}) {
    lang::DiagnosticSink none;
    auto spec = read_service_spec(fine, none);
    ASSERT_TRUE(spec.has_value());
    EXPECT_TRUE(spec->masked.has_value());
    EXPECT_TRUE(none.empty());
  }
}

TEST_F(ServiceMask, AMalformedMaskRecordIsRefused) {
  ServiceProvider provider;
  engine::Host h = host();
  engine::Context ctx{h, dir_.path()};
  auto cp = checkpoint();
  engine::UndoRecord no_snapshot{
      "service", "service[\"foo\"]", {{"op", "mask"}, {"unit", "foo.service"}, {"was", "disabled"}}};
  auto undone = provider.undo(no_snapshot, ctx, cp);
  ASSERT_FALSE(undone);
  EXPECT_EQ(undone.error().code, "E3405");
  EXPECT_EQ(undone.error().message, "malformed service undo record: no previous state");
}

}  // namespace
}  // namespace twin::resources
