// GitRepo's writing half: a commit's objects go to memory first
// (engine/repo/git_object_buffer.h), then to disk in one go, then HEAD moves,
// then the index is written (see engine/repo/git_repo.h for why that order).
#include <git2/sys/repository.h>

#include <memory>
#include <string>

#include "engine/repo/git_damage.h"
#include "engine/repo/git_pack_consolidate.h"
#include "engine/repo/git_repo.h"

namespace twin::engine {
namespace {

using GitIndex = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;
using GitTree = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using GitCommit = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using GitSignature = std::unique_ptr<git_signature, GitDeleter<git_signature, git_signature_free>>;
using GitReference = std::unique_ptr<git_reference, GitDeleter<git_reference, git_reference_free>>;

Result<GitIndex> open_index(git_repository* repo) {
  git_index* raw = nullptr;
  if (int rc = git_repository_index(&raw, repo); rc < 0)
    return git_failure(rc, "cannot open the index");
  return GitIndex(raw);
}

/// The objects of a new commit that are still only in the buffer.
struct NewObjects {
  const GitObjectBuffer* buffer;
  OidSet ids;
};

int collect_new_entry(const char*, const git_tree_entry* entry, void* payload) {
  auto* found = static_cast<NewObjects*>(payload);
  const git_oid* id = git_tree_entry_id(entry);
  if (!found->buffer->holds(*id)) return git_tree_entry_type(entry) == GIT_OBJECT_TREE ? 1 : 0;
  found->ids.insert(*id);  // a subtree already on disk has all of its entries there too
  return 0;
}

/// Adds `tree` and whatever under it is only in the buffer to `found`.
Status collect_new_objects(git_tree* tree, NewObjects& found) {
  if (!found.buffer->holds(*git_tree_id(tree))) return {};
  found.ids.insert(*git_tree_id(tree));
  if (int rc = git_tree_walk(tree, GIT_TREEWALK_PRE, collect_new_entry, &found); rc < 0)
    return git_failure(rc, "cannot walk the new tree");
  return {};
}

}  // namespace

Result<std::string> GitRepo::commit_index(const std::string& message, const GitIdentity& who) {
  if (auto started = start_buffering(); !started) return started.error();
  auto index = open_index(repo_.get());
  if (!index) return index.error();
  git_oid tree_id;
  if (int rc = git_index_write_tree(&tree_id, index->get()); rc < 0)
    return git_failure(rc, "cannot write the tree");
  git_tree* tree_raw = nullptr;
  if (int rc = git_tree_lookup(&tree_raw, repo_.get(), &tree_id); rc < 0)
    return git_failure(rc, "cannot read the new tree");
  GitTree tree(tree_raw);
  git_signature* sig_raw = nullptr;
  if (int rc = git_signature_now(&sig_raw, who.name.c_str(), who.email.c_str()); rc < 0)
    return git_failure(rc, "bad commit identity " + who.name + " <" + who.email + ">");
  GitSignature sig(sig_raw);

  GitCommit parent(nullptr);
  // A damaged HEAD stops the commit: taken for "no commits yet", it would
  // start a second history with no parent.
  auto head = read_head(repo_.get());
  if (!head) return head.error();
  if (head->commit) {
    git_oid head_id;
    git_oid_fromstr(&head_id, head->commit->c_str());
    git_commit* raw = nullptr;
    if (int rc = git_commit_lookup(&raw, repo_.get(), &head_id); rc < 0)
      return git_failure(rc, "cannot read HEAD's commit");
    parent.reset(raw);
  }
  const git_commit* parents[] = {parent.get()};
  git_oid commit_id;
  // No ref to update yet: the commit is only in buffer_ so far.
  if (int rc = git_commit_create(&commit_id, repo_.get(), nullptr, sig.get(), sig.get(), nullptr,
                                 message.c_str(), tree.get(), parent ? 1 : 0, parents);
      rc < 0)
    return git_failure(rc, "cannot commit");

  NewObjects wanted{buffer_, {commit_id}};
  if (auto found = collect_new_objects(tree.get(), wanted); !found) return found.error();
  auto written = buffer_->write_out(repo_.get(), wanted.ids);
  if (!written) return written.error();
  if (auto moved = move_head(commit_id, parent ? git_commit_id(parent.get()) : nullptr); !moved)
    return moved.error();
  if (int rc = git_index_write(index->get()); rc < 0)
    return git_failure(rc, "cannot write the index");
  index->reset();
  stop_buffering();
  if (written->pack) {
    // Housekeeping after the commit is complete: on failure the old packs
    // are all still there and valid, and the next large commit tries again,
    // so the commit is not reported as failed.
    (void)consolidate_packs(repo_.get());
    git_repository__cleanup(repo_.get());  // its odb may map deleted packs
  }
  char text[GIT_OID_HEXSZ + 1] = {};
  return std::string(git_oid_tostr(text, sizeof text, &commit_id));
}

Status GitRepo::write_index() {
  auto index = open_index(repo_.get());
  if (!index) return index.error();
  if (buffer_) {
    // The blobs the entries name, and every new tree: the index's tree
    // cache may name trees a failed commit_index() wrote.
    NewObjects wanted{buffer_, buffer_->ids_of(GIT_OBJECT_TREE)};
    for (std::size_t i = 0; i < git_index_entrycount(index->get()); ++i) {
      const git_index_entry* entry = git_index_get_byindex(index->get(), i);
      if (buffer_->holds(entry->id)) wanted.ids.insert(entry->id);
    }
    auto written = buffer_->write_out(repo_.get(), wanted.ids);
    if (!written) return written.error();
  }
  if (int rc = git_index_write(index->get()); rc < 0)
    return git_failure(rc, "cannot write the index");
  index->reset();
  if (buffer_) stop_buffering();
  return {};
}

Status GitRepo::start_buffering() {
  if (buffer_) return {};
  git_odb* odb = nullptr;
  if (int rc = git_repository_odb(&odb, repo_.get()); rc < 0)
    return git_failure(rc, "cannot open the object database");
  std::unique_ptr<git_odb, GitDeleter<git_odb, git_odb_free>> owned(odb);
  auto buffer = GitObjectBuffer::attach(odb);
  if (!buffer) return buffer.error();
  buffer_ = *buffer;
  return {};
}

void GitRepo::stop_buffering() {
  git_repository__cleanup(repo_.get());  // frees the odb, and buffer_ with it
  buffer_ = nullptr;
}

Status GitRepo::move_head(const git_oid& commit_id, const git_oid* parent_id) {
  git_reference* raw = nullptr;
  if (int rc = git_reference_lookup(&raw, repo_.get(), "HEAD"); rc < 0)
    return git_failure(rc, "cannot read HEAD");
  GitReference head_ref(raw);
  std::string branch = git_reference_type(head_ref.get()) == GIT_REFERENCE_SYMBOLIC
                           ? git_reference_symbolic_target(head_ref.get())
                           : "HEAD";
  git_commit* commit_raw = nullptr;
  if (int rc = git_commit_lookup(&commit_raw, repo_.get(), &commit_id); rc < 0)
    return git_failure(rc, "cannot read the new commit");
  GitCommit commit(commit_raw);
  // The reflog line git_commit_create() would write.
  std::string why = std::string("commit") + (parent_id ? "" : " (initial)") + ": " +
                    (git_commit_summary(commit.get()) ? git_commit_summary(commit.get()) : "");
  // Moves only from `parent` (refuses a branch another process moved, or
  // created, meanwhile); libgit2 adds HEAD's reflog line too.
  git_reference* moved = nullptr;
  int rc = git_reference_create_matching(&moved, repo_.get(), branch.c_str(), &commit_id,
                                         parent_id ? 1 : 0, parent_id, why.c_str());
  if (rc < 0) return git_failure(rc, "cannot move " + branch + " to the new commit");
  git_reference_free(moved);
  return {};
}

}  // namespace twin::engine
