// GitRepo::last_commit_changing: which commit a risky change came from, so
// its signature can be checked (cli/ops/signed_approval.h).
#include <git2.h>

#include "engine/repo/git_damage.h"
#include "engine/repo/git_repo.h"

namespace twin::engine {
namespace {

using GitRevwalk = std::unique_ptr<git_revwalk, GitDeleter<git_revwalk, git_revwalk_free>>;
using GitCommit = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using GitTree = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using GitTreeEntry =
    std::unique_ptr<git_tree_entry, GitDeleter<git_tree_entry, git_tree_entry_free>>;

constexpr std::size_t kMaxWalk = 10000;

// The blob id `path` has in `commit`'s tree; nullopt when it has none.
std::optional<git_oid> entry_of(const git_commit* commit, const std::string& path) {
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit) != 0) return std::nullopt;
  GitTree tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, tree.get(), path.c_str()) != 0) return std::nullopt;
  GitTreeEntry entry(raw_entry);
  return *git_tree_entry_id(entry.get());
}

}  // namespace

Result<std::optional<PathCommit>> GitRepo::last_commit_changing(const std::string& path) const {
  // No commits: nothing changed the path; a damaged HEAD is named (E2006).
  auto head = read_head(repo_.get());
  if (!head) return head.error();
  if (!head->commit) return std::optional<PathCommit>();
  git_revwalk* raw_walk = nullptr;
  if (int rc = git_revwalk_new(&raw_walk, repo_.get()); rc != 0)
    return git_failure(rc, "cannot walk the history");
  GitRevwalk walk(raw_walk);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  if (int rc = git_revwalk_push_head(walk.get()); rc != 0)
    return git_failure(rc, "cannot walk the history");
  git_oid oid;
  for (std::size_t walked = 0; walked < kMaxWalk && git_revwalk_next(&oid, walk.get()) == 0;
       ++walked) {
    git_commit* raw_commit = nullptr;
    if (int rc = git_commit_lookup(&raw_commit, repo_.get(), &oid); rc != 0)
      return git_failure(rc, "cannot read a commit");
    GitCommit commit(raw_commit);
    auto mine = entry_of(commit.get(), path);
    if (!mine) continue;
    bool inherited = false;
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()) && !inherited; ++i) {
      git_commit* raw_parent = nullptr;
      if (git_commit_parent(&raw_parent, commit.get(), i) != 0) continue;
      GitCommit parent(raw_parent);
      auto theirs = entry_of(parent.get(), path);
      inherited = theirs && git_oid_equal(&*theirs, &*mine);
    }
    if (inherited) continue;
    PathCommit found;
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &oid);
    found.id = hex;
    if (const git_signature* who = git_commit_author(commit.get()))
      found.author = std::string(who->name ? who->name : "") + " <" +
                     std::string(who->email ? who->email : "") + ">";
    git_buf signature = GIT_BUF_INIT, data = GIT_BUF_INIT;
    if (git_commit_extract_signature(&signature, &data, repo_.get(), &oid, nullptr) == 0) {
      found.signature.assign(signature.ptr, signature.size);
      found.signed_data.assign(data.ptr, data.size);
    }
    git_buf_dispose(&signature);
    git_buf_dispose(&data);
    return std::optional(std::move(found));
  }
  return std::optional<PathCommit>();
}

}  // namespace twin::engine
