#include "engine/repo/git_remote.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

#include "engine/repo/git_damage.h"
#include "engine/repo/git_remote_detail.h"
#include "engine/repo/http_url.h"

namespace twin::engine {
namespace git_remote_detail {
namespace {

constexpr const char* kTokenUser = "x-access-token";

/// ssh: the user name, then ssh-agent's keys, once. Never a password or a
/// token, even when the server offers password sign-in (a stock sshd does).
int ssh_credential(git_credential** out, const char* username_from_url, unsigned int allowed_types,
                   AuthState& state) {
  const char* user = username_from_url && *username_from_url ? username_from_url : "git";
  if (allowed_types & GIT_CREDENTIAL_USERNAME) return git_credential_username_new(out, user);
  if (!(allowed_types & GIT_CREDENTIAL_SSH_KEY)) {
    if (state.ssh_offers == 0) state.no_publickey = true;
  } else if (state.ssh_offers++ == 0) {
    // The only ssh credential twin offers is ssh-agent's: say so plainly when
    // there is none, rather than libssh2's "no auth sock variable".
    const char* socket = std::getenv("SSH_AUTH_SOCK");
    if (!socket || !*socket) {
      state.no_agent_socket = true;
      git_error_set_str(GIT_ERROR_SSH, "SSH_AUTH_SOCK is not set");
      return GIT_EAUTH;
    }
    state.agent_socket = socket;
    return git_credential_ssh_key_from_agent(out, user);
  }
  // A second request means the server accepted none of the agent's keys.
  git_error_set_str(GIT_ERROR_SSH, "authentication required");
  return GIT_EAUTH;
}

int credential_callback(git_credential** out, const char* url, const char* username_from_url,
                        unsigned int allowed_types, void* payload) {
  auto& state = *static_cast<AuthState*>(payload);
  std::string where = url ? url : "";
  auto parsed = parse_url(where);
  // Only the ssh transport asks for these types; a server offering nothing but
  // passwords asks only for USERPASS_PLAINTEXT, so the URL decides then.
  constexpr unsigned kSshOnly = GIT_CREDENTIAL_USERNAME | GIT_CREDENTIAL_SSH_KEY |
                                GIT_CREDENTIAL_SSH_CUSTOM | GIT_CREDENTIAL_SSH_INTERACTIVE |
                                GIT_CREDENTIAL_SSH_MEMORY;
  if ((allowed_types & kSshOnly) || (parsed && parsed->scheme == "ssh"))
    return ssh_credential(out, username_from_url, allowed_types, state);
  if (allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
    std::optional<std::string> token;
    if (state.auth && state.auth->token_for_url) token = state.auth->token_for_url(where);
    if (!token) {
      state.no_token = true;
    } else if (!parsed || !allows_token(*parsed)) {
      state.refused_plain_http = true;
    } else if (state.token_offers++ == 0) {
      return git_credential_userpass_plaintext_new(out, kTokenUser, token->c_str());
    }
    // A second request means the server refused the token: stop, do not loop.
  }
  git_error_set_str(GIT_ERROR_NET, "authentication required");
  return GIT_EAUTH;
}

/// libssh2 could not use the agent at all (no such socket, nothing
/// listening, a broken reply): libgit2 1.5 reports that as a plain error
/// whose message starts "error authenticating", not as GIT_EAUTH.
bool agent_unusable(const AuthState& state) {
  if (state.ssh_offers != 1 || state.agent_socket.empty()) return false;
  const git_error* e = git_error_last();
  return e && e->klass == GIT_ERROR_SSH && e->message &&
         std::string_view(e->message).starts_with("error authenticating");
}

}  // namespace

Result<Repository> open_repo(const std::filesystem::path& twin_dir) {
  ensure_libgit2();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, twin_dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0)
    return make_error("E2002", "the twin is not a Git repository; run `twin init` first",
                      twin_dir.string());
  return Repository(raw);
}

Result<std::string> current_branch(git_repository* repo) {
  // Push and pull both start here: a damaged HEAD stops them before the network.
  auto head = read_head(repo);
  if (!head) return head.error();
  const char* target = head->branch.c_str();
  if (head->branch.empty() || std::strncmp(target, "refs/heads/", 11) != 0)
    return make_error("E2023",
                      "HEAD is not on a branch (detached); check out a branch of the twin first");
  return std::string(target + 11);
}

Result<Remote> lookup_origin(git_repository* repo) {
  git_remote* raw = nullptr;
  int rc = git_remote_lookup(&raw, repo, std::string(kRemoteName).c_str());
  if (rc == GIT_ENOTFOUND)
    return make_error("E2020",
                      "no remote is set; use `twin remote set URL` or `twin setup-github`");
  if (rc < 0) return git_failure(rc, "read the remote");
  return Remote(raw);
}

void install_credentials(git_remote_callbacks& callbacks, AuthState& state) {
  callbacks.credentials = credential_callback;
  callbacks.certificate_check = record_host_key;
  callbacks.payload = &state;
}

Error transport_failure(int rc, const std::string& what, const AuthState& state,
                        const std::string& url) {
  if (state.refused_host_key) return host_key_failure(what, *state.refused_host_key, url);
  bool unusable_agent = agent_unusable(state);
  bool auth_failed = rc == GIT_EAUTH || state.token_offers > 1 || state.no_token ||
                     state.refused_plain_http || state.ssh_offers > 1 || state.no_agent_socket ||
                     state.no_publickey || unusable_agent;
  if (!auth_failed) {
    Error e = git_failure(rc, what);
    e.context = url;
    return ssh_handshake_failure(std::move(e), url);
  }
  std::string why;
  if (state.refused_plain_http)
    why = "a token is stored for this host, but it is never sent over plain http; use https";
  else if (state.no_token)
    why = "no token is stored for this host; run `twin setup-github` (or use an ssh URL)";
  else if (state.token_offers > 0)
    why = "the server refused the stored token: it may be wrong, expired or lack access to "
          "this repository; run `twin setup-github` again with a new token";
  else if (state.no_agent_socket)
    why = "SSH_AUTH_SOCK is not set: twin signs in over ssh only through ssh-agent; start one "
          "(`eval \"$(ssh-agent)\"`) and add your key with `ssh-add KEYFILE`";
  else if (state.no_publickey)
    why = "the ssh server offers no public-key sign-in, and twin signs in over ssh only with "
          "ssh-agent's keys (never a password)";
  else if (unusable_agent)
    why = "ssh-agent could not be used at SSH_AUTH_SOCK=" + state.agent_socket + " (" +
          git_error_last()->message +
          "); is the agent running? (`ssh-add -l` talks to the same socket)";
  else {
    auto parsed = parse_url(url);
    std::string user = parsed && !parsed->userinfo.empty() ? parsed->userinfo : "git";
    why = "ssh-agent holds no key that the server accepts for user `" + user +
          "`; add it with `ssh-add KEYFILE` (`ssh-add -l` lists the agent's keys)";
  }
  return make_error("E2025", what + ": authentication failed: " + why, url);
}

std::string oid_hex(const git_oid* oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, oid);
  return buf;
}

