// `twin push` and `twin pull` over ssh:// against a real sshd on 127.0.0.1,
// signing in through a real ssh-agent (libgit2 + libssh2), and the host key
// check against ~/.ssh/known_hosts under the test's HOME: a known key is
// accepted (also hashed, as Debian's ssh writes it), an unknown host or a
// changed key is refused with the fix, and nothing reaches the server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "tests/cli/ssh_server.h"
#include "tests/support/git_sandbox.h"

namespace twin::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using twin::testing::GitSandbox;
using twin::testing::make_ssh_key;
using twin::testing::ProgramRun;
using twin::testing::read_text;
using twin::testing::run_program;
using twin::testing::SshAgent;
using twin::testing::SshServer;
using twin::testing::SshSignIn;
using twin::testing::write_text;
namespace fs = std::filesystem;

struct SshRemoteCli : ::testing::Test {
  GitSandbox sb;
  fs::path bare;
  fs::path twin;
  fs::path known_hosts = sb.home() / ".ssh/known_hosts";
  std::unique_ptr<SshServer> server;
  std::unique_ptr<SshAgent> agent;
  SshSignIn sign_in = SshSignIn::kKeys;
  bool rsa_host_key_too = false;

  void SetUp() override {
    if (!fs::exists(twin::testing::kSshd))
      GTEST_SKIP() << "no " << twin::testing::kSshd << " (install openssh-server)";
    server = std::make_unique<SshServer>(sb, sign_in, rsa_host_key_too);
    agent = std::make_unique<SshAgent>(sb, "agent");
    agent->add(server->user_key());
    bare = sb.bare("remote.git");
    twin = sb.twin("twin");
    write_text(known_hosts, server->known_hosts_line());
  }

  /// Runs twin in the twin with the sandbox's env plus `extra` (e.g. SSH_AUTH_SOCK=...).
  ProgramRun twin_cmd(std::vector<std::string> args, std::vector<std::string> extra = {}) {
    args.insert(args.begin(), TWIN_BINARY);
    auto env = sb.env();
    env.push_back("NO_COLOR=1");
    env.insert(env.end(), extra.begin(), extra.end());
    return run_program(args, twin.string(), env);
  }
  ProgramRun with_agent(std::vector<std::string> args) {
    return twin_cmd(std::move(args), {agent->env_entry()});
  }

  void set_remote() {
    auto set = twin_cmd({"remote", "set", server->url(bare)});
    ASSERT_EQ(set.exit_code, 0) << set.output;
  }

