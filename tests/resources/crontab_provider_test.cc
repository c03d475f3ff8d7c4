// The crontab provider on a sandbox root: it writes
// ROOT/var/spool/cron/crontabs/USER exactly as crontab would (header, mode
// 0600, owner USER, group `crontab` from the root's own passwd and group
// files), and validation reports line- and column-precise diagnostics.
#include "resources/crontab_provider.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "resources/cron_syntax.h"
#include "resources/process_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;
using twin::testing::read_text;
using twin::testing::TempDir;
using twin::testing::write_text;

// --- declarations built in C++, with spans into a rendered manifest -------

struct DeclSpec {
  std::string type;
  std::string title;
  std::vector<std::pair<std::string, lang::Value::Data>> attrs;
  std::vector<DeclSpec> children;
};

std::string literal(const lang::Value::Data& data) {
  if (auto* b = std::get_if<bool>(&data)) return *b ? "true" : "false";
  if (auto* n = std::get_if<std::int64_t>(&data)) return std::to_string(*n);
  std::string out = "\"";
  for (char c : std::get<std::string>(data)) {
    if (c == '\n')
      out += "\\n";
    else if (c == '"' || c == '\\')
      out += std::string("\\") + c;
    else
      out += c;
  }
  return out + "\"";
}

void render(const DeclSpec& spec, std::string& text, engine::Resource& out) {
  out.type = spec.type;
  out.title = spec.title;
  std::size_t start = text.size();
  out.type_span = {nullptr, text.size(), text.size() + spec.type.size()};
  text += spec.type + " ";
  std::string title = literal(spec.title);
  out.title_span = {nullptr, text.size(), text.size() + title.size()};
  text += title + " {\n";
  for (const auto& [name, value] : spec.attrs) {
    lang::Attribute a;
    a.name = name;
    a.name_span = {nullptr, text.size(), text.size() + name.size()};
    text += name + " = ";
    std::string lit = literal(value);
    a.value.data = value;
    a.value.span = {nullptr, text.size(), text.size() + lit.size()};
    text += lit + "\n";
    out.attributes.push_back(std::move(a));
  }
  for (const auto& child : spec.children) render(child, text, out.children.emplace_back());
  text += "}\n";
  out.span = {nullptr, start, text.size()};
}

void attach(engine::Resource& decl, const lang::SourcePtr& src) {
  decl.type_span.file = decl.title_span.file = decl.span.file = src;
  for (auto& a : decl.attributes) a.name_span.file = a.value.span.file = src;
  for (auto& child : decl.children) attach(child, src);
}

engine::Resource make_decl(const DeclSpec& spec) {
  engine::Resource decl;
  std::string text;
  render(spec, text, decl);
  attach(decl, lang::make_source("test.twin", text));
  return decl;
}

DeclSpec entry(std::string name, std::string schedule, std::string command) {
  return {"entry", std::move(name), {{"schedule", schedule}, {"command", command}}, {}};
}

std::string span_text(const lang::Span& span) {
  return span.file->text().substr(span.begin, span.end - span.begin);
}

// --- a sandbox root -------------------------------------------------------

constexpr uid_t kAliceUid = 1001;
constexpr gid_t kCrontabGid = 4242;  // deliberately not the host's crontab gid

