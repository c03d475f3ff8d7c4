// The user, group and accounts providers against a sandbox root with the
// REAL useradd, usermod, userdel, groupadd, groupmod and groupdel (run with
// --root SANDBOX, so the host's account files are never touched; the test
// checks that too).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "resources/account_records.h"
#include "resources/group_provider.h"
#include "resources/process_runner.h"
#include "resources/unlisted_accounts_provider.h"
#include "resources/user_provider.h"
#include "tests/resources/decl_builder.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tree_fingerprint.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;
using testing::DeclBuilder;
using twin::testing::read_text;
using twin::testing::TempDir;
using twin::testing::write_text;

constexpr gid_t kShadowGid = 42;

lang::Value list_of(std::vector<std::string> names) {
  lang::List items;
  for (auto& n : names) items.push_back(lang::Value{std::move(n), {}});
  return lang::Value{std::move(items), {}};
}

class Accounts : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/sbin/useradd")) GTEST_SKIP() << "the shadow tools are not installed";
    root_ = dir_.path() / "root";
    twin_ = dir_.path() / "twin";
    fs::create_directories(twin_);
    write_text(root_ / "etc/passwd",
               "root:x:0:0:root:/root:/bin/bash\n"
               "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
               "bob:x:1002:1002:Bob:/home/bob:/bin/sh\n");
    write_text(root_ / "etc/group",
               "root:x:0:\ndaemon:x:1:\nadm:x:4:bob\nshadow:x:42:\nusers:x:100:\nbob:x:1002:\n");
    write_text(root_ / "etc/shadow",
               "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
               "bob:$y$j9T$salt$hash:19000:0:99999:7:::\n");
    write_text(root_ / "etc/gshadow", "root:*::\ndaemon:*::\nadm:*::bob\nshadow:*::\nusers:*::\nbob:!::\n");
    for (const char* f : {"etc/shadow", "etc/gshadow"}) {
      ::chmod((root_ / f).c_str(), 0640);
      ASSERT_EQ(::chown((root_ / f).c_str(), 0, kShadowGid), 0);
    }
    write_text(root_ / "etc/login.defs", "UID_MIN 1000\nUID_MAX 60000\nGID_MIN 1000\nGID_MAX 60000\n"
                                         "USERGROUPS_ENAB yes\nENCRYPT_METHOD SHA512\n");
    host_passwd_ = read_text("/etc/passwd");
    host_shadow_ = read_text("/etc/shadow");
  }
  void TearDown() override {
    if (root_.empty()) return;
    EXPECT_EQ(read_text("/etc/passwd"), host_passwd_);
    EXPECT_EQ(read_text("/etc/shadow"), host_shadow_);
  }

  /// Plans `decls` (kept alive by the caller: steps point at them); the
  /// addresses in `also_declared` count as declared elsewhere in the twin.
  template <typename Provider>
  engine::Result<std::vector<engine::Step>> plan(Provider& provider,
                                                 std::vector<const engine::Resource*> decls,
                                                 std::vector<std::string> also_declared = {}) {
    engine::Host host(root_, runner_);
    engine::Context ctx{host, twin_};
    for (const auto* d : decls) also_declared.push_back(d->address());
    ctx.is_declared = [&](std::string_view address) {
      return std::find(also_declared.begin(), also_declared.end(), address) != also_declared.end();
    };
    return provider.plan(decls, ctx);
  }
  template <typename Provider>
  void apply(Provider& provider, const std::vector<engine::Step>& steps, engine::Checkpoint& cp) {
    engine::Host host(root_, runner_);
    for (const auto& step : steps) {
      auto st = provider.apply(step, engine::Context{host, twin_}, cp);
      ASSERT_TRUE(st) << st.error().text();
    }
  }
  template <typename Provider>
  void undo(Provider& provider, const engine::Checkpoint& cp) {
    engine::Host host(root_, runner_);
    for (auto it = cp.records().rbegin(); it != cp.records().rend(); ++it) {
      auto st = provider.undo(*it, engine::Context{host, twin_}, cp);
      ASSERT_TRUE(st) << st.error().text();
    }
  }
  engine::Checkpoint checkpoint() {
    auto cp = engine::Checkpoint::create(dir_.path() / ("cp" + std::to_string(++count_)));
    EXPECT_TRUE(cp);
    return std::move(*cp);
  }
  AccountsState state() {
    auto fs = RootedFs::open(root_);
    auto loaded = AccountsState::load(*fs);
    EXPECT_TRUE(loaded);
    return *loaded;
  }
  std::map<std::string, std::string> etc() { return twin::testing::tree_fingerprint(root_ / "etc"); }

  TempDir dir_;
  fs::path root_, twin_;
  ProcessRunner runner_;
  UserProvider users_;
  GroupProvider groups_;
  int count_ = 0;
  std::string host_passwd_;
  std::string host_shadow_;
};

