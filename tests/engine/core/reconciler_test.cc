#include "engine/core/reconciler.h"

#include <gtest/gtest.h>

namespace twin::engine {
namespace {

class NoCommands : public CommandRunner {
 public:
  Result<CommandOutput> run(const Command& c) override {
    return make_error("E9998", "no command may run in this test", c.program);
  }
};

/// Accepts everything and plans one step per resource.
class EchoProvider : public Provider {
 public:
  explicit EchoProvider(std::string type) : type_(std::move(type)) {}
  std::string_view type() const override { return type_; }
  void validate(const Resource&, const Context&, lang::DiagnosticSink&) const override {}
  Result<std::vector<Step>> plan(std::span<const Resource* const> resources,
                                 const Context&) override {
    ++plan_calls;
    std::vector<Step> steps;
    for (const Resource* r : resources)
      steps.push_back({r, type_, r->address(), {{Action::kCreate, "", std::nullopt}}});
    return steps;
  }
  Status apply(const Step&, const Context&, Checkpoint&) override { return {}; }
  Status undo(const UndoRecord&, const Context&, const Checkpoint&) override { return {}; }
  int plan_calls = 0;

 private:
  std::string type_;
};

struct Fixture {
  NoCommands runner;
  Host host{"/", runner};
  Context ctx{host, "/nonexistent-twin"};
  ProviderRegistry registry;
  EchoProvider* file;
  EchoProvider* package;
  lang::SourcePtr src = lang::make_source("state/a.twin",
                                          "file \"/a\" {}\npakage \"x\" {}\nfile \"/a\" {}\n");

  Fixture() {
    auto f = std::make_unique<EchoProvider>("file");
    auto p = std::make_unique<EchoProvider>("package");
    file = f.get();
    package = p.get();
    registry.add(std::move(f));
    registry.add(std::move(p));
  }
  Resource make(std::string type, std::string title, std::size_t at) {
    Resource r;
    r.type = std::move(type);
    r.title = std::move(title);
    r.type_span = {src, at, at + r.type.size()};
    r.title_span = {src, at + r.type.size() + 1, at + r.type.size() + 1 + r.title.size() + 2};
    return r;
  }
};

TEST(Reconciler, UnknownTypeSuggestsTheClosestKnownOne) {
  Fixture f;
  std::vector<Resource> rs = {f.make("pakage", "x", 13)};
  lang::DiagnosticSink sink;
  EXPECT_FALSE(prepare(rs, f.registry, f.ctx, sink).has_value());
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0201");
  EXPECT_EQ(sink.all()[0].message, "unknown resource type `pakage`");
  EXPECT_EQ(sink.all()[0].hint, "did you mean `package`?");
  EXPECT_EQ(sink.all()[0].span.where(), "state/a.twin:2:1");
}

TEST(Reconciler, DuplicateResourceShowsBothPlaces) {
  Fixture f;
  std::vector<Resource> rs = {f.make("file", "/a", 0), f.make("file", "/a", 27)};
  lang::DiagnosticSink sink;
  EXPECT_FALSE(prepare(rs, f.registry, f.ctx, sink).has_value());
  ASSERT_EQ(sink.all().size(), 1u);
  const auto& d = sink.all()[0];
  EXPECT_EQ(d.code, "E0202");
  EXPECT_EQ(d.message, "duplicate resource file[\"/a\"]");
  EXPECT_EQ(d.span.where(), "state/a.twin:3:6");
  ASSERT_EQ(d.related.size(), 1u);
  EXPECT_EQ(d.related[0].span.where(), "state/a.twin:1:6");
}

TEST(Reconciler, ObservesEachTypeOnceAndKeepsDeclarationOrder) {
  Fixture f;
  std::vector<Resource> rs = {f.make("file", "/a", 0), f.make("package", "x", 0),
                              f.make("file", "/b", 0)};
  lang::DiagnosticSink sink;
  auto prepared = prepare(rs, f.registry, f.ctx, sink);
  ASSERT_TRUE(prepared.has_value());
  auto plan = compute_plan(*prepared, f.registry, f.ctx);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(f.file->plan_calls, 1);
  EXPECT_EQ(f.package->plan_calls, 1);
  ASSERT_EQ(plan->steps.size(), 3u);
  EXPECT_EQ(plan->steps[0].address, "file[\"/a\"]");
  EXPECT_EQ(plan->steps[1].address, "package[\"x\"]");
  EXPECT_EQ(plan->steps[2].address, "file[\"/b\"]");
}

}  // namespace
}  // namespace twin::engine

