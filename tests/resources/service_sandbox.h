// Test support for the service provider: declarations built in C++ with
// spans into a rendered manifest, and ServiceSandbox, a root with unit files
// under ROOT/lib/systemd/system (foo, bar, tpl@ installable; static.service
// with no [Install]; masked.service masked by hand, ETC/masked.service ->
// /dev/null) on which the REAL systemctl runs, always with --root=ROOT.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/checkpoint.h"
#include "resources/process_runner.h"
#include "resources/service_provider.h"
#include "tests/support/temp_dir.h"

namespace twin::resources {

namespace fs = std::filesystem;
using twin::testing::TempDir;
using twin::testing::write_text;

// --- declarations built in C++, with spans into a rendered manifest -------

struct AttrSpec {
  std::string name;
  lang::Value::Data value;
};

inline std::string literal(const lang::Value::Data& data) {
  if (auto* b = std::get_if<bool>(&data)) return *b ? "true" : "false";
  if (auto* s = std::get_if<std::string>(&data)) return "\"" + *s + "\"";
  return std::to_string(std::get<std::int64_t>(data));
}

// Renders `service "TITLE" { name = value ... }` and points every span of
// the declaration into that text, as the parser would.
inline engine::Resource make_decl(const std::string& type, const std::string& title,
                           const std::vector<AttrSpec>& attrs) {
  engine::Resource decl;
  std::string text;
  decl.type = type;
  decl.title = title;
  decl.type_span = {nullptr, 0, type.size()};
  text = type + " ";
  decl.title_span = {nullptr, text.size(), text.size() + title.size() + 2};
  text += "\"" + title + "\" {\n";
  for (const auto& attr : attrs) {
    text += "  ";
    lang::Attribute a;
    a.name = attr.name;
    a.name_span = {nullptr, text.size(), text.size() + attr.name.size()};
    text += attr.name + " = ";
    std::string lit = literal(attr.value);
    a.value.data = attr.value;
    a.value.span = {nullptr, text.size(), text.size() + lit.size()};
    text += lit + "\n";
    decl.attributes.push_back(std::move(a));
  }
  text += "}\n";
  auto src = lang::make_source("test.twin", text);
  decl.type_span.file = decl.title_span.file = src;
  decl.span = {src, 0, text.size()};
  for (auto& a : decl.attributes) a.name_span.file = a.value.span.file = src;
  return decl;
}

inline std::string span_text(const lang::Span& span) {
  return span.file->text().substr(span.begin, span.end - span.begin);
}

// --- a sandbox root with unit files ---------------------------------------

inline constexpr char kInstallable[] =
    "[Unit]\nDescription=test\n[Service]\nExecStart=/bin/true\n[Install]\n"
    "WantedBy=multi-user.target\n";

class ServiceSandbox : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/bin/systemctl")) GTEST_SKIP() << "systemctl is not installed";
    root_ = dir_ / "root";
    fs::path units = root_ / "lib/systemd/system";
    write_text(units / "multi-user.target", "[Unit]\nDescription=Multi-User\n");
    write_text(units / "graphical.target", "[Unit]\nDescription=Graphical\n");
    write_text(units / "foo.service", kInstallable);
    write_text(units / "bar.service", kInstallable);
    write_text(units / "tpl@.service", kInstallable);
    write_text(units / "static.service", "[Unit]\nDescription=s\n[Service]\nExecStart=/bin/true\n");
    write_text(units / "masked.service", kInstallable);
    fs::create_directories(root_ / "etc/systemd/system");
    fs::create_symlink("/dev/null", root_ / "etc/systemd/system/masked.service");
  }

  engine::Host host() { return engine::Host(root_, runner_); }
  fs::path wants(const std::string& unit) {
    return root_ / "etc/systemd/system/multi-user.target.wants" / unit;
  }
  // Runs the real systemctl on the sandbox, for setting up a state.
  void systemctl(std::vector<std::string> args) {
    engine::Command cmd;
    cmd.program = "/bin/systemctl";
    cmd.args = {"--root=" + root_.string()};
    cmd.args.insert(cmd.args.end(), args.begin(), args.end());
    cmd.env = {{"LC_ALL", "C"}, {"SYSTEMD_PAGER", ""}, {"SYSTEMD_COLORS", "0"}};
    auto out = runner_.run(cmd);
    ASSERT_TRUE(out && out->succeeded()) << (out ? out->err : out.error().text());
  }
  engine::Checkpoint checkpoint() {
    auto cp = engine::Checkpoint::create(dir_ / ("cp" + std::to_string(++checkpoints_)));
    EXPECT_TRUE(cp) << cp.error().text();
    return std::move(*cp);
  }
  engine::Result<std::vector<engine::Step>> plan(ServiceProvider& provider,
                                                 const std::vector<engine::Resource>& decls,
                                                 engine::ObservationCache* cache = nullptr) {
    std::vector<const engine::Resource*> ptrs;
    for (const auto& d : decls) ptrs.push_back(&d);
    engine::Host h = host();
    engine::Context ctx{h, dir_.path()};
    ctx.observations = cache;
    return provider.plan(ptrs, ctx);
  }
  void apply_all(ServiceProvider& provider, const std::vector<engine::Step>& steps,
                 engine::Checkpoint& cp) {
    engine::Host h = host();
    engine::Context ctx{h, dir_.path()};
    for (const auto& step : steps) {
      auto st = provider.apply(step, ctx, cp);
      ASSERT_TRUE(st) << st.error().text();
    }
  }
  void undo_all(ServiceProvider& provider, const engine::Checkpoint& cp) {
    engine::Host h = host();
    engine::Context ctx{h, dir_.path()};
    const auto& records = cp.records();
    for (auto it = records.rbegin(); it != records.rend(); ++it) {
      auto st = provider.undo(*it, ctx, cp);
      ASSERT_TRUE(st) << st.error().text();
    }
  }

  TempDir dir_;
  fs::path root_;
  ProcessRunner runner_;
  int checkpoints_ = 0;
};

}  // namespace twin::resources