IncomingCommit incoming_commit(const git_commit* commit) {
  IncomingCommit info;
  info.id = oid_hex(git_commit_id(commit));
  info.short_id = info.id.substr(0, 7);
  if (const git_signature* a = git_commit_author(commit)) {
    info.author = std::string(a->name ? a->name : "") + " <" + (a->email ? a->email : "") + ">";
    info.time = a->when.time;
  }
  const char* summary = git_commit_summary(const_cast<git_commit*>(commit));
  info.summary = summary ? summary : "";
  return info;
}

}  // namespace git_remote_detail

using namespace git_remote_detail;

Status check_remote_url(std::string_view url) {
  if (url.empty()) return make_error("E2021", "the remote URL is empty");
  if (url.find_first_of(" \t\r\n") != std::string_view::npos || url.find('\0') != std::string_view::npos)
    return make_error("E2021", "a remote URL holds no whitespace", std::string(url));
  if (url.front() == '/') return {};
  auto parsed = parse_url(url);
  if (!parsed)
    return make_error("E2021",
                      "not a Git URL: use https://, ssh://, user@host:path, git://, file:// or "
                      "an absolute path",
                      std::string(url));
  const std::string& s = parsed->scheme;
  if (s != "https" && s != "http" && s != "ssh" && s != "git" && s != "file")
    return make_error("E2021", "unsupported URL scheme `" + s + "`", std::string(url));
  if ((s == "https" || s == "http") && !parsed->userinfo.empty())
    // Do not echo the URL: the user part may well be the token itself.
    return make_error("E2022",
                      "the URL holds a user name or password; credentials are never stored in "
                      "the twin: give the URL without them and store a token with "
                      "`twin setup-github`");
  return {};
}

