// Internals shared by git_remote*.cc: libgit2 handles as unique_ptrs, and the
// credential callback. Not for use outside engine/git_remote*.
#pragma once

#include <git2.h>

#include <filesystem>
#include <memory>
#include <string>

#include "engine/git_remote.h"
#include "engine/git_runtime.h"

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
/// yet. Errors: E2023 when HEAD is detached.
Result<std::string> current_branch(git_repository* repo);

/// Looks up `origin`. Errors: E2020 when it is not set.
Result<Remote> lookup_origin(git_repository* repo);

/// What the credential callback did, so that a failure can say why.
struct AuthState {
  const GitAuth* auth = nullptr;
  int token_offers = 0;
  int ssh_offers = 0;
  bool no_token = false;          // https, but no token stored for the host
  bool refused_plain_http = false;  // a token exists but the URL is plain http
  std::string push_rejected;        // "ref: reason" when the remote refused an update
};

/// Fills `callbacks` with the credential callback reading `state`.
void install_credentials(git_remote_callbacks& callbacks, AuthState& state);

/// The error for a failed fetch or push: E2025 when authentication failed
/// (saying whether no token was stored, or it was refused), else E2001.
Error transport_failure(int rc, const std::string& what, const AuthState& state,
                        const std::string& url);

std::string oid_hex(const git_oid* oid);
IncomingCommit incoming_commit(const git_commit* commit);

}  // namespace twin::engine::git_remote_detail