namespace twin::engine {
namespace {

/// A verb of the test's own provider: the engine knows none but the common
/// file verbs, and orders any `runtime` one like a restart.
constexpr Action kTestRestart{"RESTART", Effect::kChanges, true, 99};

/// A service-like type: plans nothing itself, restarts when refreshed.
class RefreshableProvider : public EchoProvider {
 public:
  RefreshableProvider() : EchoProvider("svc") {}
  Result<std::vector<Step>> plan(std::span<const Resource* const>, const Context&) override {
    return std::vector<Step>{};
  }
  std::optional<Change> refresh(const Resource&) const override {
    return Change{kTestRestart, "restart", std::nullopt, {}};
  }
};

TEST(Reconciler, NotifyAddsARestartBecauseOfTheChangeAndStepsKnowTheirDependencies) {
  Fixture f;
  f.registry.add(std::make_unique<RefreshableProvider>());
  std::vector<Resource> rs = {f.make("svc", "web", 0), f.make("file", "/conf", 0),
                              f.make("file", "/other", 0)};
  // file["/conf"] notifies svc["web"]; file["/other"] requires file["/conf"].
  Resource& conf = rs[1];
  conf.attributes.push_back(
      {"notify", lang::Value{lang::Reference{"svc", "web"}, conf.title_span}, {}});
  rs[2].attributes.push_back(
      {"require", lang::Value{lang::Reference{"file", "/conf"}, rs[2].title_span}, {}});
  lang::DiagnosticSink sink;
  auto prepared = prepare(rs, f.registry, f.ctx, sink);
  ASSERT_TRUE(prepared.has_value()) << sink.all().size();
  auto plan = compute_plan(*prepared, f.registry, f.ctx);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->steps.size(), 3u);
  EXPECT_EQ(plan->steps[0].address, "file[\"/conf\"]");
  EXPECT_EQ(plan->steps[1].address, "svc[\"web\"]");
  EXPECT_EQ(plan->steps[1].primary(), kTestRestart);
  EXPECT_EQ(plan->steps[1].changes[0].description, "because file[\"/conf\"] changes");
  EXPECT_EQ(plan->steps[1].depends_on, std::vector<std::string>{"file[\"/conf\"]"});
  EXPECT_EQ(plan->steps[2].address, "file[\"/other\"]");
  EXPECT_EQ(plan->steps[2].depends_on, std::vector<std::string>{"file[\"/conf\"]"});
}

TEST(Reconciler, ContentThatLooksSecretIsMaskedWhateverTheProviderSays) {
  class SecretProvider : public EchoProvider {
   public:
    SecretProvider() : EchoProvider("secret") {}
    Result<std::vector<Step>> plan(std::span<const Resource* const> rs, const Context&) override {
      Change c{Action::kReplace, "content",
               ContentDiff{"a", "b", "x\n", "-----BEGIN RSA PRIVATE KEY-----\nAAA\n"}, {}};
      return std::vector<Step>{{rs[0], "secret", rs[0]->address(), {c}, {}}};
    }
  };
  Fixture f;
  f.registry.add(std::make_unique<SecretProvider>());
  std::vector<Resource> rs = {f.make("secret", "k", 0)};
  lang::DiagnosticSink sink;
  auto prepared = prepare(rs, f.registry, f.ctx, sink);
  ASSERT_TRUE(prepared.has_value());
  auto plan = compute_plan(*prepared, f.registry, f.ctx);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->steps[0].changes[0].diff->sensitive);
}

}  // namespace
}  // namespace twin::engine
