// A fleet module's Git objects: a bare repository at .twin/modules/NAME.git
// (inside the twin's ignored .twin/, so the twin never holds a nested .git),
// fetched with libgit2 and read back as plain files for modules/NAME.
// Authentication goes through the same credential callback as `twin pull`
// (engine/repo/git_remote_detail.h): a token is offered only over https, never
// put in a URL or the store's config.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/repo/git_remote.h"
#include "engine/core/git_runtime.h"
#include "engine/repo/module_files.h"
#include "engine/core/result.h"

namespace twin::engine {

/// A commit of a module, read out of its store.
struct ModuleTree {
  std::string commit;  // full id
  std::string tree;    // the commit's tree id
  ModuleFiles files;   // checked by check_module_files
};

class ModuleStore {
 public:
  /// .twin/modules/NAME.git inside `twin_dir`.
  static std::filesystem::path dir_for(const std::filesystem::path& twin_dir,
                                       const std::string& name);

  /// Opens the store of module `name` whose remote is `url`, creating it
  /// (bare) when missing; a store made for another URL is replaced, so refs
  /// of two repositories never mix. Errors: E2040 bad name, E2001, E1001.
  static Result<ModuleStore> open(const std::filesystem::path& twin_dir, const std::string& name,
                                  const std::string& url);

  /// The store when it exists and was made for `url`; nullopt otherwise.
  static Result<std::optional<ModuleStore>> open_existing(const std::filesystem::path& twin_dir,
                                                          const std::string& name,
                                                          const std::string& url);

  ModuleStore(ModuleStore&&) = default;
  ModuleStore& operator=(ModuleStore&&) = default;

  /// Fetches every branch (as refs/remotes/origin/*) and tag of the URL,
  /// pruning what the remote deleted, and records its default branch as
  /// refs/remotes/origin/HEAD. Errors: E2025 authentication, E2001 others.
  Status fetch(const GitAuth& auth);

  /// The commit `ref` names after a fetch: "" the default branch, a branch,
  /// a tag (peeled), "refs/heads/X", "refs/tags/X", or a full commit id that
  /// some fetched branch or tag contains. Errors: E2043 naming the ref.
  Result<std::string> resolve(const std::string& ref) const;

  /// True when the store holds commit `id`.
  bool has_commit(const std::string& id) const;

  /// The files of commit `id`, checked (E2045 unsafe paths, symlinks or
  /// submodules; E2046 too big). Errors also E2003 no such commit, E2001.
  Result<ModuleTree> read(const std::string& id) const;

 private:
  using Handle = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
  ModuleStore(Handle repo, std::string name, std::string url)
      : repo_(std::move(repo)), name_(std::move(name)), url_(std::move(url)) {}

  Handle repo_;
  std::string name_;
  std::string url_;
};

}  // namespace twin::engine