TEST_F(Accounts, CreatesAGroupAndAUserWithTheRootsOwnTools) {
  auto devs = DeclBuilder("group", "devs").attr("gid", std::int64_t{1500}).build();
  auto alice = DeclBuilder("user", "alice")
                   .attr("uid", std::int64_t{1001})
                   .str("group", "devs")
                   .attr("groups", list_of({"users", "adm"}).data)
                   .str("home", "/home/alice")
                   .str("shell", "/bin/bash")
                   .str("comment", "Alice A")
                   .str("expires", "2027-01-31")
                   .build();
  auto before = etc();
  auto group_steps = plan(groups_, {&devs});
  ASSERT_TRUE(group_steps) << group_steps.error().text();
  ASSERT_EQ(group_steps->size(), 1u);
  EXPECT_EQ((*group_steps)[0].primary().name, "CREATE");
  auto user_steps = plan(users_, {&alice}, {"group[\"devs\"]"});
  ASSERT_TRUE(user_steps) << user_steps.error().text();
  ASSERT_EQ(user_steps->size(), 1u);
  EXPECT_EQ((*user_steps)[0].primary_change().description,
            "uid 1001, group devs, groups adm, users, home /home/alice (not created), shell "
            "/bin/bash, expires 2027-01-31");

  auto cp = checkpoint();
  apply(groups_, *group_steps, cp);
  apply(users_, *user_steps, cp);
  AccountsState now = state();
  ASSERT_TRUE(now.user("alice"));
  EXPECT_EQ(now.user("alice")->uid, 1001u);
  EXPECT_EQ(now.user("alice")->gid, 1500u);
  EXPECT_EQ(now.user("alice")->comment, "Alice A");
  EXPECT_EQ(now.supplementary_groups("alice"), (std::vector<std::string>{"adm", "users"}));
  EXPECT_EQ(now.shadow_of("alice")->expires, "2027-01-31");
  EXPECT_FALSE(fs::exists(root_ / "home/alice")) << "homes are never created";
  // Applied: nothing left to do.
  auto again = plan(users_, {&alice}, {"group[\"devs\"]"});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  // Rollback restores the account files byte for byte.
  undo(users_, cp);
  EXPECT_EQ(etc(), before);
}

// A useradd killed midway (power cut) leaves shadow's "+" file and its
// lock; undo must leave none of them (and with the lock left, the next
// tool could not run).
TEST_F(Accounts, UndoRemovesWhatAToolKilledMidwayLeftBehind) {
  auto alice = DeclBuilder("user", "alice").attr("uid", std::int64_t{1001}).build();
  auto before = etc();
  auto steps = plan(users_, {&alice});
  ASSERT_TRUE(steps) << steps.error().text();
  auto cp = checkpoint();
  apply(users_, *steps, cp);
  write_text(root_ / "etc/passwd+", "half written\n");
  write_text(root_ / "etc/passwd.lock", "12345");
  write_text(root_ / "etc/shadow.lock", "12345");
  undo(users_, cp);
  EXPECT_EQ(etc(), before);
}

