// ssh host keys: libgit2 (1.5.1 and later, with libssh2) checks the server's
// key against ~/.ssh/known_hosts before it authenticates, and refuses a host
// it does not find there with "invalid or unknown remote ssh hostkey". That
// verdict stands; this file only turns it into an error a user can act on:
// which host, whether it is unknown or its key changed, the fingerprint to
// compare, and the command that fixes it. The diagnosis asks libssh2's
// known_hosts matcher with the same arguments libgit2 used, so the two agree.
#include <git2.h>
#include <libssh2.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "engine/repo/git_remote_detail.h"
#include "engine/repo/http_url.h"

namespace twin::engine::git_remote_detail {
namespace {

/// Base64 without padding, as OpenSSH prints fingerprints.
std::string base64_unpadded(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < size; i += 3) {
    unsigned value = bytes[i] << 16;
    if (i + 1 < size) value |= bytes[i + 1] << 8;
    if (i + 2 < size) value |= bytes[i + 2];
    out += kDigits[(value >> 18) & 63];
    out += kDigits[(value >> 12) & 63];
    if (i + 1 < size) out += kDigits[(value >> 6) & 63];
    if (i + 2 < size) out += kDigits[value & 63];
  }
  return out;
}

/// The key type named at the start of a wire-format key blob, e.g. "ssh-ed25519".
std::string key_type_of(const std::string& blob, git_cert_ssh_raw_type_t raw_type) {
  if (blob.size() >= 4) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(blob[i]); };
    std::size_t length = (std::size_t(byte(0)) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
    if (length > 0 && length <= 64 && 4 + length <= blob.size()) return blob.substr(4, length);
  }
  switch (raw_type) {
    case GIT_CERT_SSH_RAW_TYPE_RSA:
      return "ssh-rsa";
    case GIT_CERT_SSH_RAW_TYPE_DSS:
      return "ssh-dss";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256:
      return "ecdsa-sha2-nistp256";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384:
      return "ecdsa-sha2-nistp384";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521:
      return "ecdsa-sha2-nistp521";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519:
      return "ssh-ed25519";
    default:
      return "unknown";
  }
}

/// The file libgit2 reads: ~/.ssh/known_hosts, with ~ from HOME, else the
/// password database (as libgit2 finds the home directory).
std::filesystem::path known_hosts_path() {
  const char* home = std::getenv("HOME");
  std::string dir = home && *home ? home : "";
  if (dir.empty())
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) dir = pw->pw_dir;
  return std::filesystem::path(dir) / ".ssh/known_hosts";
}

enum class HostKeyVerdict { kUnknownHost, kChangedKey, kUndetermined };

struct Libssh2Session {
  void operator()(LIBSSH2_SESSION* s) const { libssh2_session_free(s); }
};
struct Libssh2KnownHosts {
  void operator()(LIBSSH2_KNOWNHOSTS* h) const { libssh2_knownhost_free(h); }
};

/// ~/.ssh/known_hosts as libssh2 reads it for libgit2 (the session only owns it).
struct KnownHosts {
  std::unique_ptr<LIBSSH2_SESSION, Libssh2Session> session;
  std::unique_ptr<LIBSSH2_KNOWNHOSTS, Libssh2KnownHosts> hosts;
  bool missing = false;  // no file: nothing is known
  bool loaded = false;

  explicit KnownHosts(const std::filesystem::path& file) : session(libssh2_session_init()) {
    if (!session) return;
    hosts.reset(libssh2_knownhost_init(session.get()));
    if (!hosts) return;
    int read =
        libssh2_knownhost_readfile(hosts.get(), file.c_str(), LIBSSH2_KNOWNHOST_FILE_OPENSSH);
    missing = read == LIBSSH2_ERROR_FILE;
    loaded = read >= 0;
  }

