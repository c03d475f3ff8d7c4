#include "engine/repo/git_repo_filters.h"

#include <sys/stat.h>

#include <cerrno>
#include <memory>
#include <string_view>
#include <unordered_set>

#include "engine/core/git_runtime.h"

namespace twin::engine {
namespace {

using GitConfig = std::unique_ptr<git_config, GitDeleter<git_config, git_config_free>>;
using GitConfigEntry =
    std::unique_ptr<git_config_entry, GitDeleter<git_config_entry, git_config_entry_free>>;
using GitConfigIterator =
    std::unique_ptr<git_config_iterator, GitDeleter<git_config_iterator, git_config_iterator_free>>;

constexpr std::string_view kAttributesFile = ".gitattributes";

bool named_attributes_file(std::string_view path) {
  if (!path.ends_with(kAttributesFile)) return false;
  return path.size() == kAttributesFile.size() ||
         path[path.size() - kAttributesFile.size() - 1] == '/';
}

/// Anything but "no such file" counts as there: an unreadable file is one
/// libgit2 would trip over too.
bool may_exist(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 || (errno != ENOENT && errno != ENOTDIR);
}

/// The text of a git_buf, which it frees.
std::string take(git_buf& buf) {
  std::string text(buf.ptr ? buf.ptr : "", buf.size);
  git_buf_dispose(&buf);
  return text;
}

/// True when `file` may exist in a directory of libgit2's search path for
/// the configuration level `level` (where libgit2 itself looks for it).
Result<bool> in_search_path(git_config_level_t level, const std::string& file) {
  git_buf buf = GIT_BUF_INIT;
  if (int rc = git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &buf); rc < 0)
    return git_failure(rc, "cannot read libgit2's search path");
  std::string dirs = take(buf);
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = dirs.find(GIT_PATH_LIST_SEPARATOR, start);
    if (end == std::string::npos) end = dirs.size();
    if (end > start && may_exist(dirs.substr(start, end - start) + "/" + file)) return true;
    start = end + 1;
  }
  return false;
}

/// False when the configuration turns on a filter or names an attributes
/// file; `attributes_file_set` tells which.
Result<bool> config_allows(git_repository* repo, bool& attributes_file_set) {
  git_config* raw = nullptr;
  if (int rc = git_repository_config_snapshot(&raw, repo); rc < 0)
    return git_failure(rc, "cannot read the repository's configuration");
  GitConfig config(raw);
  auto entry = [&](const char* key, GitConfigEntry& out) -> Status {
    git_config_entry* found = nullptr;
    int rc = git_config_get_entry(&found, config.get(), key);
    if (rc == GIT_ENOTFOUND) return {};
    if (rc < 0) return git_failure(rc, std::string("cannot read ") + key);
    out.reset(found);
    return {};
  };
  GitConfigEntry autocrlf, attributes_file;
  if (auto read = entry("core.autocrlf", autocrlf); !read) return read.error();
  if (auto read = entry("core.attributesfile", attributes_file); !read) return read.error();
  attributes_file_set = attributes_file != nullptr;
  if (autocrlf) {
    // "true" and "input" convert; so does a bare `autocrlf` (a NULL value).
    int on = 1;
    if (!autocrlf->value || git_config_parse_bool(&on, autocrlf->value) < 0 || on) return false;
  }
  if (attributes_file_set) return false;
  // A filter driver acts only through an attribute, which the other checks
  // rule out; any filter.* key still takes the safe path.
  git_config_iterator* it_raw = nullptr;
  if (int rc = git_config_iterator_glob_new(&it_raw, config.get(), "^filter\\."); rc < 0)
    return git_failure(rc, "cannot list filter.* settings");
  GitConfigIterator it(it_raw);
  git_config_entry* any = nullptr;
  int rc = git_config_next(&any, it.get());
  if (rc == 0) return false;
  if (rc != GIT_ITEROVER) return git_failure(rc, "cannot list filter.* settings");
  return true;
}

bool index_allows(git_index* index) {
  if (git_index_has_conflicts(index)) return false;
  if (git_index_caps(index) & GIT_INDEX_CAPABILITY_IGNORE_CASE) return false;
  for (std::size_t i = 0, n = git_index_entrycount(index); i < n; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index, i);
    if (entry->mode == GIT_FILEMODE_COMMIT || named_attributes_file(entry->path)) return false;
  }
  return true;
}

/// The directories above `paths` ("" for the top), each once.
std::unordered_set<std::string> parent_dirs(const std::vector<std::string>& paths) {
  std::unordered_set<std::string> dirs{""};
  for (const auto& path : paths)
    for (std::size_t slash = path.rfind('/'); slash != std::string::npos && slash > 0;
         slash = path.rfind('/', slash - 1))
      if (!dirs.insert(path.substr(0, slash)).second) break;  // its parents are in already
  return dirs;
}

}  // namespace

Result<bool> no_filter_can_apply(git_repository* repo, git_index* index,
                                 const std::vector<std::string>& paths) {
  bool attributes_file_set = false;
  auto config = config_allows(repo, attributes_file_set);
  if (!config || !*config) return config;
  if (!index_allows(index)) return false;
  for (const auto& path : paths)
    if (named_attributes_file(path)) return false;

  auto xdg = in_search_path(GIT_CONFIG_LEVEL_XDG, "attributes");
  if (!xdg) return xdg.error();
  auto system = in_search_path(GIT_CONFIG_LEVEL_SYSTEM, "gitattributes");
  if (!system) return system.error();
  if (*xdg || *system) return false;

  git_buf buf = GIT_BUF_INIT;
  if (int rc = git_repository_item_path(&buf, repo, GIT_REPOSITORY_ITEM_INFO); rc < 0)
    return git_failure(rc, "cannot locate $GIT_DIR/info");
  if (may_exist(take(buf) + "attributes")) return false;

  const char* workdir = git_repository_workdir(repo);  // ends with '/'
  if (!workdir) return false;
  for (const auto& dir : parent_dirs(paths))
    if (may_exist(std::string(workdir) + (dir.empty() ? "" : dir + "/") +
                  std::string(kAttributesFile)))
      return false;
  return true;
}

}  // namespace twin::engine
