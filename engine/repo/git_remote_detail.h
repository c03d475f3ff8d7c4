// Internals shared by git_remote*.cc: libgit2 handles as unique_ptrs, and the
// credential callback. Not for use outside engine/git_remote*.
#pragma once

#include <git2.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "engine/repo/git_remote.h"
#include "engine/core/git_runtime.h"

namespace twin::engine::git_remote_detail {

template <class T, void (*Free)(T*)>
using GitHandle = std::unique_ptr<T, GitDeleter<T, Free>>;

using Repository = GitHandle<git_repository, git_repository_free>;
using Remote = GitHandle<git_remote, git_remote_free>;
using Reference = GitHandle<git_reference, git_reference_free>;
using Commit = GitHandle<git_commit, git_commit_free>;
using Tree = GitHandle<git_tree, git_tree_free>;
using Index = GitHandle<git_index, git_index_free>;
using AnnotatedCommit = GitHandle<git_annotated_commit, git_annotated_commit_free>;
using Signature = GitHandle<git_signature, git_signature_free>;
using Revwalk = GitHandle<git_revwalk, git_revwalk_free>;
using Blame = GitHandle<git_blame, git_blame_free>;
using IndexConflictIterator =
    GitHandle<git_index_conflict_iterator, git_index_conflict_iterator_free>;

/// Opens the twin's repository (not searching upwards). Errors: E2002.
Result<Repository> open_repo(const std::filesystem::path& twin_dir);

/// "main" for HEAD -> refs/heads/main, also when the branch has no commit
/// yet. Errors: E2023 when HEAD is detached, E2006 when it is damaged
/// (engine/repo/git_damage.h).
Result<std::string> current_branch(git_repository* repo);

/// Looks up `origin`. Errors: E2020 when it is not set.
Result<Remote> lookup_origin(git_repository* repo);

/// An ssh host key that libgit2 did not find in ~/.ssh/known_hosts.
struct RefusedHostKey {
  std::string host;    // as libgit2 checked it (no port, no brackets)
  std::string raw;     // the key blob in ssh wire format
  std::string type;    // e.g. "ssh-ed25519"
  std::string sha256;  // "SHA256:..." as `ssh-keygen -l` prints it
};

/// What the credential and certificate callbacks did, so that a failure can say why.
struct AuthState {
  const GitAuth* auth = nullptr;
  int token_offers = 0;
  int ssh_offers = 0;
  bool no_token = false;            // https, but no token stored for the host
  bool refused_plain_http = false;  // a token exists but the URL is plain http
  bool no_agent_socket = false;     // ssh, but SSH_AUTH_SOCK is unset or empty
  bool no_publickey = false;        // ssh, but the server offers no public-key sign-in
  std::string agent_socket;         // SSH_AUTH_SOCK when the agent was offered
  std::optional<RefusedHostKey> refused_host_key;
  std::string push_rejected;  // "ref: reason" when the remote refused an update
};

/// Fills `callbacks` with the credential and certificate callbacks reading `state`.
void install_credentials(git_remote_callbacks& callbacks, AuthState& state);

/// libgit2 (1.5.1 and later) checks an ssh server's host key against
/// ~/.ssh/known_hosts itself and refuses one it does not find. This callback
/// never overrides that verdict: it only records a refused key in the
/// AuthState (`payload`), so that the error can name the host and the fix.
int record_host_key(git_cert* cert, int valid, const char* host, void* payload);

/// E2027 for a refused ssh host key: says whether the host is missing from
/// ~/.ssh/known_hosts or listed with another key, shows the fingerprint, and
/// how to fix it (ssh-keyscan, or ssh once; ssh-keygen -R for a changed key).
Error host_key_failure(const std::string& what, const RefusedHostKey& key, const std::string& url);

/// `failure` (E2001) with a hint when the ssh handshake found no common host
/// key type because libgit2 1.5 asked only for the type recorded first for
/// the host in ~/.ssh/known_hosts (ssh-rsa, which OpenSSH >= 8.8 refuses).
Error ssh_handshake_failure(Error failure, const std::string& url);

/// The error for a failed fetch or push: E2027 for a refused ssh host key;
/// E2025 when authentication failed (no token stored, token refused, no
/// ssh-agent, or no key the server accepts), else E2001.
Error transport_failure(int rc, const std::string& what, const AuthState& state,
                        const std::string& url);

std::string oid_hex(const git_oid* oid);
IncomingCommit incoming_commit(const git_commit* commit);

}  // namespace twin::engine::git_remote_detail
