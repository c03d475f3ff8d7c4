// Shares git_remote_detail's handles and credential callback on purpose: a
// module fetch must authenticate exactly as `twin pull` does (one place
// decides where a token may go).
#include "engine/repo/module_store.h"

#include "engine/core/twin_layout.h"
#include "engine/repo/git_remote_detail.h"
#include "engine/repo/module_names.h"

namespace twin::engine {
using namespace git_remote_detail;
namespace fs = std::filesystem;
namespace {

constexpr char kOrigin[] = "origin";
constexpr char kDefaultRef[] = "refs/remotes/origin/HEAD";

using Object = GitHandle<git_object, git_object_free>;
using Blob = GitHandle<git_blob, git_blob_free>;

/// The URL of the store's origin, or "" when it has none.
std::string origin_url(git_repository* repo) {
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, repo, kOrigin) < 0) return "";
  Remote remote(raw);
  const char* url = git_remote_url(remote.get());
  return url ? url : "";
}

Result<git_repository*> init_store(const fs::path& twin_dir, const fs::path& dir,
                                   const std::string& url) {
  if (auto scratch = module_scratch_dir(twin_dir); !scratch) return scratch.error();
  git_repository* raw = nullptr;
  if (int rc = git_repository_init(&raw, dir.c_str(), /*is_bare=*/1); rc < 0)
    return git_failure(rc, "create the module store " + dir.string());
  Repository repo(raw);
  git_remote* remote = nullptr;
  if (int rc = git_remote_create(&remote, repo.get(), kOrigin, url.c_str()); rc < 0)
    return git_failure(rc, "record the module's URL");
  git_remote_free(remote);
  return repo.release();
}

struct WalkState {
  git_repository* repo = nullptr;
  ModuleFiles files;
  std::uint64_t bytes = 0;
  std::optional<Error> error;
};

int on_tree_entry(const char* root, const git_tree_entry* entry, void* payload) {
  auto& state = *static_cast<WalkState*>(payload);
  std::string path = std::string(root) + git_tree_entry_name(entry);
  git_filemode_t mode = git_tree_entry_filemode(entry);
  if (mode == GIT_FILEMODE_TREE) return 0;
  if (mode == GIT_FILEMODE_COMMIT) {
    state.error = make_error("E2045", "the module has a submodule at `" + path +
                                          "`; submodules are not supported in modules");
    return -1;
  }
  git_blob* raw = nullptr;
  if (int rc = git_blob_lookup(&raw, state.repo, git_tree_entry_id(entry)); rc < 0) {
    state.error = git_failure(rc, "read " + path);
    return -1;
  }
  Blob blob(raw);
  auto size = static_cast<std::uint64_t>(git_blob_rawsize(blob.get()));
  state.bytes += size;
  // Stop reading early: a huge module must not be loaded into memory first.
  if (state.bytes > kMaxModuleBytes || state.files.size() >= kMaxModuleFiles) {
    state.error =
        make_error("E2046", "the module is larger than " + std::to_string(kMaxModuleBytes >> 20) +
                                " MB or " + std::to_string(kMaxModuleFiles) +
                                " files; a module is configuration, not a payload");
    return -1;
  }
  ModuleFile file;
  file.kind = mode == GIT_FILEMODE_LINK              ? ModuleFile::Kind::kSymlink
              : mode == GIT_FILEMODE_BLOB_EXECUTABLE ? ModuleFile::Kind::kExecutable
                                                     : ModuleFile::Kind::kRegular;
  file.bytes.assign(static_cast<const char*>(git_blob_rawcontent(blob.get())), size);
  state.files.emplace(std::move(path), std::move(file));
  return 0;
}

}  // namespace

fs::path ModuleStore::dir_for(const fs::path& twin_dir, const std::string& name) {
  return TwinLayout(twin_dir).module_store() / (name + ".git");
}

Result<ModuleStore> ModuleStore::open(const fs::path& twin_dir, const std::string& name,
                                      const std::string& url) {
  if (auto ok = check_module_name(name); !ok) return ok.error();
  auto existing = open_existing(twin_dir, name, url);
  if (!existing) return existing.error();
  if (*existing) return std::move(**existing);
  fs::path dir = dir_for(twin_dir, name);
  std::error_code ec;
  fs::remove_all(dir, ec);  // absent, or made for another URL
  if (ec)
    return make_error("E1001", "cannot replace the module store: " + ec.message(), dir.string());
  auto made = init_store(twin_dir, dir, url);
  if (!made) return made.error();
  return ModuleStore(Handle(*made), name, url);
}

Result<std::optional<ModuleStore>> ModuleStore::open_existing(const fs::path& twin_dir,
                                                              const std::string& name,
                                                              const std::string& url) {
  ensure_libgit2();
  if (auto ok = check_module_name(name); !ok) return ok.error();
  fs::path dir = dir_for(twin_dir, name);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::optional<ModuleStore>();
  git_repository* raw = nullptr;
  if (git_repository_open_bare(&raw, dir.c_str()) < 0) return std::optional<ModuleStore>();
  Handle repo(raw);
  if (origin_url(repo.get()) != url) return std::optional<ModuleStore>();
  return std::optional<ModuleStore>(ModuleStore(std::move(repo), name, url));
}

