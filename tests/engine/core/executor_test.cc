// The executor's ordering and rollback, proven with an in-memory provider
// (the file provider's real rollback is tested in tests/resources/).
#include "engine/core/executor.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/support/temp_dir.h"

namespace twin::engine {
namespace {

/// Keeps "machine state" in a map; fails to apply any title listed in fail_on.
class MemoryProvider : public Provider {
 public:
  std::map<std::string, std::string> state;
  std::set<std::string> fail_on;
  bool batch = false;                    // claim to batch steps like a package manager
  std::vector<std::size_t> group_sizes;  // what apply_group was handed

  bool batches_steps() const override { return batch; }
  GroupResult apply_group(std::span<const Step* const> steps, const Context& ctx,
                          Checkpoint& cp) override {
    group_sizes.push_back(steps.size());
    return Provider::apply_group(steps, ctx, cp);
  }

  std::string_view type() const override { return "memory"; }
  void validate(const Resource&, const Context&, lang::DiagnosticSink&) const override {}
  Result<std::vector<Step>> plan(std::span<const Resource* const> resources,
                                 const Context&) override {
    std::vector<Step> steps;
    for (const Resource* r : resources)
      if (state[r->title] != *r->get_string("value"))
        steps.push_back({r, "memory", r->address(), {{Action::kReplace, "value", std::nullopt}}});
    return steps;
  }
  Status apply(const Step& step, const Context&, Checkpoint& cp) override {
    const std::string& title = step.resource->title;
    if (auto st = cp.record({"memory", step.address, {{"title", title}, {"old", state[title]}}}); !st)
      return st;
    if (fail_on.count(title)) return make_error("E9999", "injected failure", title);
    state[title] = *step.resource->get_string("value");
    return {};
  }
  Status undo(const UndoRecord& record, const Context&, const Checkpoint&) override {
    state[record.data["title"]] = record.data["old"];
    return {};
  }
};

/// The executor itself never runs commands; providers do.
class NoCommands : public CommandRunner {
 public:
  Result<CommandOutput> run(const Command& c) override {
    return make_error("E9998", "no command may run in this test", c.program);
  }
};

Resource memory_resource(std::string title, std::string value) {
  Resource r;
  r.type = "memory";
  r.title = std::move(title);
  r.attributes.push_back({"value", lang::Value{std::move(value), {}}, {}});
  return r;
}

struct Fixture {
  twin::testing::TempDir tmp;
  NoCommands runner;
  Host host{tmp.path(), runner};
  Context ctx{host, tmp.path()};
  ProviderRegistry registry;
  MemoryProvider* memory;
  std::vector<Resource> resources = {memory_resource("a", "1"), memory_resource("b", "2"),
                                     memory_resource("c", "3")};
  std::vector<std::string> progress;