class CrontabSpool : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_ / "root";
    twin_ = dir_ / "twin";
    fs::create_directories(twin_);
    write_text(root_ / "etc/passwd",
               "root:x:0:0:root:/root:/bin/sh\nalice:x:1001:1001::/home/alice:/bin/sh\n");
    write_text(root_ / "etc/group", "root:x:0:\ncrontab:x:4242:\nalice:x:1001:\n");
    fs::create_directories(spool_dir());
    ::chmod(spool_dir().c_str(), 01730);
    ASSERT_EQ(::chown(spool_dir().c_str(), 0, kCrontabGid), 0);
  }

  fs::path spool_dir() const { return root_ / "var/spool/cron/crontabs"; }
  fs::path spool(const std::string& user) const { return spool_dir() / user; }

  engine::Result<std::vector<engine::Step>> plan(const std::vector<engine::Resource>& decls) {
    std::vector<const engine::Resource*> ptrs;
    for (const auto& d : decls) ptrs.push_back(&d);
    engine::Host host(root_, runner_);
    return provider_.plan(ptrs, engine::Context{host, twin_});
  }
  engine::Checkpoint checkpoint() {
    auto cp = engine::Checkpoint::create(dir_ / ("cp" + std::to_string(++count_)));
    EXPECT_TRUE(cp);
    return std::move(*cp);
  }
  void apply(const std::vector<engine::Step>& steps, engine::Checkpoint& cp) {
    engine::Host host(root_, runner_);
    for (const auto& step : steps) {
      auto st = provider_.apply(step, engine::Context{host, twin_}, cp);
      ASSERT_TRUE(st) << st.error().text();
    }
  }
  void undo(const engine::Checkpoint& cp) {
    engine::Host host(root_, runner_);
    for (auto it = cp.records().rbegin(); it != cp.records().rend(); ++it) {
      auto st = provider_.undo(*it, engine::Context{host, twin_}, cp);
      ASSERT_TRUE(st) << st.error().text();
    }
  }
  std::vector<lang::Diagnostic> validate(const engine::Resource& decl) {
    engine::Host host(root_, runner_);
    lang::DiagnosticSink sink;
    provider_.validate(decl, engine::Context{host, twin_}, sink);
    return sink.all();
  }

  TempDir dir_;
  fs::path root_, twin_;
  ProcessRunner runner_;  // never used for a sandbox root; crontab is not run
  CrontabProvider provider_;
  int count_ = 0;
};

