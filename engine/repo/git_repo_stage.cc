// GitRepo's staging half: the working tree into the index as `git add -A`
// would, either all through libgit2 or, for files whose bytes the caller
// has just written, from those bytes (see add_all(const KnownFiles&)).
//
// What git_index_add_all() does, and so what the second way repeats: one
// diff of the index against the working tree (tracked files that changed
// or are gone, untracked files that are not ignored), then for each path
// git_index_remove_bypath() when the file is gone, else
// git_index_add_bypath(), which hashes the file through its filters and
// records its lstat() data. The second way only replaces that last call,
// for known files, by git_blob_create_from_buffer() + the same lstat()
// data + git_index_add(). It also skips add_all()'s git_index_update_all(),
// which finds nothing the first pass left (gone files are removed there)
// but re-hashes every file written since the index was read, as "racy".
#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/repo/git_damage.h"
#include "engine/repo/git_repo.h"
#include "engine/repo/git_repo_filters.h"

namespace twin::engine {
namespace {

using GitIndex = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;
using GitDiff = std::unique_ptr<git_diff, GitDeleter<git_diff, git_diff_free>>;

Result<GitIndex> open_index(git_repository* repo) { return open_repo_index(repo); }

/// The mode git_index_add_bypath() gives a regular file or symlink
/// (libgit2's index_merge_mode): with core.symlinks=false a file keeps an
/// entry's symlink mode, with core.filemode=false a file keeps its entry's
/// mode (a new one is 100644), else the exec bit of the owner decides.
std::uint32_t staged_mode(mode_t st_mode, int caps, const git_index_entry* existing) {
  bool regular = S_ISREG(st_mode);
  if (regular && (caps & GIT_INDEX_CAPABILITY_NO_SYMLINKS) && existing && S_ISLNK(existing->mode))
    return existing->mode;
  if (regular && (caps & GIT_INDEX_CAPABILITY_NO_FILEMODE))
    return existing && S_ISREG(existing->mode) ? existing->mode : std::uint32_t{GIT_FILEMODE_BLOB};
  if (S_ISLNK(st_mode)) return GIT_FILEMODE_LINK;
  return (st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
}

/// The stat data of an index entry exactly as libgit2 records it
/// (git_index_entry__init_from_stat): seconds truncated to 32 bits,
/// nanoseconds only when libgit2 was built with them, and st_rdev, not
/// st_dev, as the device (git itself does not compare it).
void fill_stat(git_index_entry& entry, const struct stat& st) {
  static const bool nanoseconds = (git_libgit2_features() & GIT_FEATURE_NSEC) != 0;
  entry.ctime.seconds = static_cast<std::int32_t>(st.st_ctim.tv_sec);
  entry.mtime.seconds = static_cast<std::int32_t>(st.st_mtim.tv_sec);
  if (nanoseconds) {
    entry.ctime.nanoseconds = static_cast<std::uint32_t>(st.st_ctim.tv_nsec);
    entry.mtime.nanoseconds = static_cast<std::uint32_t>(st.st_mtim.tv_nsec);
  }
  entry.dev = static_cast<std::uint32_t>(st.st_rdev);
  entry.ino = static_cast<std::uint32_t>(st.st_ino);
  entry.uid = st.st_uid;
  entry.gid = st.st_gid;
  entry.file_size = static_cast<std::uint32_t>(st.st_size);
}

}  // namespace

Status GitRepo::add_all() {
  if (auto started = start_buffering(); !started) return started;
  auto index = open_index(repo_.get());
  if (!index) return index.error();
  // Not written yet: it names blobs that are only in buffer_ so far.
  return add_all_through_libgit2(index->get());
}

Status GitRepo::add_all_through_libgit2(git_index* index) {
  git_strarray everything = {nullptr, 0};
  if (int rc = git_index_add_all(index, &everything, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr);
      rc < 0)
    return git_failure(rc, "cannot stage the working tree");
  // Drops the entries of files that are gone, should add_all have kept any.
  if (int rc = git_index_update_all(index, &everything, nullptr, nullptr); rc < 0)
    return git_failure(rc, "cannot stage deletions");
  return {};
}

Result<KnownFiles> GitRepo::add_all(const KnownFiles& known) {
  if (auto started = start_buffering(); !started) return started.error();
  auto index = open_index(repo_.get());
  if (!index) return index.error();
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags =
      GIT_DIFF_INCLUDE_TYPECHANGE | GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
  git_diff* raw = nullptr;
  if (int rc = git_diff_index_to_workdir(&raw, repo_.get(), index->get(), &options); rc < 0)
    return git_failure(rc, "cannot compare the working tree with the index");
  GitDiff diff(raw);
  std::size_t n = git_diff_num_deltas(diff.get());

  std::vector<std::string> present;  // the paths to stage from the disk
  for (std::size_t i = 0; i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    if (delta->new_file.flags & GIT_DIFF_FLAG_EXISTS) present.emplace_back(delta->new_file.path);
  }
  auto verbatim = no_filter_can_apply(repo_.get(), index->get(), present);
  if (!verbatim) return verbatim.error();
  if (!*verbatim) {
    if (auto staged = add_all_through_libgit2(index->get()); !staged) return staged.error();
    return KnownFiles{};
  }

  KnownFiles from_known;
  for (std::size_t i = 0; i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    if (!(delta->new_file.flags & GIT_DIFF_FLAG_EXISTS)) {
      if (int rc = git_index_remove_bypath(index->get(), delta->old_file.path); rc < 0)
        return git_failure(rc, std::string("cannot unstage ") + delta->old_file.path);
      continue;
    }
    std::string path = delta->new_file.path;
    if (auto it = known.find(path); it != known.end()) {
      auto added = add_known(index->get(), path, it->second);
      if (!added) return added.error();
      if (*added) {
        from_known.insert(*it);
        continue;
      }
    }
    if (int rc = git_index_add_bypath(index->get(), path.c_str()); rc < 0)
      return git_failure(rc, "cannot stage " + path);
  }
  return from_known;
}

Result<bool> GitRepo::add_known(git_index* index, const std::string& path, const KnownFile& file) {
  std::string full = git_repository_workdir(repo_.get()) + path;
  struct stat st;
  if (::lstat(full.c_str(), &st) != 0) return false;
  bool same_type = file.symlink ? S_ISLNK(st.st_mode) : S_ISREG(st.st_mode);
  if (!same_type || static_cast<std::uint64_t>(st.st_size) != file.bytes.size()) return false;

  git_index_entry entry{};
  // Through the repository's odb, so the blob lands in buffer_ like any other.
  if (int rc =
          git_blob_create_from_buffer(&entry.id, repo_.get(), file.bytes.data(), file.bytes.size());
      rc < 0)
    return git_failure(rc, "cannot store " + path);
  fill_stat(entry, st);
  entry.mode =
      staged_mode(st.st_mode, git_index_caps(index), git_index_get_bypath(index, path.c_str(), 0));
  entry.path = path.c_str();
  if (int rc = git_index_add(index, &entry); rc < 0) return git_failure(rc, "cannot stage " + path);
  return true;
}

}  // namespace twin::engine
