#include "engine/core/graph.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace twin::engine {
namespace {

struct GraphFixture {
  lang::SourcePtr src = lang::make_source("state/g.twin", std::string(200, ' '));
  std::vector<Resource> resources;
  std::vector<std::vector<Dependency>> deps;
  std::vector<bool> removal;

  std::size_t add(std::string type, std::string title, bool removing = false) {
    Resource r;
    r.type = std::move(type);
    r.title = std::move(title);
    resources.push_back(std::move(r));
    deps.emplace_back();
    removal.push_back(removing);
    return resources.size() - 1;
  }
  void depend(std::size_t on, std::string address, EdgeKind kind, std::size_t at) {
    deps[on].push_back({std::move(address), kind, {src, at, at + 1}});
  }
  std::vector<std::string> order() {
    lang::DiagnosticSink sink;
    auto g = ResourceGraph::build(resources, deps, removal, sink);
    auto o = g.order(sink);
    std::vector<std::string> names;
    if (!o) return {"<cycle>"};
    for (auto i : *o) names.push_back(resources[i].title);
    return names;
  }
};

TEST(Graph, NoEdgesKeepsDeclarationOrder) {
  GraphFixture f;
  f.add("file", "a");
  f.add("file", "b");
  f.add("file", "c");
  EXPECT_EQ(f.order(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Graph, EveryEdgeKindOrdersItsEnds) {
  GraphFixture f;
  auto a = f.add("service", "a");
  auto b = f.add("file", "b");
  auto c = f.add("file", "c");
  auto d = f.add("file", "d");
  f.depend(a, "file[\"b\"]", EdgeKind::kRequire, 0);    // b before a
  f.depend(c, "service[\"a\"]", EdgeKind::kBefore, 1);  // c before a
  f.depend(d, "file[\"c\"]", EdgeKind::kSubscribe, 2);  // c before d
  (void)b;
  EXPECT_EQ(f.order(), (std::vector<std::string>{"b", "c", "a", "d"}));
}

TEST(Graph, TiesAreBrokenByDeclarationOrderDeterministically) {
  GraphFixture f;
  auto z = f.add("file", "z");
  f.add("file", "y");
  f.add("file", "x");
  f.depend(z, "file[\"x\"]", EdgeKind::kRequire, 0);
  auto first = f.order();
  EXPECT_EQ(first, (std::vector<std::string>{"y", "x", "z"}));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(f.order(), first);
}

TEST(Graph, RemovalsRunInReverseDependencyOrder) {
  GraphFixture f;
  f.add("file", "/etc/app", /*removing=*/true);
  auto child = f.add("file", "/etc/app/x", /*removing=*/true);
  f.depend(child, "file[\"/etc/app\"]", EdgeKind::kImplicit, 0);
  EXPECT_EQ(f.order(), (std::vector<std::string>{"/etc/app/x", "/etc/app"}));
}

TEST(Graph, ImplicitDependencyOnUndeclaredResourceIsIgnoredButExplicitIsAnError) {
  GraphFixture f;
  auto a = f.add("file", "/etc/app/x");
  f.depend(a, "file[\"/etc/app\"]", EdgeKind::kImplicit, 0);
  f.depend(a, "package[\"app\"]", EdgeKind::kRequire, 5);
  lang::DiagnosticSink sink;
  auto g = ResourceGraph::build(f.resources, f.deps, f.removal, sink);
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_EQ(sink.all()[0].code, "E0210");
  EXPECT_EQ(sink.all()[0].message, "require refers to package[\"app\"], which is not declared");
  EXPECT_EQ(sink.all()[0].span.where(), "state/g.twin:1:6");
  EXPECT_TRUE(g.edges().empty());
}

TEST(Graph, CycleIsReportedWholeWithEachEdgeLocation) {
  GraphFixture f;
  auto a = f.add("file", "a");
  auto b = f.add("file", "b");
  auto c = f.add("file", "c");
  f.add("file", "free");
  f.depend(a, "file[\"c\"]", EdgeKind::kRequire, 10);  // c -> a
  f.depend(b, "file[\"a\"]", EdgeKind::kRequire, 20);  // a -> b
  f.depend(c, "file[\"b\"]", EdgeKind::kRequire, 30);  // b -> c
  lang::DiagnosticSink sink;
  auto g = ResourceGraph::build(f.resources, f.deps, f.removal, sink);
  EXPECT_FALSE(g.order(sink).has_value());
  ASSERT_EQ(sink.all().size(), 1u);
  const auto& d = sink.all()[0];
  EXPECT_EQ(d.code, "E0211");
  // The cycle is named in execution direction, starting anywhere on it.
  EXPECT_TRUE(d.message == "dependency cycle: file[\"c\"] -> file[\"a\"] -> file[\"b\"] -> file[\"c\"]" ||
              d.message == "dependency cycle: file[\"a\"] -> file[\"b\"] -> file[\"c\"] -> file[\"a\"]" ||
              d.message == "dependency cycle: file[\"b\"] -> file[\"c\"] -> file[\"a\"] -> file[\"b\"]")
      << d.message;
  ASSERT_EQ(d.related.size(), 3u);
  std::vector<std::string> where;
  for (const auto& l : d.related) where.push_back(l.span.where());
  std::sort(where.begin(), where.end());
  EXPECT_EQ(where, (std::vector<std::string>{"state/g.twin:1:11", "state/g.twin:1:21",
                                             "state/g.twin:1:31"}));
}

TEST(Graph, SelfDependencyIsACycle) {
  GraphFixture f;
  auto a = f.add("file", "a");
  f.depend(a, "file[\"a\"]", EdgeKind::kRequire, 0);
  EXPECT_EQ(f.order(), (std::vector<std::string>{"<cycle>"}));
}

}  // namespace
}  // namespace twin::engine
