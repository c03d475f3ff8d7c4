#include "engine/repo/git_repo.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "engine/repo/git_damage.h"

namespace twin::engine {
namespace {

using GitIndex = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;
using GitTree = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using GitCommit = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using GitDiff = std::unique_ptr<git_diff, GitDeleter<git_diff, git_diff_free>>;
using GitRevwalk = std::unique_ptr<git_revwalk, GitDeleter<git_revwalk, git_revwalk_free>>;
using GitObject = std::unique_ptr<git_object, GitDeleter<git_object, git_object_free>>;
using GitBlob = std::unique_ptr<git_blob, GitDeleter<git_blob, git_blob_free>>;

std::string oid_text(const git_oid& oid) {
  char text[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(text, sizeof text, &oid);
  return text;
}

Result<GitIndex> open_index(git_repository* repo) { return open_repo_index(repo); }

/// HEAD's tree, or null before the first commit. Errors: E2006 (damaged).
Result<GitTree> head_tree(git_repository* repo) {
  auto head = read_head(repo);
  if (!head) return head.error();
  if (!head->commit) return GitTree(nullptr);
  git_oid oid;
  git_oid_fromstr(&oid, head->commit->c_str());
  git_commit* commit = nullptr;
  int rc;
  if ((rc = git_commit_lookup(&commit, repo, &oid)) < 0) return git_failure(rc, "cannot read HEAD");
  GitCommit owned(commit);
  git_tree* tree = nullptr;
  if ((rc = git_commit_tree(&tree, commit)) < 0) return git_failure(rc, "cannot read HEAD's tree");
  return GitTree(tree);
}

Result<GitCommit> lookup_commit(git_repository* repo, const std::string& id) {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) < 0) return make_error("E2003", "no such commit", id);
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo, &oid) < 0) return make_error("E2003", "no such commit", id);
  return GitCommit(commit);
}

/// Only names we document reach git_revparse: hex ids and HEAD~N.
bool is_plain_revision(const std::string& name) {
  if (name == "HEAD") return true;
  if (name.rfind("HEAD~", 0) == 0)
    return name.size() > 5 && name.size() < 12 &&
           std::all_of(name.begin() + 5, name.end(), [](unsigned char c) { return std::isdigit(c); });
  return name.size() >= 4 && name.size() <= GIT_OID_HEXSZ &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isxdigit(c); });
}

/// Names looked up among refs: branch, remote-tracking branch and tag
/// names, without revision syntax ("^", "~", "@{", ":") or option-like text.
bool is_plain_ref_name(const std::string& name) {
  if (name.empty() || name.size() > 255 || name.front() == '-' || name.front() == '/' ||
      name.back() == '/' || name.find("..") != std::string::npos ||
      name.find("//") != std::string::npos)
    return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '/' || c == '-';
  });
}

PathChange change_of(git_delta_t status) {
  switch (status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_UNTRACKED:
      return PathChange::kAdded;
    case GIT_DELTA_DELETED:
      return PathChange::kDeleted;
    default:
      return PathChange::kModified;
  }
}

struct TreeWalk {
  git_repository* repo;
  std::string prefix;  // "" or "dir/"
  TreeFiles files;
  Error error;
  bool failed = false;
};

int collect_blob(const char* root, const git_tree_entry* entry, void* payload) {
  auto* walk = static_cast<TreeWalk*>(payload);
  std::string path = std::string(root) + git_tree_entry_name(entry);
  if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
    // Skip whole directories outside the prefix (1 = do not descend).
    std::string dir = path + "/";
    bool related = walk->prefix.empty() || dir.rfind(walk->prefix, 0) == 0 ||
                   walk->prefix.rfind(dir, 0) == 0;
    return related ? 0 : 1;
  }
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
  if (!walk->prefix.empty() && path.rfind(walk->prefix, 0) != 0) return 0;
  git_blob* blob = nullptr;
  if (int rc = git_blob_lookup(&blob, walk->repo, git_tree_entry_id(entry)); rc < 0) {
    walk->error = git_failure(rc, "cannot read " + path);
    walk->failed = true;
    return -1;
  }
  GitBlob owned(blob);
  TreeFile file;
  file.bytes.assign(static_cast<const char*>(git_blob_rawcontent(blob)),
                    static_cast<std::size_t>(git_blob_rawsize(blob)));
  file.symlink = git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK;
  file.executable = git_tree_entry_filemode(entry) == GIT_FILEMODE_BLOB_EXECUTABLE;
  walk->files.emplace(std::move(path), std::move(file));
  return 0;
}

}  // namespace