Result<std::optional<std::string>> remote_url(const std::filesystem::path& twin_dir) {
  auto repo = open_repo(twin_dir);
  if (!repo) return repo.error();
  auto remote = lookup_origin(repo->get());
  if (!remote) {
    if (remote.error().code == "E2020") return std::optional<std::string>();
    return remote.error();
  }
  const char* url = git_remote_url(remote->get());
  return std::optional<std::string>(url ? url : "");
}

Status set_remote_url(const std::filesystem::path& twin_dir, const std::string& url) {
  if (auto ok = check_remote_url(url); !ok) return ok;
  auto repo = open_repo(twin_dir);
  if (!repo) return repo.error();
  std::string name(kRemoteName);
  auto existing = lookup_origin(repo->get());
  if (existing) {
    if (int rc = git_remote_set_url(repo->get(), name.c_str(), url.c_str()); rc < 0)
      return git_failure(rc, "set the remote URL");
    return {};
  }
  if (existing.error().code != "E2020") return existing.error();
  git_remote* raw = nullptr;
  if (int rc = git_remote_create(&raw, repo->get(), name.c_str(), url.c_str()); rc < 0)
    return git_failure(rc, "create the remote");
  Remote created(raw);
  return {};
}

Status remove_remote(const std::filesystem::path& twin_dir) {
  auto repo = open_repo(twin_dir);
  if (!repo) return repo.error();
  if (auto remote = lookup_origin(repo->get()); !remote) return remote.error();
  if (int rc = git_remote_delete(repo->get(), std::string(kRemoteName).c_str()); rc < 0)
    return git_failure(rc, "remove the remote");
  return {};
}

namespace {

int on_push_update(const char* refname, const char* status, void* payload) {
  auto& state = *static_cast<AuthState*>(payload);
  if (status) state.push_rejected = std::string(refname) + ": " + status;
  return 0;
}

Error rejected_push(const std::string& url, const std::string& branch) {
  return make_error("E2024",
                    "the remote's " + branch +
                        " has commits this twin does not have; run `twin pull` to bring them "
                        "in, then `twin push` again",
                    url);
}

}  // namespace

Result<PushOutcome> push_branch(const std::filesystem::path& twin_dir, const GitAuth& auth) {
  auto repo = open_repo(twin_dir);
  if (!repo) return repo.error();
  auto branch = current_branch(repo->get());
  if (!branch) return branch.error();
  git_oid head;
  if (git_reference_name_to_id(&head, repo->get(), ("refs/heads/" + *branch).c_str()) < 0)
    return make_error("E2023",
                      "nothing to push: the twin has no commit yet; take a snapshot first");
  auto remote = lookup_origin(repo->get());
  if (!remote) return remote.error();
  std::string url = git_remote_url(remote->get()) ? git_remote_url(remote->get()) : "";

  AuthState state;
  state.auth = &auth;
  git_push_options options = GIT_PUSH_OPTIONS_INIT;
  install_credentials(options.callbacks, state);
  options.callbacks.push_update_reference = on_push_update;
  std::string refspec = "refs/heads/" + *branch + ":refs/heads/" + *branch;
  char* specs[] = {refspec.data()};
  git_strarray refspecs = {specs, 1};
  int rc = git_remote_push(remote->get(), &refspecs, &options);
  if (rc < 0) {
    const git_error* e = git_error_last();
    std::string message = e && e->message ? e->message : "";
    if (rc == GIT_ENONFASTFORWARD || message.find("non-fast") != std::string::npos ||
        message.find("not present locally") != std::string::npos ||
        message.find("not fast-forward") != std::string::npos ||
        message.find("fastforward") != std::string::npos)
      return rejected_push(url, *branch);
    return transport_failure(rc, "push to " + std::string(kRemoteName), state, url);
  }
  if (!state.push_rejected.empty()) {
    if (state.push_rejected.find("fast") != std::string::npos ||
        state.push_rejected.find("fetch first") != std::string::npos)
      return rejected_push(url, *branch);
    return make_error("E2024", "the remote refused the push: " + state.push_rejected, url);
  }
  return PushOutcome{*branch, url, oid_hex(&head).substr(0, 7)};
}

}  // namespace twin::engine