  /// libssh2_knownhost_checkp with the arguments libgit2 1.5 passes.
  int check(const std::string& host, int port, const std::string& key,
            libssh2_knownhost** found) const {
    return libssh2_knownhost_checkp(hosts.get(), host.c_str(), port, key.data(), key.size(),
                                    LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW,
                                    found);
  }
};

/// Asks libssh2 what libgit2 asked it, to tell an unknown host from a changed key.
HostKeyVerdict diagnose(const std::filesystem::path& file, const std::string& host, int port,
                        const std::string& raw) {
  KnownHosts known(file);
  if (known.missing) return HostKeyVerdict::kUnknownHost;
  if (!known.loaded) return HostKeyVerdict::kUndetermined;
  libssh2_knownhost* found = nullptr;
  int check = known.check(host, port, raw, &found);
  if (check == LIBSSH2_KNOWNHOST_CHECK_NOTFOUND) return HostKeyVerdict::kUnknownHost;
  if (check == LIBSSH2_KNOWNHOST_CHECK_MISMATCH) return HostKeyVerdict::kChangedKey;
  return HostKeyVerdict::kUndetermined;
}

/// The key type of the first known_hosts entry for the host, which libgit2
/// 1.5 asks the server for (and no other); empty when the host is not listed.
std::string first_recorded_key_type(const std::filesystem::path& file, const std::string& host,
                                    int port) {
  KnownHosts known(file);
  if (!known.loaded) return "";
  libssh2_knownhost* found = nullptr;
  // libgit2's own trick: a nonsense key mismatches the first entry for the host.
  if (known.check(host, port, std::string(1, '\0'), &found) != LIBSSH2_KNOWNHOST_CHECK_MISMATCH ||
      !found)
    return "";
  switch (found->typemask & LIBSSH2_KNOWNHOST_KEY_MASK) {
    case LIBSSH2_KNOWNHOST_KEY_SSHRSA:
      return "ssh-rsa";
    case LIBSSH2_KNOWNHOST_KEY_SSHDSS:
      return "ssh-dss";
    case LIBSSH2_KNOWNHOST_KEY_ECDSA_256:
      return "ecdsa-sha2-nistp256";
    case LIBSSH2_KNOWNHOST_KEY_ECDSA_384:
      return "ecdsa-sha2-nistp384";
    case LIBSSH2_KNOWNHOST_KEY_ECDSA_521:
      return "ecdsa-sha2-nistp521";
    case LIBSSH2_KNOWNHOST_KEY_ED25519:
      return "ssh-ed25519";
    default:
      return "";
  }
}

/// `ssh-keyscan -t` names: ed25519, ecdsa, rsa, dsa.
std::string keyscan_type(const std::string& key_type) {
  if (key_type == "ssh-ed25519") return "ed25519";
  if (key_type.starts_with("ecdsa-")) return "ecdsa";
  if (key_type == "ssh-rsa") return "rsa";
  if (key_type == "ssh-dss") return "dsa";
  return "";
}

/// Where a URL points, as ssh and known_hosts name it.
struct SshTarget {
  std::string host;
  std::string port = "22";
  std::string user;  // "root@" or empty

  bool default_port() const { return port == "22"; }
  int port_number() const { return std::atoi(port.c_str()); }
  /// "host", or "[host]:port" as known_hosts and ssh-keygen -R name it.
  std::string known_hosts_name() const { return default_port() ? host : "[" + host + "]:" + port; }
  std::string port_flag() const { return default_port() ? "" : "-p " + port + " "; }
  /// The ssh-keyscan command printing the host's key of `key_type`,
  /// appending it to ~/.ssh/known_hosts when `append`.
  std::string keyscan(const std::string& key_type, bool append) const {
    std::string type = keyscan_type(key_type);
    return "`ssh-keyscan " + (type.empty() ? "" : "-t " + type + " ") + port_flag() + host +
           (append ? " >> ~/.ssh/known_hosts`" : "`");
  }
};