TEST_F(Accounts, ModifiesOnlyWhatIsDeclaredInOneUsermod) {
  auto bob = DeclBuilder("user", "bob")
                 .str("shell", "/bin/bash")
                 .attr("groups", list_of({"users"}).data)
                 .str("password", "locked")
                 .build();
  auto steps = plan(users_, {&bob});
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  std::vector<std::string> lines;
  for (const auto& c : (*steps)[0].changes) lines.push_back(std::string(c.action.name) + " " + c.description);
  EXPECT_EQ(lines, (std::vector<std::string>{"MODIFY groups adm → users",
                                              "MODIFY shell /bin/sh → /bin/bash",
                                              "MODIFY password usable → locked"}));
  auto before = etc();
  auto cp = checkpoint();
  apply(users_, *steps, cp);
  AccountsState now = state();
  EXPECT_EQ(now.user("bob")->shell, "/bin/bash");
  EXPECT_EQ(now.user("bob")->comment, "Bob") << "comment not declared: left alone";
  EXPECT_EQ(now.supplementary_groups("bob"), (std::vector<std::string>{"users"}));
  EXPECT_EQ(now.shadow_of("bob")->password, PasswordState::kLocked);
  EXPECT_NE(read_text(root_ / "etc/shadow").find("bob:!$y$j9T$salt$hash:"), std::string::npos);
  // Unlocking needs no hash from the twin: the locked one is still there.
  auto unlock = DeclBuilder("user", "bob").str("password", "usable").build();
  auto back = plan(users_, {&unlock});
  ASSERT_TRUE(back) << back.error().text();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].changes[0].description, "password locked → usable");
  undo(users_, cp);
  EXPECT_EQ(etc(), before);
}

TEST_F(Accounts, AUsablePasswordCannotBeMadeFromNothing) {
  auto daemon = DeclBuilder("user", "daemon").str("password", "usable").build();
  auto steps = plan(users_, {&daemon});
  ASSERT_FALSE(steps);
  EXPECT_EQ(steps.error().code, "E3702");
  EXPECT_NE(steps.error().text().find("passwd daemon"), std::string::npos) << steps.error().text();
}

TEST_F(Accounts, AUsablePasswordComesBackFromTheHashThisMachineRemembers) {
  write_text(twin_ / ".twin/password-hashes", "daemon:$y$j9T$kept$HASH\n");
  ::chmod((twin_ / ".twin/password-hashes").c_str(), 0600);
  auto daemon = DeclBuilder("user", "daemon").str("password", "usable").build();
  auto steps = plan(users_, {&daemon});
  ASSERT_TRUE(steps) << steps.error().text();
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].changes[0].description,
            "password none → usable (the hash this machine last had, kept in .twin/)");
  EXPECT_EQ(std::string((*steps)[0].changes[0].description).find("HASH"), std::string::npos);
  auto cp = checkpoint();
  apply(users_, *steps, cp);
  EXPECT_NE(read_text(root_ / "etc/shadow").find("daemon:$y$j9T$kept$HASH:"), std::string::npos);
  EXPECT_EQ(state().shadow_of("daemon")->password, PasswordState::kUsable);
}

TEST_F(Accounts, RefusesAnIdAnotherAccountHasAndAnUnknownGroup) {
  auto taken = DeclBuilder("user", "carol").attr("uid", std::int64_t{1002}).build();
  auto steps = plan(users_, {&taken});
  ASSERT_FALSE(steps);
  EXPECT_EQ(steps.error().code, "E3706");
  EXPECT_NE(steps.error().message.find("belongs to user bob"), std::string::npos);
  auto nogroup = DeclBuilder("user", "carol").str("group", "nosuch").build();
  steps = plan(users_, {&nogroup});
  ASSERT_FALSE(steps);
  EXPECT_EQ(steps.error().code, "E3704");
  auto gid_taken = DeclBuilder("group", "devs").attr("gid", std::int64_t{4}).build();
  steps = plan(groups_, {&gid_taken});
  ASSERT_FALSE(steps);
  EXPECT_EQ(steps.error().code, "E3706");
}

