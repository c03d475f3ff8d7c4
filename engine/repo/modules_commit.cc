#include "engine/repo/modules_commit.h"

#include <string_view>

#include "engine/repo/git_damage.h"
#include "engine/repo/git_remote_detail.h"
#include "engine/repo/module_lock.h"
#include "engine/repo/module_names.h"
#include "engine/repo/twin_config.h"

namespace twin::engine {
using namespace git_remote_detail;
namespace {

bool in_scope(std::string_view path) {
  return path == kTwinConfigFile || path == kModuleLockFile ||
         (path.starts_with(kModulesDir) && path.size() > std::string_view(kModulesDir).size() &&
          path[std::string_view(kModulesDir).size()] == '/');
}

/// Stages the scope in the repository's own index, as `git add -A -f` on
/// those paths would, and writes the index.
Status stage_scope(git_index* index) {
  std::string config = kTwinConfigFile, lock = kModuleLockFile, modules = kModulesDir;
  char* specs[] = {config.data(), lock.data(), modules.data()};
  git_strarray pathspec = {specs, 3};
  if (int rc = git_index_add_all(index, &pathspec, GIT_INDEX_ADD_FORCE, nullptr, nullptr); rc < 0)
    return git_failure(rc, "stage the modules");
  if (int rc = git_index_update_all(index, &pathspec, nullptr, nullptr); rc < 0)
    return git_failure(rc, "stage the modules");
  if (int rc = git_index_write(index); rc < 0) return git_failure(rc, "write the index");
  return {};
}

}  // namespace

std::string modules_commit_subject(const std::vector<ModuleUpdate>& updates) {
  std::string parts;
  auto add = [&](const std::string& part) { parts += (parts.empty() ? "" : ", ") + part; };
  for (const auto& u : updates) {
    std::string at = u.new_commit.substr(0, 8);
    switch (u.change) {
      case ModuleChange::kAdded:
        add("add " + u.name + " at " + at);
        break;
      case ModuleChange::kMoved:
        add("update " + u.name + " to " + at);
        break;
      case ModuleChange::kRestored:
        add("restore " + u.name + " at " + at);
        break;
      case ModuleChange::kRemoved:
        add("remove " + u.name);
        break;
      case ModuleChange::kUnchanged:
        break;
    }
  }
  return parts.empty() ? "" : "modules: " + parts;
}

Result<std::optional<std::string>> commit_module_paths(const std::filesystem::path& twin_dir,
                                                       const std::string& message,
                                                       const GitIdentity& who) {
  auto repo = open_repo(twin_dir);
  if (!repo) return repo.error();
  auto opened = open_repo_index(repo->get());
  if (!opened) return opened.error();
  Index index(opened->release());
  if (auto staged = stage_scope(index.get()); !staged) return staged.error();

  // HEAD's tree with the scope replaced by what was just staged.
  // Damaged is not empty: a commit without a parent would start over.
  auto head_state = read_head(repo->get());
  if (!head_state) return head_state.error();
  bool has_head = head_state->commit.has_value();
  git_oid head_id{};
  if (has_head) git_oid_fromstr(&head_id, head_state->commit->c_str());
  Commit head;
  Tree head_tree;
  git_index* raw_mem = nullptr;
  if (int rc = git_index_new(&raw_mem); rc < 0) return git_failure(rc, "make an index");
  Index mem(raw_mem);
  if (has_head) {
    git_commit* c = nullptr;
    if (int rc = git_commit_lookup(&c, repo->get(), &head_id); rc < 0)
      return git_failure(rc, "read HEAD");
    head.reset(c);
    git_tree* t = nullptr;
    if (int rc = git_commit_tree(&t, head.get()); rc < 0)
      return git_failure(rc, "read HEAD's tree");
    head_tree.reset(t);
    if (int rc = git_index_read_tree(mem.get(), head_tree.get()); rc < 0)
      return git_failure(rc, "read HEAD's tree");
  }
  std::vector<std::string> stale;
  for (std::size_t i = 0; i < git_index_entrycount(mem.get()); ++i)
    if (const git_index_entry* e = git_index_get_byindex(mem.get(), i); in_scope(e->path))
      stale.emplace_back(e->path);
  for (const auto& path : stale)
    if (int rc = git_index_remove(mem.get(), path.c_str(), 0); rc < 0)
      return git_failure(rc, "build the commit");
  for (std::size_t i = 0; i < git_index_entrycount(index.get()); ++i) {
    const git_index_entry* e = git_index_get_byindex(index.get(), i);
    if (GIT_INDEX_ENTRY_STAGE(e) == 0 && in_scope(e->path))
      if (int rc = git_index_add(mem.get(), e); rc < 0) return git_failure(rc, "build the commit");
  }
  git_oid tree_id;
  if (int rc = git_index_write_tree_to(&tree_id, mem.get(), repo->get()); rc < 0)
    return git_failure(rc, "write the tree");
  if (has_head && git_oid_equal(&tree_id, git_tree_id(head_tree.get())))
    return std::optional<std::string>();

  git_tree* raw_tree = nullptr;
  if (int rc = git_tree_lookup(&raw_tree, repo->get(), &tree_id); rc < 0)
    return git_failure(rc, "read the new tree");
  Tree tree(raw_tree);
  git_signature* raw_sig = nullptr;
  if (int rc = git_signature_now(&raw_sig, who.name.c_str(), who.email.c_str()); rc < 0)
    return git_failure(rc, "bad commit identity " + who.name + " <" + who.email + ">");
  Signature sig(raw_sig);
  const git_commit* parents[] = {head.get()};
  git_oid commit_id;
  if (int rc = git_commit_create(&commit_id, repo->get(), "HEAD", sig.get(), sig.get(), nullptr,
                                 message.c_str(), tree.get(), has_head ? 1 : 0, parents);
      rc < 0)
    return git_failure(rc, "commit the modules");
  return std::optional<std::string>(oid_hex(&commit_id));
}

}  // namespace twin::engine