SshTarget ssh_target(const std::string& url, const std::string& host_checked) {
  SshTarget target;
  auto parsed = parse_url(url);
  target.host = !host_checked.empty() ? host_checked : parsed ? parsed->host : "";
  if (parsed && !parsed->port.empty()) target.port = parsed->port;
  if (parsed && !parsed->userinfo.empty()) target.user = parsed->userinfo + "@";
  return target;
}

}  // namespace

int record_host_key(git_cert* cert, int valid, const char* host, void* payload) {
  // TLS certificates, and ssh keys libgit2 found in known_hosts: its verdict.
  if (valid || !cert || cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) return GIT_PASSTHROUGH;
  const auto* key = reinterpret_cast<const git_cert_hostkey*>(cert);
  RefusedHostKey refused;
  refused.host = host ? host : "";
  if ((key->type & GIT_CERT_SSH_RAW) && key->hostkey)
    refused.raw.assign(key->hostkey, key->hostkey_len);
  refused.type = key_type_of(refused.raw, key->raw_type);
  if (key->type & GIT_CERT_SSH_SHA256)
    refused.sha256 = "SHA256:" + base64_unpadded(key->hash_sha256, sizeof key->hash_sha256);
  static_cast<AuthState*>(payload)->refused_host_key = std::move(refused);
  return GIT_PASSTHROUGH;  // libgit2 keeps refusing the host
}

Error host_key_failure(const std::string& what, const RefusedHostKey& key, const std::string& url) {
  SshTarget target = ssh_target(url, key.host);
  std::string shown = target.known_hosts_name();
  auto file = known_hosts_path();
  int port = target.port_number();
  HostKeyVerdict verdict = key.raw.empty()
                               ? HostKeyVerdict::kUndetermined
                               : diagnose(file, target.host, port > 0 ? port : -1, key.raw);
  std::string fingerprint =
      key.type + " key" + (key.sha256.empty() ? "" : " with fingerprint " + key.sha256);
  std::string add = target.keyscan(key.type, /*append=*/true);
  std::string message;
  if (verdict == HostKeyVerdict::kChangedKey) {
    message = what + ": the ssh host key of " + shown + " does not match the one recorded in " +
              file.string() +
              ": the server was reinstalled or changed its key, or someone is intercepting the "
              "connection. Nothing was sent. The server now shows an " +
              fingerprint +
              ". Only once you have confirmed that this is the server's new key, remove the old "
              "entry with `ssh-keygen -R '" +
              shown + "'` and add the new one with " + add;
  } else {
    std::string why = verdict == HostKeyVerdict::kUnknownHost
                          ? " is not in " + file.string()
                          : " is not in " + file.string() + " (or does not match it)";
    message = what + ": the ssh host " + shown + why +
              ", so twin cannot tell that it is the right server; nothing was sent. It shows an " +
              fingerprint +
              ". Check that fingerprint with the server's owner, then add the key "
              "with " +
              add + ", or connect once with `ssh " + target.port_flag() + target.user +
              target.host + "` and accept it";
  }
  return make_error("E2027", message, url);
}

Error ssh_handshake_failure(Error failure, const std::string& url) {
  if (failure.message.find("Unable to exchange encryption keys") == std::string::npos)
    return failure;
  SshTarget target = ssh_target(url, "");
  int port = target.port_number();
  std::string type = first_recorded_key_type(known_hosts_path(), target.host, port > 0 ? port : -1);
  if (type.empty()) return failure;
  failure.message +=
      ". libgit2 asks the server only for the key type recorded first for " +
      target.known_hosts_name() + " in ~/.ssh/known_hosts (" + type + ")" +
      (type == "ssh-rsa" ? ", and OpenSSH 8.8 and later no longer sign with ssh-rsa (SHA-1)" : "") +
      ": put a line with the server's ed25519 key before it (" +
      target.keyscan("ssh-ed25519", /*append=*/false) +
      " prints it; check its fingerprint with the server's owner first)";
  return failure;
}

}  // namespace twin::engine::git_remote_detail
