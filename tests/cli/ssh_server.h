// A real OpenSSH server and ssh-agent for one test, everything inside the
// test's temp dir: host and user keys from ssh-keygen (ed25519, no
// passphrase), an sshd_config, `sshd -D` on a free 127.0.0.1 port, and
// `ssh-agent -D -a SOCK`. Both are children of the test, stopped by pid.
//
// sshd running as root insists on its privilege-separation directory
// /run/sshd, and no option names another one. Rather than create it on the
// host, sshd runs in a private mount namespace where the temp dir's run/ is
// bind-mounted over /run (made private first, so nothing propagates to the
// host). sshd's login records would also go to that run/; none are written
// anyway, because the config allows no terminal (git needs none).
#pragma once

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/git_sandbox.h"

namespace twin::testing {

inline constexpr const char* kSshd = "/usr/sbin/sshd";

/// A key pair made by ssh-keygen: `private_key` and its one-line public key.
struct SshKey {
  std::filesystem::path private_key;
  std::string public_line;  // "ssh-ed25519 AAAA... comment"

  /// "ssh-ed25519 AAAA..." without the comment, as known_hosts holds it.
  std::string type_and_key() const {
    auto second_space = public_line.find(' ', public_line.find(' ') + 1);
    return public_line.substr(0, second_space);
  }
};

inline SshKey make_ssh_key(const GitSandbox& sb, const std::filesystem::path& file,
                           const std::string& type = "ed25519") {
  std::filesystem::create_directories(file.parent_path());
  std::vector<std::string> argv = {"/usr/bin/ssh-keygen", "-q", "-t", type, "-N", ""};
  if (type == "rsa") argv.insert(argv.end(), {"-b", "2048"});  // quicker than the default 3072
  argv.insert(argv.end(), {"-C", file.filename().string(), "-f", file.string()});
  auto run = run_program(argv, file.parent_path().string(), sb.env());
  if (run.exit_code != 0) throw std::runtime_error("ssh-keygen failed: " + run.output);
  std::string line = read_text(file.string() + ".pub");
  return {file, line.substr(0, line.find('\n'))};
}

/// Waits until `pid` has exited (reaped) or `limit` passes; true when it exited.
inline bool reap(pid_t pid, std::chrono::milliseconds limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    int status = 0;
    pid_t got = ::waitpid(pid, &status, WNOHANG);
    if (got == pid || (got < 0 && errno == ECHILD)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

/// Stops a child started by the test: SIGTERM, then SIGKILL if it lingers.
inline void stop_child(pid_t pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGTERM);
  if (!reap(pid, std::chrono::seconds(5))) {
    ::kill(pid, SIGKILL);
    reap(pid, std::chrono::seconds(5));
  }
}

/// The sign-in methods sshd advertises. Passwords are advertised only: root
/// can never use one (PermitRootLogin prohibit-password).
enum class SshSignIn {
  kKeys,              // "publickey"
  kKeysAndPasswords,  // "publickey,password", as a stock sshd
  kPasswordsOnly,     // "password"
};

class SshServer {
 public:
  /// `rsa_host_key_too`: the server also has an RSA host key, as a stock
  /// Debian sshd does.
  explicit SshServer(const GitSandbox& sb, SshSignIn sign_in = SshSignIn::kKeys,
                     bool rsa_host_key_too = false)
      : dir_(sb / "sshd"), port_(free_loopback_port()) {
    std::filesystem::create_directories(dir_ / "run/sshd");
    host_key_ = make_ssh_key(sb, dir_ / "host_ed25519");
    std::string more_host_keys;
    if (rsa_host_key_too) {
      rsa_host_key_ = make_ssh_key(sb, dir_ / "host_rsa", "rsa");
      more_host_keys = "HostKey " + rsa_host_key_.private_key.string() + "\n";
    }
    user_key_ = make_ssh_key(sb, dir_ / "user_ed25519");
    write_text(dir_ / "authorized_keys", user_key_.public_line + "\n");
    std::string text = "ListenAddress 127.0.0.1\n";
    text += "Port " + std::to_string(port_) + "\n";
    text += "HostKey " + host_key_.private_key.string() + "\n" + more_host_keys;
    text += "AuthorizedKeysFile " + (dir_ / "authorized_keys").string() + "\n";
    text += "PidFile " + (dir_ / "sshd.pid").string() + "\n";
    text += sign_in_options(sign_in);
    text +=
        "UsePAM no\n"
        "KbdInteractiveAuthentication no\n"
        "StrictModes no\n"
        "PermitRootLogin prohibit-password\n"
        "PermitTTY no\n"
        "PermitUserRC no\n"
        "PrintMotd no\n"
        "PrintLastLog no\n"
        "X11Forwarding no\n"
        "AllowTcpForwarding no\n"
        "AllowAgentForwarding no\n"
        "LogLevel VERBOSE\n";
    write_text(config(), text);
    start();
  }
  ~SshServer() { stop_child(pid_); }
  SshServer(const SshServer&) = delete;
  SshServer& operator=(const SshServer&) = delete;

  int port() const { return port_; }
  const SshKey& host_key() const { return host_key_; }
  const SshKey& rsa_host_key() const { return rsa_host_key_; }
  const SshKey& user_key() const { return user_key_; }
  std::filesystem::path config() const { return dir_ / "sshd_config"; }
  std::string log() const { return read_text(dir_ / "sshd.log"); }

  /// `ssh://root@127.0.0.1:PORT/ABS/PATH`.
  std::string url(const std::filesystem::path& repo) const {
    return "ssh://root@127.0.0.1:" + std::to_string(port_) + repo.string();
  }
  /// "[127.0.0.1]:PORT": how known_hosts and ssh-keygen -R name this server.
  std::string known_hosts_name() const { return "[127.0.0.1]:" + std::to_string(port_); }
  /// The known_hosts line that trusts this server's key.
  std::string known_hosts_line() const {
    return known_hosts_name() + " " + host_key_.type_and_key() + "\n";
  }
  /// "SHA256:..." of the host key, as `ssh-keygen -l` prints it.
  std::string host_fingerprint(const GitSandbox& sb) const {
    auto run =
        run_program({"/usr/bin/ssh-keygen", "-l", "-f", host_key_.private_key.string() + ".pub"},
                    dir_.string(), sb.env());
    auto start = run.output.find("SHA256:");
    if (run.exit_code != 0 || start == std::string::npos)
      throw std::runtime_error("ssh-keygen -l failed: " + run.output);
    return run.output.substr(start, run.output.find(' ', start) - start);
  }

 private:
  static std::string sign_in_options(SshSignIn sign_in) {
    switch (sign_in) {
      case SshSignIn::kKeys:
        return "AuthenticationMethods publickey\nPasswordAuthentication no\n";
      case SshSignIn::kKeysAndPasswords:
        return "PasswordAuthentication yes\n";
      case SshSignIn::kPasswordsOnly:
        return "AuthenticationMethods password\nPasswordAuthentication yes\n";
    }
    return "";
  }

  void start() {
    std::string run_dir = (dir_ / "run").string();
    std::string config_path = config().string();
    std::string log_path = (dir_ / "sshd.log").string();
    std::string stderr_path = (dir_ / "sshd.stderr").string();
    std::vector<std::string> argv = {kSshd, "-D", "-f", config_path, "-E", log_path};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    char path_env[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
    char* envp[] = {path_env, nullptr};
    // Where the host already has /run/sshd, no namespace is needed.
    bool need_namespace = !std::filesystem::is_directory("/run/sshd");
    int out = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out < 0 || in < 0) throw std::runtime_error("cannot open sshd's output files");

    pid_ = ::fork();
    if (pid_ == 0) {  // the child: async-signal-safe calls only, then exec
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(out, 2);
      auto fail = [](const char* step) {
        ::write(2, step, __builtin_strlen(step));
        ::_exit(126);
      };
      if (need_namespace) {
        if (::unshare(CLONE_NEWNS) != 0) fail("unshare(CLONE_NEWNS) failed\n");
        // Private first: the bind mount below must never reach the host.
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
          fail("making / private failed\n");
        if (::mount(run_dir.c_str(), "/run", nullptr, MS_BIND, nullptr) != 0)
          fail("bind-mounting run/ over /run failed\n");
      }
      ::execve(kSshd, args.data(), envp);
      fail("exec sshd failed\n");
    }
    ::close(out);
    ::close(in);
    if (pid_ < 0) throw std::runtime_error("fork failed");
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < end) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("sshd exited at start: " + read_text(stderr_path) + log());
      }
      if (wait_for_port(port_, std::chrono::milliseconds(50))) return;
    }
    throw std::runtime_error("sshd did not listen on port " + std::to_string(port_) + ": " + log());
  }

  std::filesystem::path dir_;
  int port_;
  SshKey host_key_, rsa_host_key_, user_key_;
  pid_t pid_ = -1;
};

