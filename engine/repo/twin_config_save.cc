#include "engine/repo/twin_config_save.h"

#include <sys/stat.h>

#include "engine/repo/config_text_edit.h"
#include "engine/repo/git_damage.h"
#include "engine/core/durable_io.h"
#include "engine/core/git_runtime.h"

namespace twin::engine {
namespace {

using OwnedRepository =
    std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using OwnedIndex = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;

unsigned file_mode(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return st.st_mode & 07777;
  return 0644;
}

}  // namespace

Status stage_file(const std::filesystem::path& workdir, const std::string& relative) {
  ensure_libgit2();
  git_repository* raw_repo = nullptr;
  int rc =
      git_repository_open_ext(&raw_repo, workdir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc == GIT_ENOTFOUND) return make_error("E2002", "not a Git repository", workdir.string());
  if (rc < 0) return git_failure(rc, "cannot open the Git repository " + workdir.string());
  OwnedRepository repo(raw_repo);
  auto opened = open_repo_index(repo.get());
  if (!opened) return opened.error();
  OwnedIndex index(opened->release());
  std::error_code ec;
  if (std::filesystem::exists(workdir / relative, ec))
    rc = git_index_add_bypath(index.get(), relative.c_str());
  else
    rc = git_index_remove_bypath(index.get(), relative.c_str());
  if (rc < 0) return git_failure(rc, "cannot stage " + relative);
  if ((rc = git_index_write(index.get())) < 0) return git_failure(rc, "cannot write the index");
  return {};
}

std::string config_text(const std::filesystem::path& path, const EffectiveConfig& config,
                        std::string_view changed_key) {
  std::string rendered = render_effective_config(config);
  if (changed_key.empty()) return rendered;
  auto old = read_whole_file(path);
  if (!old) return rendered;
  auto kept = splice_config_value(*old, rendered, changed_key);
  if (!kept) return rendered;
  // The edit is trusted only when it reads back as exactly the new settings.
  auto back = parse_effective_config(*kept, kTwinConfigFile);
  if (!back || render_effective_config(*back) != rendered) return rendered;
  return *kept;
}

Result<std::optional<std::string>> save_twin_config(const std::filesystem::path& twin_dir,
                                                    const EffectiveConfig& config,
                                                    const std::string& message,
                                                    const GitIdentity& who,
                                                    std::string_view changed_key) {
  {
    auto repo = GitRepo::open(twin_dir);
    if (!repo) return repo.error();
    auto staged = repo->staged_changes();
    if (!staged) return staged.error();
    std::string others;
    for (const auto& [path, change] : *staged)
      if (path != kTwinConfigFile) others += (others.empty() ? "" : ", ") + path;
    if (!others.empty())
      return make_error("E1412",
                        "the twin's Git index already has staged changes that a config commit "
                        "would carry; commit or unstage them first",
                        others);
  }
  std::filesystem::path path = twin_dir / kTwinConfigFile;
  if (auto written = write_file_durably(path, config_text(path, config, changed_key), file_mode(path));
      !written)
    return written.error();
  if (auto staged = stage_file(twin_dir, kTwinConfigFile); !staged) return staged.error();
  // A fresh handle: it reads the index stage_file just wrote.
  auto repo = GitRepo::open(twin_dir);
  if (!repo) return repo.error();
  auto staged = repo->staged_changes();
  if (!staged) return staged.error();
  if (staged->empty()) return std::optional<std::string>();
  auto id = repo->commit_index(message, who);
  if (!id) return id.error();
  return std::optional<std::string>(*id);
}

}  // namespace twin::engine