TEST_F(CrontabSpool, EntriesPlanApplyThenPlanIsEmpty) {
  std::vector<engine::Resource> decls = {
      make_decl({"crontab",
                 "alice",
                 {},
                 {entry("backup", "0 3 * * *", "/usr/bin/backup --all"),
                  entry("tick", "@hourly", "/usr/bin/true")}})};
  auto steps = plan(decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  const engine::Change& change = (*steps)[0].changes.at(0);
  EXPECT_EQ(change.action, engine::Action::kCreate);
  EXPECT_EQ(change.description, "install a crontab for alice");
  ASSERT_TRUE(change.diff);
  std::string expected =
      "# twin: backup\n0 3 * * * /usr/bin/backup --all\n# twin: tick\n@hourly /usr/bin/true\n";
  EXPECT_EQ(change.diff->new_text, expected);
  EXPECT_EQ(change.diff->old_text, "");
  EXPECT_EQ(change.diff->new_label, "b/var/spool/cron/crontabs/alice");
  EXPECT_FALSE(change.diff->sensitive);

  auto cp = checkpoint();
  apply(*steps, cp);
  struct stat st {};
  ASSERT_EQ(::lstat(spool("alice").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_uid, kAliceUid);
  EXPECT_EQ(st.st_gid, kCrontabGid);
  std::string written = read_text(spool("alice"));
  EXPECT_TRUE(written.starts_with(
      "# DO NOT EDIT THIS FILE - edit the master and reinstall.\n# (- installed on "));
  EXPECT_NE(
      written.find("\n# (Cron version -- $Id: crontab.c,v 2.13 1994/01/17 03:20:37 vixie Exp $)\n"),
      std::string::npos);
  EXPECT_EQ(strip_crontab_header(written), expected);

  auto again = plan(decls);
  ASSERT_TRUE(again) << again.error().text();
  EXPECT_TRUE(again->empty());
}

TEST_F(CrontabSpool, ReplaceIsSensitiveAndUndoRestoresTheFileExactly) {
  std::string old_file = crontab_header("/tmp/old", 1600000000) + "MAILTO=root\n0 1 * * * old\n";
  write_text(spool("alice"), old_file);
  ::chmod(spool("alice").c_str(), 0600);
  ASSERT_EQ(::chown(spool("alice").c_str(), kAliceUid, kCrontabGid), 0);
  auto before = twin::testing::tree_fingerprint(spool_dir());

  std::vector<engine::Resource> decls = {make_decl(
      {"crontab", "alice", {{"content", std::string("0 2 * * * new")}, {"sensitive", true}}, {}})};
  auto steps = plan(decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  const engine::Change& change = (*steps)[0].changes.at(0);
  EXPECT_EQ(change.action, engine::Action::kReplace);
  EXPECT_TRUE(change.diff->sensitive);
  EXPECT_EQ(change.diff->old_text, "MAILTO=root\n0 1 * * * old\n");  // header not compared
  EXPECT_EQ(change.diff->new_text, "0 2 * * * new\n");               // final newline added

  auto cp = checkpoint();
  apply(*steps, cp);
  EXPECT_EQ(strip_crontab_header(read_text(spool("alice"))), "0 2 * * * new\n");
  auto reopened = engine::Checkpoint::open(cp.dir());
  ASSERT_TRUE(reopened);
  undo(*reopened);
  EXPECT_EQ(twin::testing::tree_fingerprint(spool_dir()), before);
  EXPECT_EQ(read_text(spool("alice")), old_file);
}

TEST_F(CrontabSpool, CreateUndoneLeavesNoFile) {
  auto before = twin::testing::tree_fingerprint(root_);
  std::vector<engine::Resource> decls = {
      make_decl({"crontab", "root", {{"content", std::string("@reboot /bin/true\n")}}, {}})};
  auto steps = plan(decls);
  ASSERT_TRUE(steps) << steps.error().text();
  auto cp = checkpoint();
  apply(*steps, cp);
  struct stat st {};
  ASSERT_EQ(::lstat(spool("root").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 0u);
  EXPECT_EQ(st.st_gid, kCrontabGid);
  undo(cp);
  EXPECT_EQ(twin::testing::tree_fingerprint(root_), before);
}

TEST_F(CrontabSpool, EnsureAbsentDeletesAndUndoRestores) {
  std::string old_file = crontab_header("-", 1600000000) + "0 1 * * * old\n";
  write_text(spool("alice"), old_file);
  ::chmod(spool("alice").c_str(), 0600);
  ASSERT_EQ(::chown(spool("alice").c_str(), kAliceUid, kCrontabGid), 0);
  auto before = twin::testing::tree_fingerprint(spool_dir());

  std::vector<engine::Resource> decls = {
      make_decl({"crontab", "alice", {{"ensure", std::string("absent")}}, {}})};
  auto steps = plan(decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].primary(), engine::Action::kDelete);
  EXPECT_EQ((*steps)[0].changes[0].diff->old_text, "0 1 * * * old\n");
  auto cp = checkpoint();
  apply(*steps, cp);
  EXPECT_FALSE(fs::exists(spool("alice")));
  auto again = plan(decls);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  undo(cp);
  EXPECT_EQ(twin::testing::tree_fingerprint(spool_dir()), before);
}

TEST_F(CrontabSpool, WrongModeOrOwnerIsReplaced) {
  write_text(spool("alice"), crontab_header("-", 1600000000) + "0 1 * * * same\n");
  ::chmod(spool("alice").c_str(), 0644);
  std::vector<engine::Resource> decls = {
      make_decl({"crontab", "alice", {{"content", std::string("0 1 * * * same\n")}}, {}})};
  auto steps = plan(decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].changes[0].description, "spool file mode/owner 0644 0:0 → 0600 1001:4242");
  auto cp = checkpoint();
  apply(*steps, cp);
  auto again = plan(decls);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

TEST_F(CrontabSpool, SourceIsReadFromTheTwinDirectory) {
  write_text(twin_ / "files/alice.cron", "SHELL=/bin/sh\n*/10 * * * * poll");
  std::vector<engine::Resource> decls = {
      make_decl({"crontab", "alice", {{"source", std::string("files/alice.cron")}}, {}})};
  EXPECT_TRUE(validate(decls[0]).empty());
  auto steps = plan(decls);
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].changes[0].diff->new_text, "SHELL=/bin/sh\n*/10 * * * * poll\n");
  auto cp = checkpoint();
  apply(*steps, cp);
  auto again = plan(decls);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());

  write_text(twin_ / "files/alice.cron", "ok=1\n0 0 * * 9 bad\n");
  auto diags = validate(decls[0]);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "E0347");
  EXPECT_EQ(diags[0].message, "files/alice.cron:2: 9 is out of range 0-7 in the day-of-week field");
  EXPECT_EQ(span_text(diags[0].span), "\"files/alice.cron\"");
  auto missing =
      validate(make_decl({"crontab", "alice", {{"source", std::string("files/nope.cron")}}, {}}));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].code, "E0338");
  EXPECT_TRUE(missing[0].message.starts_with("cannot read source: ")) << missing[0].message;

  auto refused = plan(decls);  // plan re-checks a source that changed after validate
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "E3507");
  EXPECT_EQ(refused.error().message,
            "files/alice.cron:2: 9 is out of range 0-7 in the day-of-week field");
}