std::string CommitInfo::summary() const { return message.substr(0, message.find('\n')); }

Result<GitRepo> GitRepo::init(const std::filesystem::path& dir) {
  ensure_libgit2();
  git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  options.flags = GIT_REPOSITORY_INIT_MKPATH;
  options.initial_head = "main";
  git_repository* raw = nullptr;
  if (int rc = git_repository_init_ext(&raw, dir.c_str(), &options); rc < 0)
    return git_failure(rc, "cannot create a Git repository in " + dir.string());
  return GitRepo(GitRepository(raw));
}

Result<GitRepo> GitRepo::open(const std::filesystem::path& dir) {
  ensure_libgit2();
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc == GIT_ENOTFOUND) return make_error("E2002", "not a Git repository", dir.string());
  if (rc < 0) return git_failure(rc, "cannot open the Git repository " + dir.string());
  return GitRepo(GitRepository(raw));
}

std::filesystem::path GitRepo::workdir() const {
  const char* dir = git_repository_workdir(repo_.get());
  return dir ? std::filesystem::path(dir).parent_path() : std::filesystem::path();
}

Result<std::map<std::string, PathChange>> GitRepo::changes(bool include_worktree) const {
  auto tree = head_tree(repo_.get());
  if (!tree) return tree.error();
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  git_diff* raw = nullptr;
  int rc;
  if (include_worktree) {
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
                    GIT_DIFF_INCLUDE_TYPECHANGE;
    rc = git_diff_tree_to_workdir_with_index(&raw, repo_.get(), tree->get(), &options);
  } else {
    auto index = open_index(repo_.get());
    if (!index) return index.error();
    rc = git_diff_tree_to_index(&raw, repo_.get(), tree->get(), index->get(), &options);
  }
  if (rc < 0) return git_failure(rc, "cannot compare with HEAD");
  GitDiff diff(raw);
  std::map<std::string, PathChange> changed;
  for (std::size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    const char* path = delta->new_file.path ? delta->new_file.path : delta->old_file.path;
    changed[path] = change_of(delta->status);
  }
  return changed;
}

Result<std::map<std::string, PathChange>> GitRepo::staged_changes() const { return changes(false); }

Result<std::map<std::string, PathChange>> GitRepo::worktree_changes() const { return changes(true); }

Result<std::optional<std::string>> GitRepo::head() const {
  auto state = read_head(repo_.get());
  if (!state) return state.error();
  return state->commit;
}

Result<std::string> GitRepo::head_commit() const { return engine::head_commit(repo_.get()); }

Result<std::vector<CommitInfo>> GitRepo::log(std::size_t limit) const {
  std::vector<CommitInfo> commits;
  auto head_id = head();
  if (!head_id) return head_id.error();
  if (!*head_id) return commits;
  git_revwalk* raw = nullptr;
  if (int rc = git_revwalk_new(&raw, repo_.get()); rc < 0) return git_failure(rc, "cannot walk history");
  GitRevwalk walk(raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  if (int rc = git_revwalk_push_head(walk.get()); rc < 0) return git_failure(rc, "cannot walk history");
  git_oid oid;
  while (limit == 0 || commits.size() < limit) {
    // Stopping at any error would show a damaged history as a short one.
    int next = git_revwalk_next(&oid, walk.get());
    if (next == GIT_ITEROVER) break;
    if (next < 0)
      return damaged_head(repo_.get(), "the history below " +
                                           (commits.empty() ? **head_id : commits.back().id) +
                                           " cannot be walked (" + git_error_text(next) + ")");
    git_commit* commit_raw = nullptr;
    if (int rc = git_commit_lookup(&commit_raw, repo_.get(), &oid); rc < 0)
      return damaged_head(repo_.get(), "commit " + oid_text(oid) + " of the history is missing");
    GitCommit commit(commit_raw);
    CommitInfo info;
    info.id = oid_text(oid);
    info.time = static_cast<std::int64_t>(git_commit_time(commit.get()));
    const char* message = git_commit_message(commit.get());
    info.message = message ? message : "";
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i)
      info.parents.push_back(oid_text(*git_commit_parent_id(commit.get(), i)));
    commits.push_back(std::move(info));
  }
  return commits;
}