Status ModuleStore::fetch(const GitAuth& auth) {
  git_remote* raw = nullptr;
  if (int rc = git_remote_lookup(&raw, repo_.get(), kOrigin); rc < 0)
    return git_failure(rc, "read the module's URL");
  Remote remote(raw);
  AuthState state;
  state.auth = &auth;
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  install_credentials(options.callbacks, state);
  options.prune = GIT_FETCH_PRUNE;
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;  // the refspec below brings them
  char heads[] = "+refs/heads/*:refs/remotes/origin/*";
  char tags[] = "+refs/tags/*:refs/tags/*";
  char* specs[] = {heads, tags};
  git_strarray refspecs = {specs, 2};
  if (int rc = git_remote_fetch(remote.get(), &refspecs, &options, "twin modules: fetch"); rc < 0)
    return transport_failure(rc, "fetch module " + name_, state, url_);
  // The remote's HEAD, as `git clone` records it (refs advertised at connect).
  git_buf head = GIT_BUF_INIT;
  if (git_remote_default_branch(&head, remote.get()) == 0 && head.ptr) {
    std::string branch = head.ptr;
    git_buf_dispose(&head);
    if (branch.rfind("refs/heads/", 0) == 0) {
      std::string target = "refs/remotes/origin/" + branch.substr(11);
      git_reference* ref = nullptr;
      if (int rc = git_reference_symbolic_create(&ref, repo_.get(), kDefaultRef, target.c_str(),
                                                 /*force=*/1, "twin modules: remote HEAD");
          rc < 0)
        return git_failure(rc, "record the module's default branch");
      git_reference_free(ref);
    }
  } else {
    git_buf_dispose(&head);
    git_error_clear();
  }
  return {};
}

Result<std::string> ModuleStore::resolve(const std::string& ref) const {
  if (is_full_commit_id(ref)) {
    if (has_commit(ref)) {
      git_oid id;
      (void)git_oid_fromstr(&id, ref.c_str());
      return oid_hex(&id);
    }
    return make_error("E2043",
                      "module " + name_ + ": commit " + ref +
                          " is on no branch or tag of the "
                          "remote",
                      url_);
  }
  std::vector<std::string> candidates;
  if (ref.empty())
    candidates = {kDefaultRef, "refs/remotes/origin/main"};
  else if (ref.rfind("refs/heads/", 0) == 0)
    candidates = {"refs/remotes/origin/" + ref.substr(11)};
  else if (ref.rfind("refs/tags/", 0) == 0)
    candidates = {ref};
  else
    candidates = {"refs/remotes/origin/" + ref, "refs/tags/" + ref};
  for (const auto& name : candidates) {
    git_reference* raw = nullptr;
    if (git_reference_lookup(&raw, repo_.get(), name.c_str()) < 0) continue;
    Reference found(raw);
    git_object* peeled = nullptr;
    if (git_reference_peel(&peeled, found.get(), GIT_OBJECT_COMMIT) < 0) continue;
    Object commit(peeled);
    return oid_hex(git_object_id(commit.get()));
  }
  git_error_clear();
  std::string what =
      ref.empty() ? "has no default branch (is it empty?)" : "has no branch or tag `" + ref + "`";
  return make_error("E2043", "module " + name_ + ": the remote " + what, url_);
}

bool ModuleStore::has_commit(const std::string& id) const {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) < 0) return false;
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo_.get(), &oid) < 0) {
    git_error_clear();
    return false;
  }
  git_commit_free(raw);
  return true;
}

Result<ModuleTree> ModuleStore::read(const std::string& id) const {
  git_oid oid;
  git_commit* raw = nullptr;
  if (git_oid_fromstr(&oid, id.c_str()) < 0 || git_commit_lookup(&raw, repo_.get(), &oid) < 0)
    return make_error("E2003", "module " + name_ + ": no such commit", id);
  Commit commit(raw);
  git_tree* tree_raw = nullptr;
  if (int rc = git_commit_tree(&tree_raw, commit.get()); rc < 0)
    return git_failure(rc, "read the module's tree");
  Tree tree(tree_raw);
  WalkState state;
  state.repo = repo_.get();
  if (git_tree_walk(tree.get(), GIT_TREEWALK_PRE, on_tree_entry, &state) < 0) {
    if (state.error) {
      state.error->message = "module " + name_ + ": " + state.error->message;
      return *state.error;
    }
    return git_failure(-1, "walk the module's tree");
  }
  if (auto ok = check_module_files(state.files); !ok) {
    Error e = ok.error();
    e.message = "module " + name_ + ": " + e.message;
    return e;
  }
  return ModuleTree{oid_hex(&oid), oid_hex(git_tree_id(tree.get())), std::move(state.files)};
}

}  // namespace twin::engine