  /// The git CLI over ssh with the user key and the sandbox's known_hosts,
  /// reading no ssh config and no agent, so that nothing outside the temp dir is used.
  std::string git_over_ssh(const std::vector<std::string>& args, const fs::path& cwd) {
    std::vector<std::string> argv = {"/usr/bin/git"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto env = sb.env("Agent");
    env.push_back(
        "GIT_SSH_COMMAND=ssh -F /dev/null -o BatchMode=yes -o IdentityAgent=none "
        "-o IdentitiesOnly=yes -i " +
        server->user_key().private_key.string() +
        " -o StrictHostKeyChecking=yes -o UpdateHostKeys=no"
        " -o GlobalKnownHostsFile=/dev/null -o UserKnownHostsFile=" +
        known_hosts.string());
    auto run = run_program(argv, cwd.string(), env);
    if (run.exit_code != 0) throw std::runtime_error("git over ssh failed: " + run.output);
    return run.output;
  }

  /// Runs the `ssh-keyscan ... >> ~/.ssh/known_hosts` that `message` shows,
  /// word for word (its HOME being the sandbox's).
  void run_keyscan_from(const std::string& message) {
    auto start = message.find("`ssh-keyscan ");
    auto end = message.find(" >> ~/.ssh/known_hosts`", start);
    ASSERT_NE(start, std::string::npos) << message;
    ASSERT_NE(end, std::string::npos) << message;
    std::vector<std::string> argv = {"/usr/bin/ssh-keyscan"};
    std::istringstream words(message.substr(start + 13, end - start - 13));
    for (std::string word; words >> word;) argv.push_back(word);
    auto scan = run_program(argv, sb.tmp().path().string(), sb.env());
    ASSERT_EQ(scan.exit_code, 0) << scan.output;
    std::string lines;
    std::istringstream in(scan.output);
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') lines += line + "\n";
    ASSERT_FALSE(lines.empty()) << scan.output;
    write_text(known_hosts, read_text(known_hosts) + lines);
  }

  bool bare_has_main() const {
    return run_program({"/usr/bin/git", "rev-parse", "--verify", "-q", "refs/heads/main"},
                       bare.string(), sb.env())
               .exit_code == 0;
  }
};

TEST_F(SshRemoteCli, PushWithTheAgentsKeyReachesTheBareRepo) {
  set_remote();
  auto pushed = with_agent({"push"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output << server->log();
  EXPECT_THAT(pushed.output, HasSubstr("Pushed main"));
  EXPECT_EQ(sb.rev(bare, "main"), sb.rev(twin, "HEAD"));
  EXPECT_EQ(sb.git({"log", "-1", "--format=%s", "main"}, bare), "first snapshot\n");
  // sshd saw the agent's key, not a password or anything else.
  EXPECT_THAT(server->log(), HasSubstr("Accepted publickey for root from 127.0.0.1"));
}

TEST_F(SshRemoteCli, PullBringsACommitPushedFromAnotherCloneOverSsh) {
  set_remote();
  ASSERT_EQ(with_agent({"push"}).exit_code, 0);
  fs::path other = sb / "other";
  git_over_ssh({"clone", "-q", server->url(bare), other.string()}, sb.tmp().path());
  write_text(other / "state/extra.twin", "# from another machine\n");
  sb.commit_all(other, "agent: add extra.twin", "Agent");
  git_over_ssh({"push", "-q", "origin", "main"}, other);

  auto pulled = with_agent({"pull", "--no-review"});
  ASSERT_EQ(pulled.exit_code, 0) << pulled.output;
  EXPECT_EQ(sb.rev(twin, "HEAD"), sb.rev(other, "HEAD"));
  EXPECT_EQ(read_text(twin / "state/extra.twin"), "# from another machine\n");
  EXPECT_EQ(sb.git({"status", "--porcelain"}, twin), "");
}

TEST_F(SshRemoteCli, WithoutSshAuthSockPushSaysToStartAnAgent) {
  set_remote();
  auto r = twin_cmd({"push"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("E2025"));
  EXPECT_THAT(r.output, HasSubstr("SSH_AUTH_SOCK is not set"));
  EXPECT_THAT(r.output, HasSubstr("ssh-agent"));
  EXPECT_THAT(r.output, HasSubstr("ssh-add"));
  EXPECT_FALSE(bare_has_main());
}

TEST_F(SshRemoteCli, AnAgentWithoutTheKeyIsRefusedWithHowToAddIt) {
  set_remote();
  SshAgent empty(sb, "empty-agent");
  auto r = twin_cmd({"pull", "--no-review"}, {empty.env_entry()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("E2025"));
  EXPECT_THAT(r.output, HasSubstr("ssh-agent holds no key that the server accepts"));
  EXPECT_THAT(r.output, HasSubstr("ssh-add KEYFILE"));
  EXPECT_THAT(server->log(), Not(HasSubstr("Accepted publickey")));
}

TEST_F(SshRemoteCli, AnAgentSocketNobodyListensOnIsNamed) {
  set_remote();
  std::string socket = (sb / "no-agent.sock").string();
  auto r = twin_cmd({"push"}, {"SSH_AUTH_SOCK=" + socket});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("E2025"));
  EXPECT_THAT(r.output, HasSubstr("ssh-agent could not be used at SSH_AUTH_SOCK=" + socket));
  EXPECT_FALSE(bare_has_main());
}

TEST_F(SshRemoteCli, AnUnknownHostIsRefusedBeforeSigningIn) {
  set_remote();
  fs::remove(known_hosts);
  std::string port = std::to_string(server->port());
  for (auto args :
       {std::vector<std::string>{"push"}, std::vector<std::string>{"pull", "--no-review"}}) {
    auto r = with_agent(args);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("E2027"));
    EXPECT_THAT(r.output, HasSubstr("the ssh host " + server->known_hosts_name() + " is not in " +
                                    known_hosts.string()));
    EXPECT_THAT(r.output,
                HasSubstr("ssh-ed25519 key with fingerprint " + server->host_fingerprint(sb)));
    EXPECT_THAT(r.output, HasSubstr("`ssh-keyscan -t ed25519 -p " + port +
                                    " 127.0.0.1 >> ~/.ssh/known_hosts`"));
    EXPECT_THAT(r.output, HasSubstr("`ssh -p " + port + " root@127.0.0.1`"));
  }
  EXPECT_FALSE(bare_has_main());
  EXPECT_THAT(server->log(), Not(HasSubstr("Accepted publickey")));
  // A key recorded for another port of the same host does not vouch for this one.
  write_text(known_hosts, "[127.0.0.1]:1 " + server->host_key().type_and_key() + "\n");
  auto other_port = with_agent({"push"});
  EXPECT_EQ(other_port.exit_code, 1);
  EXPECT_THAT(other_port.output, HasSubstr("E2027"));
  EXPECT_FALSE(bare_has_main());
}

TEST_F(SshRemoteCli, AChangedHostKeyIsRefusedAsAPossibleInterception) {
  set_remote();
  auto impostor = make_ssh_key(sb, sb / "old-host-key/ed25519");
  write_text(known_hosts, server->known_hosts_name() + " " + impostor.type_and_key() + "\n");
  auto r = with_agent({"push"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("E2027"));
  EXPECT_THAT(r.output, HasSubstr("the ssh host key of " + server->known_hosts_name() +
                                  " does not match the one recorded in " + known_hosts.string()));
  EXPECT_THAT(r.output, HasSubstr("someone is intercepting the connection"));
  EXPECT_THAT(r.output, HasSubstr(server->host_fingerprint(sb)));
  EXPECT_THAT(r.output, HasSubstr("`ssh-keygen -R '" + server->known_hosts_name() + "'`"));
  EXPECT_FALSE(bare_has_main());
  EXPECT_THAT(server->log(), Not(HasSubstr("Accepted publickey")));
}

TEST_F(SshRemoteCli, TheKeyscanCommandInTheMessageFixesAnUnknownHost) {
  set_remote();
  fs::remove(known_hosts);
  auto refused = with_agent({"push"});
  ASSERT_EQ(refused.exit_code, 1);
  run_keyscan_from(refused.output);
  auto pushed = with_agent({"push"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  EXPECT_EQ(sb.rev(bare, "main"), sb.rev(twin, "HEAD"));
}

TEST_F(SshRemoteCli, AHashedKnownHostsEntryIsAccepted) {
  set_remote();
  // Debian's ssh_config has HashKnownHosts yes: entries look like |1|salt|hash.
  auto hashed = run_program({"/usr/bin/ssh-keygen", "-H", "-f", known_hosts.string()},
                            sb.tmp().path().string(), sb.env());
  ASSERT_EQ(hashed.exit_code, 0) << hashed.output;
  ASSERT_THAT(read_text(known_hosts), HasSubstr("|1|"));
  ASSERT_THAT(read_text(known_hosts), Not(HasSubstr("127.0.0.1")));
  auto pushed = with_agent({"push"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  EXPECT_EQ(sb.rev(bare, "main"), sb.rev(twin, "HEAD"));
}

// A stock sshd offers "publickey,password". twin must still sign in with the
// agent's key, not look for a token, and never send a password.
struct SshRemoteCliStockServer : SshRemoteCli {
  SshRemoteCliStockServer() { sign_in = SshSignIn::kKeysAndPasswords; }
};

TEST_F(SshRemoteCliStockServer, PushUsesTheAgentWhenPasswordsAreOfferedToo) {
  set_remote();
  auto pushed = with_agent({"push"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output << server->log();
  EXPECT_EQ(sb.rev(bare, "main"), sb.rev(twin, "HEAD"));
  EXPECT_THAT(server->log(), HasSubstr("Accepted publickey for root"));
  EXPECT_THAT(server->log(), Not(HasSubstr("password for")));
}

TEST_F(SshRemoteCliStockServer, WithoutAnAgentItSaysSoRatherThanAskingForAToken) {
  set_remote();
  auto r = twin_cmd({"push"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("SSH_AUTH_SOCK is not set"));
  EXPECT_THAT(r.output, Not(HasSubstr("token")));
}

// A stock Debian sshd has an RSA host key too. libgit2 1.5 asks the server
// only for the key type listed first for the host in known_hosts, and
// OpenSSH 9 refuses ssh-rsa (SHA-1) signatures: the handshake fails, and the
// message says how to get past it.
struct SshRemoteCliRsaHostKey : SshRemoteCli {
  SshRemoteCliRsaHostKey() { rsa_host_key_too = true; }
};

TEST_F(SshRemoteCliRsaHostKey, AnRsaEntryListedFirstIsExplainedAndAnEd25519LineFirstWorks) {
  set_remote();
  std::string rsa_line =
      server->known_hosts_name() + " " + server->rsa_host_key().type_and_key() + "\n";
  write_text(known_hosts, rsa_line + server->known_hosts_line());
  auto r = with_agent({"push"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("Unable to exchange encryption keys"));
  EXPECT_THAT(r.output, HasSubstr("asks the server only for the key type recorded first for " +
                                  server->known_hosts_name() + " in ~/.ssh/known_hosts (ssh-rsa)"));
  EXPECT_THAT(r.output,
              HasSubstr("put a line with the server's ed25519 key before it (`ssh-keyscan "
                        "-t ed25519 -p " +
                        std::to_string(server->port()) + " 127.0.0.1` prints it"));
  EXPECT_FALSE(bare_has_main());

  write_text(known_hosts, server->known_hosts_line() + rsa_line);
  auto pushed = with_agent({"push"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  EXPECT_EQ(sb.rev(bare, "main"), sb.rev(twin, "HEAD"));
}

struct SshRemoteCliPasswordServer : SshRemoteCli {
  SshRemoteCliPasswordServer() { sign_in = SshSignIn::kPasswordsOnly; }
};

TEST_F(SshRemoteCliPasswordServer, AServerWithoutKeySignInIsRefusedWithoutSendingAPassword) {
  set_remote();
  auto r = with_agent({"push"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("E2025"));
  EXPECT_THAT(r.output, HasSubstr("the ssh server offers no public-key sign-in"));
  EXPECT_THAT(server->log(), Not(HasSubstr("password for")));
  EXPECT_FALSE(bare_has_main());
}

}  // namespace
}  // namespace twin::cli
