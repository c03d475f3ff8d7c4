// pull_branch: fetch, then fast-forward or merge, never leaving a half-done
// state. Objects (the merge commit) are written first, the working tree is
// checked out with GIT_CHECKOUT_SAFE (which checks every path before writing
// any, so local edits stop it cleanly), and only then does the branch move.
#include <unistd.h>

#include <climits>

#include "engine/repo/git_remote.h"
#include "engine/core/twin_layout.h"
#include "engine/repo/git_remote_detail.h"

namespace twin::engine {
using namespace git_remote_detail;
namespace {

/// What changes the machine or what is imported: a conflict there is a
/// person's to resolve. Elsewhere (live/, logs/) this machine's side wins.
bool under_reviewed_dirs(std::string_view path) {
  return layout::is_in(layout::kState, path) || layout::is_in(layout::kFilesystem, path) ||
         layout::is_in(layout::kModules, path) || path == layout::kModulesLock ||
         path == layout::kConfig;
}

Result<Commit> lookup_commit(git_repository* repo, const git_oid& id) {
  git_commit* raw = nullptr;
  if (int rc = git_commit_lookup(&raw, repo, &id); rc < 0) return git_failure(rc, "read a commit");
  return Commit(raw);
}

/// The remote's commits that `old_head` does not have, oldest first.
Result<std::vector<IncomingCommit>> commits_between(git_repository* repo, const git_oid* old_head,
                                                const git_oid& new_head) {
  git_revwalk* raw = nullptr;
  if (int rc = git_revwalk_new(&raw, repo); rc < 0) return git_failure(rc, "walk history");
  Revwalk walk(raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  if (int rc = git_revwalk_push(walk.get(), &new_head); rc < 0) return git_failure(rc, "walk history");
  if (old_head) (void)git_revwalk_hide(walk.get(), old_head);
  std::vector<IncomingCommit> out;
  git_oid id;
  while (git_revwalk_next(&id, walk.get()) == 0) {
    auto commit = lookup_commit(repo, id);
    if (!commit) return commit.error();
    out.push_back(incoming_commit(commit->get()));
  }
  return out;
}

struct CheckoutConflicts {
  std::vector<std::string> paths;
};

int on_checkout_conflict(git_checkout_notify_t, const char* path, const git_diff_file*,
                         const git_diff_file*, const git_diff_file*, void* payload) {
  static_cast<CheckoutConflicts*>(payload)->paths.emplace_back(path);
  return 0;
}

/// Writes `tree` to the working tree and index, refusing (E2026, nothing
/// written) when that would overwrite uncommitted local changes.
Status checkout_safely(git_repository* repo, const git_commit* target) {
  git_tree* raw = nullptr;
  if (int rc = git_commit_tree(&raw, target); rc < 0) return git_failure(rc, "read a tree");
  Tree tree(raw);
  CheckoutConflicts conflicts;
  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  options.checkout_strategy = GIT_CHECKOUT_SAFE;
  options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
  options.notify_cb = on_checkout_conflict;
  options.notify_payload = &conflicts;
  int rc = git_checkout_tree(repo, reinterpret_cast<const git_object*>(tree.get()), &options);
  if (rc == GIT_ECONFLICT || !conflicts.paths.empty()) {
    std::string list;
    for (const auto& p : conflicts.paths) list += (list.empty() ? "" : ", ") + p;
    return make_error("E2026",
                      "uncommitted local changes would be overwritten: " + list +
                          "; take a snapshot (or undo them) first. Nothing was changed.");
  }
  if (rc < 0) return git_failure(rc, "check out the pulled commits");
  return {};
}

Result<Signature> merge_signature(git_repository* repo) {
  git_signature* raw = nullptr;
  if (git_signature_default(&raw, repo) == 0) return Signature(raw);
  char host[HOST_NAME_MAX + 1] = "localhost";
  (void)gethostname(host, sizeof host);
  host[HOST_NAME_MAX] = '\0';
  if (int rc = git_signature_now(&raw, "twin", (std::string("twin@") + host).c_str()); rc < 0)
    return git_failure(rc, "make a commit signature");
  return Signature(raw);
}

/// Resolves conflicts outside state/ and filesystem/ to our side; returns
/// the conflicting paths under them (left unresolved).
Result<std::vector<std::string>> settle_conflicts(git_index* index,
                                                  std::vector<std::string>& kept_local) {
  std::vector<std::string> reviewed, others;
  git_index_conflict_iterator* raw = nullptr;
  if (int rc = git_index_conflict_iterator_new(&raw, index); rc < 0)
    return git_failure(rc, "read merge conflicts");
  {
    IndexConflictIterator it(raw);
    const git_index_entry *ancestor, *ours, *theirs;
    while (git_index_conflict_next(&ancestor, &ours, &theirs, it.get()) == 0) {
      const char* path = ours ? ours->path : theirs ? theirs->path : ancestor->path;
      (under_reviewed_dirs(path) ? reviewed : others).emplace_back(path);
    }
  }
  if (!reviewed.empty()) return reviewed;
  for (const auto& path : others) {
    const git_index_entry *ancestor, *ours, *theirs;
    if (int rc = git_index_conflict_get(&ancestor, &ours, &theirs, index, path.c_str()); rc < 0)
      return git_failure(rc, "read a merge conflict");
    std::optional<git_index_entry> keep;
    if (ours) keep = *ours;
    if (int rc = git_index_conflict_remove(index, path.c_str()); rc < 0)
      return git_failure(rc, "resolve a merge conflict");
    if (keep) {
      GIT_INDEX_ENTRY_STAGE_SET(&*keep, 0);
      keep->path = path.c_str();
      if (int rc = git_index_add(index, &*keep); rc < 0)
        return git_failure(rc, "resolve a merge conflict");
    }
    kept_local.push_back(path);
  }
  return reviewed;
}

Status move_branch(git_repository* repo, const std::string& branch, const git_oid& to,
                   const std::string& log) {
  git_reference* raw = nullptr;
  std::string name = "refs/heads/" + branch;
  int rc = git_reference_create(&raw, repo, name.c_str(), &to, /*force=*/1, log.c_str());
  if (rc < 0) return git_failure(rc, "move " + branch);
  Reference(raw).reset();
  return {};
}

/// Both sides have commits: merge when nothing under state/ or filesystem/
/// conflicts. Fills `out`; the twin is untouched on kConflict.
Status merge(git_repository* repo, const std::string& branch, const git_oid& ours_id,
             const git_oid& theirs_id, PullOutcome& out) {
  auto ours = lookup_commit(repo, ours_id);
  if (!ours) return ours.error();
  auto theirs = lookup_commit(repo, theirs_id);
  if (!theirs) return theirs.error();
  git_index* raw = nullptr;
  git_merge_options options = GIT_MERGE_OPTIONS_INIT;
  if (int rc = git_merge_commits(&raw, repo, ours->get(), theirs->get(), &options); rc < 0)
    return git_failure(rc, "merge");
  Index index(raw);
  auto reviewed = settle_conflicts(index.get(), out.kept_local);
  if (!reviewed) return reviewed.error();
  if (!reviewed->empty()) {
    out.kind = PullKind::kConflict;
    out.conflicts = std::move(reviewed).value();
    out.kept_local.clear();
    return {};
  }
  git_oid tree_id;
  if (int rc = git_index_write_tree_to(&tree_id, index.get(), repo); rc < 0)
    return git_failure(rc, "write the merged tree");
  git_tree* tree_raw = nullptr;
  if (int rc = git_tree_lookup(&tree_raw, repo, &tree_id); rc < 0) return git_failure(rc, "read a tree");
  Tree tree(tree_raw);
  auto signature = merge_signature(repo);
  if (!signature) return signature.error();
  std::string message = "Merge " + std::string(kRemoteName) + "/" + branch + " into " + branch +
                        " (twin pull)\n";
  const git_commit* parents[] = {ours->get(), theirs->get()};
  git_oid merged;
  if (int rc = git_commit_create(&merged, repo, nullptr, signature->get(), signature->get(),
                                 nullptr, message.c_str(), tree.get(), 2, parents);
      rc < 0)
    return git_failure(rc, "write the merge commit");
  auto merged_commit = lookup_commit(repo, merged);
  if (!merged_commit) return merged_commit.error();
  if (auto ok = checkout_safely(repo, merged_commit->get()); !ok) return ok;
  if (auto ok = move_branch(repo, branch, merged, "twin pull: merge"); !ok) return ok;
  out.kind = PullKind::kMerged;
  out.new_head = oid_hex(&merged);
  return {};
}

/// The remote's twin must not hold .twin/: that is this machine's local
/// state (the machine the twin records, checkpoints, caches), and a pushed
/// copy could point the twin at another root. E2028 otherwise.
Status no_local_state(git_repository* repo, const git_oid& theirs) {
  auto commit = lookup_commit(repo, theirs);
  if (!commit) return commit.error();
  git_tree* raw = nullptr;
  if (int rc = git_commit_tree(&raw, commit->get()); rc < 0) return git_failure(rc, "read a tree");
  Tree tree(raw);
  if (git_tree_entry_byname(tree.get(), layout::kLocal) == nullptr) return {};
  return make_error("E2028",
                    std::string("the remote's twin holds ") + layout::kLocal +
                        "/, which is each machine's own state (the machine it describes, "
                        "checkpoints) and never comes from a remote; nothing was pulled. Remove "
                        "it there (git rm -r --cached .twin) and pull again");
}

Status fetch_origin(git_remote* remote, const std::string& branch, const std::string& url,
                    const GitAuth& auth) {
  AuthState state;
  state.auth = &auth;
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  install_credentials(options.callbacks, state);
  std::string refspec = "+refs/heads/" + branch + ":refs/remotes/" + std::string(kRemoteName) +
                        "/" + branch;
  char* specs[] = {refspec.data()};
  git_strarray refspecs = {specs, 1};
  if (int rc = git_remote_fetch(remote, &refspecs, &options, "twin pull: fetch"); rc < 0)
    return transport_failure(rc, "fetch from " + std::string(kRemoteName), state, url);
  return {};
}

}  // namespace

Result<PullOutcome> pull_branch(const std::filesystem::path& twin_dir, const GitAuth& auth) {
  auto repo = open_repo(twin_dir);
  if (!repo) return repo.error();
  git_repository* r = repo->get();
  // Before the network (current_branch() reads HEAD with read_head()): a
  // damaged HEAD would pass below for an unborn branch and be
  // "fast-forwarded" over, hiding the local history.
  auto branch = current_branch(r);
  if (!branch) return branch.error();
  auto remote = lookup_origin(r);
  if (!remote) return remote.error();
  PullOutcome out;
  out.branch = *branch;
  out.url = git_remote_url(remote->get()) ? git_remote_url(remote->get()) : "";
  if (auto ok = fetch_origin(remote->get(), *branch, out.url, auth); !ok) return ok.error();

  git_oid theirs;
  std::string tracking = "refs/remotes/" + std::string(kRemoteName) + "/" + *branch;
  if (git_reference_name_to_id(&theirs, r, tracking.c_str()) < 0) {
    out.kind = PullKind::kRemoteEmpty;
    return out;
  }
  git_oid ours;
  bool unborn = git_reference_name_to_id(&ours, r, ("refs/heads/" + *branch).c_str()) < 0;
  if (!unborn) out.old_head = oid_hex(&ours);
  out.new_head = out.old_head;
  if (auto clean = no_local_state(r, theirs); !clean) return clean.error();
  auto incoming = commits_between(r, unborn ? nullptr : &ours, theirs);
  if (!incoming) return incoming.error();
  out.incoming = std::move(incoming).value();
  if (out.incoming.empty()) return out;  // up to date, or only this twin is ahead

  bool fast_forward = unborn || git_graph_descendant_of(r, &theirs, &ours) == 1;
  if (!fast_forward) {
    if (auto ok = merge(r, *branch, ours, theirs, out); !ok) return ok.error();
    return out;
  }
  auto target = lookup_commit(r, theirs);
  if (!target) return target.error();
  if (auto ok = checkout_safely(r, target->get()); !ok) return ok.error();
  if (auto ok = move_branch(r, *branch, theirs, "twin pull: fast-forward"); !ok) return ok.error();
  out.kind = PullKind::kFastForward;
  out.new_head = oid_hex(&theirs);
  return out;
}

Result<std::optional<IncomingCommit>> last_change_since(const std::filesystem::path& twin_dir,
                                                    const std::string& path, int first_line,
                                                    int last_line, const std::string& since) {
  auto repo = open_repo(twin_dir);
  if (!repo) return repo.error();
  git_blame_options options = GIT_BLAME_OPTIONS_INIT;
  options.min_line = static_cast<std::size_t>(first_line);
  options.max_line = static_cast<std::size_t>(last_line);
  git_blame* raw = nullptr;
  if (int rc = git_blame_file(&raw, repo->get(), path.c_str(), &options); rc < 0)
    return git_failure(rc, "find who changed " + path);
  Blame blame(raw);
  git_oid boundary;
  bool has_boundary = !since.empty() && git_oid_fromstr(&boundary, since.c_str()) == 0;
  std::optional<IncomingCommit> latest;
  git_oid latest_id{};
  for (std::uint32_t i = 0; i < git_blame_get_hunk_count(blame.get()); ++i) {
    const git_blame_hunk* hunk = git_blame_get_hunk_byindex(blame.get(), i);
    const git_oid* id = &hunk->final_commit_id;
    // Lines that `since` already had came from it or before it.
    if (has_boundary && (git_oid_equal(id, &boundary) ||
                         git_graph_descendant_of(repo->get(), &boundary, id) == 1))
      continue;
    // The newest by history, not by clock: commits a second apart tie.
    if (latest && (git_oid_equal(id, &latest_id) ||
                   git_graph_descendant_of(repo->get(), &latest_id, id) == 1))
      continue;
    auto commit = lookup_commit(repo->get(), *id);
    if (!commit) return commit.error();
    latest = incoming_commit(commit->get());
    latest_id = *id;
  }
  return latest;
}

}  // namespace twin::engine