/// `ssh-agent -D -a SOCK`, holding the keys given to add().
class SshAgent {
 public:
  SshAgent(const GitSandbox& sb, const std::string& name)
      : sb_(sb), socket_(sb / (name + ".sock")) {
    std::string socket = socket_.string();
    std::vector<std::string> argv = {"/usr/bin/ssh-agent", "-D", "-a", socket};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    auto env = sb.env();
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawn(&pid_, argv[0].c_str(), &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start ssh-agent");
    // The socket file appears at bind(), a moment before listen(): wait
    // until a connection is accepted, as ssh-add's would be.
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!accepts_connections()) {
      if (std::chrono::steady_clock::now() > end)
        throw std::runtime_error("ssh-agent does not listen at " + socket);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~SshAgent() { stop_child(pid_); }
  SshAgent(const SshAgent&) = delete;
  SshAgent& operator=(const SshAgent&) = delete;

  bool accepts_connections() const {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string path = socket_.string();
    if (path.size() >= sizeof address.sun_path) return false;
    path.copy(address.sun_path, path.size());
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return up;
  }

  /// SSH_AUTH_SOCK=... for a child's environment (never this process's).
  std::string env_entry() const { return "SSH_AUTH_SOCK=" + socket_.string(); }

  void add(const SshKey& key) const {
    auto env = sb_.env();
    env.push_back(env_entry());
    auto run = run_program({"/usr/bin/ssh-add", "-q", key.private_key.string()},
                           sb_.tmp().path().string(), env);
    if (run.exit_code != 0) throw std::runtime_error("ssh-add failed: " + run.output);
  }

 private:
  const GitSandbox& sb_;
  std::filesystem::path socket_;
  pid_t pid_ = -1;
};

}  // namespace twin::testing