TEST_F(CrontabSpool, NoCrontabGroupInTheRootIsAnError) {
  write_text(root_ / "etc/group", "root:x:0:\nalice:x:1001:\n");
  std::vector<engine::Resource> decls = {
      make_decl({"crontab", "alice", {{"content", std::string("@daily x\n")}}, {}})};
  auto steps = plan(decls);
  ASSERT_FALSE(steps);
  EXPECT_EQ(steps.error().code, "E3502");
  EXPECT_EQ(steps.error().message,
            "etc/group has no `crontab` group, so cron would not read a spool file");
}

struct DiagCase {
  const char* name;
  DeclSpec decl;
  const char* code;
  const char* message;
  const char* span;  // the manifest text the diagnostic points at
};

TEST_F(CrontabSpool, ValidationPointsAtTheProblem) {
  std::string content = "MAILTO=x\n# fine\n61 * * * * y\n";
  const DiagCase kCases[] = {
      {"bad user",
       {"crontab", "Alice", {{"content", std::string("@daily x")}}, {}},
       "E0340",
       "invalid user name \"Alice\"",
       "\"Alice\""},
      {"unknown user",
       {"crontab", "bob", {{"content", std::string("@daily x")}}, {}},
       "E0341",
       "user \"bob\" does not exist on the target",
       "\"bob\""},
      {"schedule column",
       {"crontab", "alice", {}, {entry("e", "0 25 * * *", "x")}},
       "E0345",
       "invalid schedule: 25 is out of range 0-23 in the hour field",
       "25"},
      {"keyword",
       {"crontab", "alice", {}, {entry("e", "@dayly", "x")}},
       "E0345",
       "invalid schedule: unknown schedule keyword \"@dayly\"",
       "@dayly"},
      {"command newline",
       {"crontab", "alice", {}, {entry("e", "@daily", "a\nb")}},
       "E0346",
       "invalid command: a command must be one line; found a newline",
       "\"a\\nb\""},
      {"content line",
       {"crontab", "alice", {{"content", content}}, {}},
       "E0347",
       "line 3 of content: 61 is out of range 0-59 in the minute field",
       "61"},
      {"two ways",
       {"crontab", "alice", {{"content", std::string("@daily x")}}, {entry("e", "@daily", "x")}},
       "E0344",
       "a crontab takes `content` or `entry` blocks, not both",
       "entry"},
      {"absent with content",
       {"crontab", "alice", {{"ensure", std::string("absent")}, {"content", std::string("")}}, {}},
       "E0344",
       "`content` has no meaning with ensure = \"absent\"",
       "content"},
      {"nothing",
       {"crontab", "alice", {}, {}},
       "E0344",
       "a crontab needs `content`, `source` or `entry` blocks",
       "\"alice\""},
      {"source escapes",
       {"crontab", "alice", {{"source", std::string("../x")}}, {}},
       "E0338",
       "invalid source path: it leaves the twin directory with '..'",
       "\"../x\""},
      {"entry without command",
       {"crontab", "alice", {}, {{"entry", "e", {{"schedule", std::string("@daily")}}, {}}}},
       "E0339",
       "entry \"e\" has no `command`",
       "\"e\""},
      {"duplicate entry",
       {"crontab", "alice", {}, {entry("e", "@daily", "x"), entry("e", "@hourly", "y")}},
       "E0339",
       "duplicate entry \"e\"",
       "\"e\""},
  };
  for (const auto& c : kCases) {
    auto diags = validate(make_decl(c.decl));
    ASSERT_FALSE(diags.empty()) << c.name;
    EXPECT_EQ(diags[0].code, c.code) << c.name;
    EXPECT_EQ(diags[0].message, c.message) << c.name;
    EXPECT_EQ(span_text(diags[0].span), c.span) << c.name;
    EXPECT_EQ(diags[0].severity, lang::Severity::kError) << c.name;
  }
}