  Fixture() {
    auto p = std::make_unique<MemoryProvider>();
    memory = p.get();
    registry.add(std::move(p));
  }
  ApplyReport apply(ExecuteOptions options = {},
                    std::map<std::string, std::vector<std::string>> depends = {}) {
    std::vector<const Resource*> ptrs;
    for (auto& r : resources) ptrs.push_back(&r);
    auto steps = memory->plan(ptrs, ctx);
    Plan plan{*steps, {}};
    for (auto& step : plan.steps) step.depends_on = depends[step.resource->title];
    auto cp = Checkpoint::create(tmp / "cp");
    return execute_plan(plan, registry, ctx, *cp,
                        [this](std::string_view l) { progress.emplace_back(l); }, options);
  }
};

TEST(Executor, AppliesEveryStepInOrder) {
  Fixture f;
  auto report = f.apply();
  EXPECT_TRUE(report.succeeded());
  EXPECT_EQ(report.applied, (std::vector<std::string>{"memory[\"a\"]", "memory[\"b\"]",
                                                      "memory[\"c\"]"}));
  EXPECT_EQ(f.memory->state["c"], "3");
  EXPECT_EQ(twin::testing::read_text(f.tmp / "cp" / "outcome"), "completed\n");
}

// A long apply says what it is doing as each step starts, before it ends.
TEST(Executor, SaysWhichStepStartsBeforeItsDoneLine) {
  Fixture f;
  std::vector<std::string> events;
  ExecuteOptions options;
  options.on_step_start = [&](std::size_t index, std::size_t total, const Step& step) {
    events.push_back(std::to_string(index) + "/" + std::to_string(total) + " " + step.address);
    f.progress.push_back("start " + step.address);
  };
  f.apply(options);
  EXPECT_EQ(events, (std::vector<std::string>{"1/3 memory[\"a\"]", "2/3 memory[\"b\"]",
                                               "3/3 memory[\"c\"]"}));
  ASSERT_GE(f.progress.size(), 2u);
  EXPECT_EQ(f.progress[0], "start memory[\"a\"]");
  EXPECT_NE(f.progress[1].find("memory[\"a\"]: done"), std::string::npos) << f.progress[1];
}

TEST(Executor, FailureMidwayUndoesCompletedStepsInReverse) {
  Fixture f;
  f.memory->state = {{"a", "old-a"}, {"b", "old-b"}, {"c", "old-c"}};
  f.memory->fail_on = {"c"};
  auto report = f.apply();
  ASSERT_FALSE(report.succeeded());
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_EQ(report.failures[0].address, "memory[\"c\"]");
  EXPECT_EQ(report.failures[0].error.message, "injected failure");
  EXPECT_TRUE(report.rolled_back);
  EXPECT_EQ(f.memory->state, (std::map<std::string, std::string>{
                                 {"a", "old-a"}, {"b", "old-b"}, {"c", "old-c"}}));
  EXPECT_EQ(f.progress, (std::vector<std::string>{
                            "REPLACE memory[\"a\"]: done",
                            "REPLACE memory[\"b\"]: done",
                            "REPLACE memory[\"c\"]: FAILED: injected failure (c)",
                            "Rolling back 3 recorded change(s) in reverse order:",
                            "  undone: memory[\"c\"]",
                            "  undone: memory[\"b\"]",
                            "  undone: memory[\"a\"]",
                        }));
  EXPECT_EQ(twin::testing::read_text(f.tmp / "cp" / "outcome"), "rolled-back\n");
}

TEST(Executor, NonAtomicKeepsSuccessesAndSkipsDependentsOfAFailure) {
  Fixture f;
  f.resources.push_back(memory_resource("d", "4"));
  f.memory->state = {{"a", "old-a"}, {"b", "old-b"}, {"c", "old-c"}, {"d", "old-d"}};
  f.memory->fail_on = {"a"};
  // b depends on a (fails), c on b (skipped in turn), d on nothing.
  auto report = f.apply({.atomic = false},
                        {{"b", {"memory[\"a\"]"}}, {"c", {"memory[\"b\"]"}}});
  EXPECT_FALSE(report.succeeded());
  EXPECT_FALSE(report.rolled_back);
  EXPECT_EQ(report.applied, (std::vector<std::string>{"memory[\"d\"]"}));
  EXPECT_EQ(report.skipped, (std::vector<std::string>{"memory[\"b\"]", "memory[\"c\"]"}));
  EXPECT_EQ(f.memory->state["a"], "old-a");
  EXPECT_EQ(f.memory->state["b"], "old-b");
  EXPECT_EQ(f.memory->state["d"], "4");
  EXPECT_EQ(f.progress[1], "REPLACE memory[\"b\"]: skipped (a step it depends on failed)");
  EXPECT_EQ(twin::testing::read_text(f.tmp / "cp" / "outcome"), "partial\n");
}

TEST(Executor, RollbackFromAReopenedCheckpointRestoresState) {
  Fixture f;
  f.memory->state = {{"a", "old-a"}, {"b", "old-b"}, {"c", "old-c"}};
  ASSERT_TRUE(f.apply().succeeded());
  auto cp = Checkpoint::open(f.tmp / "cp");
  ASSERT_TRUE(cp.ok());
  auto errors = rollback(*cp, f.registry, f.ctx, [](std::string_view) {});
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(f.memory->state["a"], "old-a");
  EXPECT_EQ(f.memory->state["c"], "old-c");
}

std::vector<std::string> completed_steps(const std::filesystem::path& cp) {
  auto reopened = Checkpoint::open(cp);
  std::vector<std::string> out;
  for (const auto& step : reopened->steps_done()) out.push_back(step.action + " " + step.address);
  return out;
}

TEST(Executor, JournalsEachCompletedStepOneAtATime) {
  Fixture f;
  f.memory->state = {{"a", "old-a"}, {"b", "old-b"}, {"c", "old-c"}};
  ASSERT_TRUE(f.apply().succeeded());
  EXPECT_EQ(completed_steps(f.tmp / "cp"),
            (std::vector<std::string>{"REPLACE memory[\"a\"]", "REPLACE memory[\"b\"]",
                                      "REPLACE memory[\"c\"]"}));
  // A provider that does not batch gets one step at a time, so a kill
  // between two steps finds the first one journaled as done.
  EXPECT_EQ(f.memory->group_sizes, (std::vector<std::size_t>{1, 1, 1}));
}

TEST(Executor, ABatchingProviderGetsTheRunOfItsSteps) {
  Fixture f;
  f.memory->batch = true;
  ASSERT_TRUE(f.apply().succeeded());
  EXPECT_EQ(f.memory->group_sizes, (std::vector<std::size_t>{3}));
  EXPECT_EQ(completed_steps(f.tmp / "cp").size(), 3u);
}

TEST(Executor, AFailedStepIsNotJournaledAsDone) {
  Fixture f;
  f.memory->fail_on = {"b"};
  auto report = f.apply();
  ASSERT_FALSE(report.succeeded());
  EXPECT_EQ(completed_steps(f.tmp / "cp"), (std::vector<std::string>{"REPLACE memory[\"a\"]"}));
}

TEST(Executor, AResumedCheckpointRollsBackBothRuns) {
  Fixture f;
  f.memory->state = {{"a", "old-a"}, {"b", "old-b"}, {"c", "old-c"}};
  // A first run did a; the resumed run does b, then c fails: a is undone too.
  {
    auto cp = Checkpoint::create(f.tmp / "cp");
    Resource a = memory_resource("a", "1");
    Plan first{{{&a, "memory", a.address(), {{Action::kReplace, "value", std::nullopt}}}}, {}};
    execute_plan(first, f.registry, f.ctx, *cp, [](std::string_view) {});
    std::filesystem::remove(f.tmp / "cp" / "outcome");  // as if killed before finishing
  }
  ASSERT_EQ(f.memory->state["a"], "1");
  auto cp = Checkpoint::open(f.tmp / "cp");
  ASSERT_TRUE(cp.ok());
  f.memory->fail_on = {"c"};
  std::vector<const Resource*> rest = {&f.resources[1], &f.resources[2]};
  Plan remaining{*f.memory->plan(rest, f.ctx), {}};
  auto report = execute_plan(remaining, f.registry, f.ctx, *cp, [](std::string_view) {});
  EXPECT_TRUE(report.rolled_back);
  EXPECT_EQ(f.memory->state, (std::map<std::string, std::string>{
                                 {"a", "old-a"}, {"b", "old-b"}, {"c", "old-c"}}));
}

}  // namespace
}  // namespace twin::engine