TEST_F(Accounts, UnlistedAccountsAreRemovedUsersFirstHomesKept) {
  fs::create_directories(root_ / "home/bob");
  write_text(root_ / "home/bob/notes", "mine\n");
  UnlistedAccountsProvider unlisted;
  auto decl = DeclBuilder("accounts", "unlisted")
                  .str("ensure", "absent")
                  .attr("keep", list_of({"daemon", "adm", "shadow", "users"}).data)
                  .build();
  engine::Host host(root_, runner_);
  lang::DiagnosticSink sink;
  auto removals = unlisted.expand(decl, engine::Context{host, twin_}, sink);
  ASSERT_TRUE(removals);
  EXPECT_FALSE(sink.has_errors());
  std::vector<std::string> addresses;
  for (const auto& r : *removals) addresses.push_back(r.address());
  // root is never removed; `keep` is honoured.
  EXPECT_EQ(addresses, (std::vector<std::string>{"user[\"bob\"]", "group[\"bob\"]"}));
  EXPECT_EQ(users_.implicit_dependencies((*removals)[0]),
            (std::vector<std::string>{"group[\"bob\"]"}));

  auto before = etc();
  auto user_steps = plan(users_, {&(*removals)[0]});
  ASSERT_TRUE(user_steps) << user_steps.error().text();
  ASSERT_EQ(user_steps->size(), 1u);
  EXPECT_EQ((*user_steps)[0].primary_change().description, "remove user bob (uid 1002)");
  EXPECT_EQ((*user_steps)[0].primary_change().details,
            (std::vector<std::string>{"its home /home/bob is kept, with the files it owns"}));
  auto cp = checkpoint();
  apply(users_, *user_steps, cp);
  // userdel took bob's user-private group with it; the group step then
  // finds nothing to do.
  auto group_steps = plan(groups_, {&(*removals)[1]});
  ASSERT_TRUE(group_steps);
  EXPECT_TRUE(group_steps->empty());
  EXPECT_FALSE(state().user("bob"));
  EXPECT_EQ(read_text(root_ / "home/bob/notes"), "mine\n");
  undo(users_, cp);
  EXPECT_EQ(etc(), before);
}

TEST_F(Accounts, ValidationPointsAtTheAttribute) {
  UnlistedAccountsProvider unlisted;
  engine::Host host(root_, runner_);
  engine::Context ctx{host, twin_};
  DeclBuilder bad("user", "eve");
  bad.str("comment", "a:b").str("expires", "tomorrow").attr("uid", std::int64_t{-1})
      .attr("groups", list_of({"adm", "adm", "Bad"}).data);
  auto decl = bad.build();
  lang::DiagnosticSink sink;
  users_.validate(decl, ctx, sink);
  std::vector<std::string> codes;
  for (const auto& d : sink.all()) codes.push_back(d.code);
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, (std::vector<std::string>{"E0360", "E0361", "E0361", "E0362", "E0363"}));
  auto absent_root = DeclBuilder("user", "root").str("ensure", "absent").str("shell", "/bin/sh").build();
  lang::DiagnosticSink sink2;
  users_.validate(absent_root, ctx, sink2);
  codes.clear();
  for (const auto& d : sink2.all()) codes.push_back(d.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"E0367", "E0364"}));
  auto wrong_title = DeclBuilder("accounts", "all").str("ensure", "absent").build();
  lang::DiagnosticSink sink3;
  unlisted.validate(wrong_title, ctx, sink3);
  ASSERT_EQ(sink3.all().size(), 1u);
  EXPECT_EQ(sink3.all()[0].code, "E0365");
  EXPECT_EQ(sink3.all()[0].span.begin, wrong_title.title_span.begin);
}

}  // namespace
}  // namespace twin::resources