TEST_F(CrontabSpool, SchemaViolationsAreRefusedButLeftToTheChecker) {
  // Names, types and enum values are the `crontab` schema's: the checker
  // reports them (E0203-E0205); the provider refuses them without a
  // second message.
  auto root = RootedFs::open(root_);
  ASSERT_TRUE(root.ok());
  auto accounts = AccountDb::load(*root);
  ASSERT_TRUE(accounts.ok());
  for (const auto& decl : std::vector<DeclSpec>{
           {"crontab", "alice", {{"ensure", std::string("gone")}}, {}},
           {"crontab", "alice", {{"content", std::string("")}, {"sensitive", std::string("yes")}}, {}},
           {"crontab", "alice", {{"content", std::int64_t{3}}}, {}}}) {
    lang::DiagnosticSink sink;
    EXPECT_FALSE(read_crontab_spec(make_decl(decl), *accounts, sink).has_value());
    EXPECT_TRUE(sink.empty()) << sink.all().front().message;
  }
}

TEST_F(CrontabSpool, PercentInAnEntryIsAWarning) {
  auto diags = validate(make_decl({"crontab", "alice", {}, {entry("e", "@daily", "date +%F")}}));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].severity, lang::Severity::kWarning);
  EXPECT_EQ(diags[0].code, "W0337");
  EXPECT_EQ(diags[0].hint,
            "for a literal percent sign cron needs `\\%`: write `\\\\%` in the manifest's string");
  EXPECT_TRUE(
      validate(make_decl({"crontab", "alice", {}, {entry("e", "@daily", "date +\\%F")}})).empty());
}

TEST_F(CrontabSpool, HostileUndoRecordsAreRefused) {
  auto cp = checkpoint();
  engine::Host host(root_, runner_);
  for (nlohmann::json data :
       {nlohmann::json{{"op", "spool"}, {"user", "../../etc/shadow"}, {"before", nullptr}},
        nlohmann::json{{"op", "crontab"}, {"user", "alice"}, {"before", nullptr}},  // not "/"
        nlohmann::json{{"op", "spool"}, {"user", "alice"}, {"before", {{"blob", "x"}}}}}) {
    auto st =
        provider_.undo({"crontab", "crontab[\"alice\"]", data}, engine::Context{host, twin_}, cp);
    ASSERT_FALSE(st) << data.dump();
    EXPECT_EQ(st.error().code, "E3506") << data.dump();
  }
}

}  // namespace
}  // namespace twin::resources