Result<std::string> GitRepo::resolve(const std::string& name) const {
  git_object* raw = nullptr;
  // "HEAD" and "HEAD~N" on a damaged or empty twin say so, not "no such commit".
  if (name.rfind("HEAD", 0) == 0 && is_plain_revision(name))
    if (auto head = head_commit(); !head) return head.error();
  if (is_plain_revision(name)) {
    int rc = git_revparse_single(&raw, repo_.get(), name.c_str());
    if (rc == GIT_EAMBIGUOUS)
      return make_error("E2003", "ambiguous commit id; give more digits", name);
    if (rc < 0) return make_error("E2003", "no such commit", name);
  } else {
    if (!is_plain_ref_name(name))
      return make_error("E2003",
                        "not a commit id (4 to 40 hex digits, HEAD, HEAD~N, a branch or a tag)",
                        name);
    // A branch, remote-tracking branch ("origin/main") or tag, found the
    // way `git rev-parse NAME` looks names up among refs.
    git_reference* ref = nullptr;
    if (git_reference_dwim(&ref, repo_.get(), name.c_str()) < 0)
      return make_error("E2003", "no such commit, branch or tag", name);
    int rc = git_reference_peel(&raw, ref, GIT_OBJECT_COMMIT);
    git_reference_free(ref);
    if (rc < 0) return make_error("E2003", "not a commit", name);
  }
  GitObject object(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) < 0)
    return make_error("E2003", "not a commit", name);
  GitObject commit(peeled);
  return oid_text(*git_object_id(commit.get()));
}

Result<TreeFiles> GitRepo::read_tree(const std::string& commit_id, const std::string& prefix) const {
  auto commit = lookup_commit(repo_.get(), commit_id);
  if (!commit) return commit.error();
  git_tree* raw = nullptr;
  if (int rc = git_commit_tree(&raw, commit->get()); rc < 0)
    return git_failure(rc, "cannot read the tree of " + commit_id);
  GitTree tree(raw);
  TreeWalk walk{repo_.get(), prefix.empty() || prefix.back() == '/' ? prefix : prefix + "/", {}, {}};
  int rc = git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect_blob, &walk);
  if (walk.failed) return walk.error;
  if (rc < 0) return git_failure(rc, "cannot walk the tree of " + commit_id);
  return std::move(walk.files);
}

Result<std::string> GitRepo::restore_as_new_commit(const std::string& commit_id,
                                                   const std::string& message,
                                                   const GitIdentity& who) {
  auto commit = lookup_commit(repo_.get(), commit_id);
  if (!commit) return commit.error();
  git_tree* raw = nullptr;
  if (int rc = git_commit_tree(&raw, commit->get()); rc < 0)
    return git_failure(rc, "cannot read the tree of " + commit_id);
  GitTree tree(raw);
  // FORCE against the HEAD baseline: changed files are overwritten and
  // files HEAD tracks that the old tree lacks are removed; ignored and
  // untracked files are left alone.
  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  options.checkout_strategy = GIT_CHECKOUT_FORCE;
  if (int rc = git_checkout_tree(repo_.get(), reinterpret_cast<git_object*>(tree.get()), &options);
      rc < 0)
    return git_failure(rc, "cannot check out " + commit_id);
  auto index = open_index(repo_.get());
  if (!index) return index.error();
  if (int rc = git_index_read_tree(index->get(), tree.get()); rc < 0)
    return git_failure(rc, "cannot reset the index");
  if (int rc = git_index_write(index->get()); rc < 0) return git_failure(rc, "cannot write the index");
  return commit_index(message, who);
}

Status GitRepo::set_reference(const std::string& name, const std::string& commit_id,
                              const std::string& why) {
  auto commit = lookup_commit(repo_.get(), commit_id);
  if (!commit) return commit.error();
  git_reference* raw = nullptr;
  if (int rc = git_reference_create(&raw, repo_.get(), name.c_str(), git_commit_id(commit->get()),
                                    /*force=*/1, why.c_str());
      rc < 0)
    return git_failure(rc, "cannot set " + name);
  git_reference_free(raw);
  return {};
}

Result<std::optional<std::string>> GitRepo::reference_target(const std::string& name) const {
  git_oid oid;
  int rc = git_reference_name_to_id(&oid, repo_.get(), name.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) return std::optional<std::string>();
  if (rc < 0) return git_failure(rc, "cannot read " + name);
  return std::optional<std::string>(oid_text(oid));
}

}  // namespace twin::engine
