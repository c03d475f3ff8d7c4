#include "engine/repo/git_damage.h"

#include <sys/stat.h>

#include <string_view>

namespace twin::engine {
namespace {

using Reference = std::unique_ptr<git_reference, GitDeleter<git_reference, git_reference_free>>;
using Object = std::unique_ptr<git_object, GitDeleter<git_object, git_object_free>>;
using Tree = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using Reflog = std::unique_ptr<git_reflog, GitDeleter<git_reflog, git_reflog_free>>;

std::string oid_text(const git_oid& oid) {
  char text[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(text, sizeof text, &oid);
  return text;
}

/// What stands at .git/NAME: "" when nothing, else a short description.
std::string loose_ref_obstacle(git_repository* repo, const std::string& name) {
  std::string path = std::string(git_repository_path(repo)) + name;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return "";
  if (S_ISDIR(st.st_mode)) return name + " is a directory, not a reference";
  return name + " exists but cannot be read as a reference";
}

/// The newest commit HEAD's reflog records, when it records any: a branch
/// whose ref is gone then lost its commits, it was not unborn.
std::optional<std::string> newest_logged_commit(git_repository* repo) {
  git_reflog* raw = nullptr;
  if (git_reflog_read(&raw, repo, "HEAD") < 0) {
    git_error_clear();
    return std::nullopt;
  }
  Reflog log(raw);
  for (std::size_t i = 0; i < git_reflog_entrycount(log.get()); ++i) {
    const git_oid* id = git_reflog_entry_id_new(git_reflog_entry_byindex(log.get(), i));
    if (id && !git_oid_is_zero(id)) return oid_text(*id);
  }
  return std::nullopt;
}

/// The commit and its tree exist.
Status check_commit(git_repository* repo, const git_oid& id, const std::string& named_by) {
  git_object* raw = nullptr;
  int rc = git_object_lookup(&raw, repo, &id, GIT_OBJECT_ANY);
  if (rc == GIT_ENOTFOUND)
    return damaged_head(repo, named_by + " names commit " + oid_text(id) +
                                  ", which is missing from the object store");
  if (rc < 0)
    return damaged_head(repo, "commit " + oid_text(id) + " cannot be read (" +
                                  git_error_text(rc) + ")");
  Object object(raw);
  if (git_object_type(object.get()) != GIT_OBJECT_COMMIT)
    return damaged_head(repo, named_by + " names " + oid_text(id) + ", which is a " +
                                  git_object_type2string(git_object_type(object.get())) +
                                  ", not a commit");
  git_tree* tree = nullptr;
  if (int trc = git_commit_tree(&tree, reinterpret_cast<git_commit*>(object.get())); trc < 0)
    return damaged_head(repo, "the tree of commit " + oid_text(id) + " is missing (" +
                                  git_error_text(trc) + ")");
  Tree owned(tree);
  return {};
}

}  // namespace

Error damaged_head(git_repository* repo, const std::string& detail) {
  git_error_clear();
  return make_error("E2006",
                    "the twin's Git HEAD is damaged: " + detail +
                        "; its history cannot be read until it is repaired (`git fsck` lists "
                        "what is broken)",
                    git_repository_path(repo));
}

Result<HeadState> read_head(git_repository* repo) {
  git_reference* raw = nullptr;
  // Not git_repository_head(): it reports a branch ref that is a directory
  // as unborn, which is exactly what must not pass for "no commits yet".
  if (int rc = git_reference_lookup(&raw, repo, "HEAD"); rc < 0)
    return damaged_head(repo, "HEAD cannot be read (" + git_error_text(rc) + ")");
  Reference head(raw);
  HeadState state;
  if (git_reference_type(head.get()) == GIT_REFERENCE_DIRECT) {
    const git_oid* id = git_reference_target(head.get());
    if (auto ok = check_commit(repo, *id, "the detached HEAD"); !ok) return ok.error();
    state.commit = oid_text(*id);
    return state;
  }
  state.branch = git_reference_symbolic_target(head.get());
  int valid = 0;
  if (git_reference_name_is_valid(&valid, state.branch.c_str()) < 0 || !valid ||
      state.branch.rfind("refs/", 0) != 0)
    return damaged_head(repo, "HEAD points at `" + state.branch + "`, which is not a branch name");
  git_reference* raw_branch = nullptr;
  int rc = git_reference_lookup(&raw_branch, repo, state.branch.c_str());
  if (rc == GIT_ENOTFOUND) {
    if (std::string obstacle = loose_ref_obstacle(repo, state.branch); !obstacle.empty())
      return damaged_head(repo, obstacle);
    if (auto lost = newest_logged_commit(repo))
      return damaged_head(repo, state.branch + " is missing, though HEAD's reflog records commit " +
                                    *lost);
    git_error_clear();
    return state;  // unborn: nothing committed yet
  }
  if (rc < 0)
    return damaged_head(repo, state.branch + " cannot be read (" + git_error_text(rc) + ")");
  Reference branch(raw_branch);
  git_reference* raw_resolved = nullptr;
  if (int rrc = git_reference_resolve(&raw_resolved, branch.get()); rrc < 0)
    return damaged_head(repo, state.branch + " cannot be resolved (" + git_error_text(rrc) + ")");
  Reference resolved(raw_resolved);
  const git_oid* id = git_reference_target(resolved.get());
  if (auto ok = check_commit(repo, *id, state.branch); !ok) return ok.error();
  state.commit = oid_text(*id);
  return state;
}

Result<std::string> head_commit(git_repository* repo) {
  auto state = read_head(repo);
  if (!state) return state.error();
  if (!state->commit) return make_error("E2004", "the twin has no commits yet");
  return *state->commit;
}

Result<GitIndexHandle> open_repo_index(git_repository* repo) {
  git_index* raw = nullptr;
  if (int rc = git_repository_index(&raw, repo); rc < 0) {
    const git_error* e = git_error_last();
    if (e && e->klass == GIT_ERROR_INDEX) {
      std::string detail = git_error_text(rc);
      git_error_clear();
      return make_error("E2006",
                        "the twin's Git index is damaged: " + detail +
                            "; remove .git/index and Git rebuilds it from HEAD at the next "
                            "`twin snapshot`",
                        git_repository_path(repo));
    }
    return git_failure(rc, "cannot open the index");
  }
  return GitIndexHandle(raw);
}

}  // namespace twin::engine
