#include "engine/repo/git_diff.h"

#include <git2.h>

#include <memory>

#include "engine/core/durable_io.h"
#include "engine/core/git_runtime.h"
#include "engine/core/secrets.h"

namespace twin::engine {
namespace {

using GitRepository =
    std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using GitCommit = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using GitTree = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using GitDiff = std::unique_ptr<git_diff, GitDeleter<git_diff, git_diff_free>>;
using GitBlob = std::unique_ptr<git_blob, GitDeleter<git_blob, git_blob_free>>;

Result<GitRepository> open_repository(const std::filesystem::path& dir) {
  ensure_libgit2();
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc == GIT_ENOTFOUND) return make_error("E2002", "not a Git repository", dir.string());
  if (rc < 0) return git_failure(rc, "cannot open the Git repository " + dir.string());
  return GitRepository(raw);
}

Result<GitTree> commit_tree(git_repository* repo, const std::string& id) {
  git_oid oid;
  git_commit* commit = nullptr;
  if (git_oid_fromstr(&oid, id.c_str()) < 0 || git_commit_lookup(&commit, repo, &oid) < 0)
    return make_error("E2003", "no such commit", id);
  GitCommit owned(commit);
  git_tree* tree = nullptr;
  if (int rc = git_commit_tree(&tree, commit); rc < 0)
    return git_failure(rc, "cannot read the tree of " + id);
  return GitTree(tree);
}

/// One side's bytes: the blob when the side is a commit (or the index),
/// the file (or a symlink's target) when it is the working tree.
std::string side_content(git_repository* repo, const git_diff_file& file, bool in_workdir) {
  if (in_workdir) {
    std::filesystem::path path = std::filesystem::path(git_repository_workdir(repo)) / file.path;
    std::error_code ec;
    if (std::filesystem::is_symlink(path, ec))
      return std::filesystem::read_symlink(path, ec).string();
    auto bytes = read_whole_file(path);
    return bytes ? *bytes : std::string();
  }
  git_blob* blob = nullptr;
  if (git_blob_lookup(&blob, repo, &file.id) < 0) return {};
  GitBlob owned(blob);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob)),
                     static_cast<std::size_t>(git_blob_rawsize(blob)));
}

FileChange change_of(git_delta_t status) {
  switch (status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_UNTRACKED:
      return FileChange::kAdded;
    case GIT_DELTA_DELETED:
      return FileChange::kDeleted;
    default:
      return FileChange::kModified;
  }
}

std::string without_newline(const char* content, std::size_t length) {
  std::string text(content, length);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

/// git_patch_print's callback: the file header, then hunk headers and lines.
int collect_line(const git_diff_delta*, const git_diff_hunk* hunk, const git_diff_line* line,
                 void* payload) {
  auto* file = static_cast<FileDiff*>(payload);
  switch (line->origin) {
    case GIT_DIFF_LINE_FILE_HDR:
    case GIT_DIFF_LINE_BINARY:
      file->header.append(line->content, line->content_len);
      break;
    case GIT_DIFF_LINE_HUNK_HDR:
      file->hunks.push_back({without_newline(hunk->header, hunk->header_len), {}});
      break;
    case GIT_DIFF_LINE_CONTEXT_EOFNL:
    case GIT_DIFF_LINE_ADD_EOFNL:
    case GIT_DIFF_LINE_DEL_EOFNL:
      if (!file->hunks.empty())
        file->hunks.back().lines.push_back({'\\', " No newline at end of file"});
      break;
    default:
      if (!file->hunks.empty())
        file->hunks.back().lines.push_back(
            {line->origin, without_newline(line->content, line->content_len)});
  }
  return 0;
}

Result<FileDiff> file_diff(git_repository* repo, git_diff* diff, std::size_t index,
                           bool to_workdir) {
  git_patch* raw = nullptr;
  if (int rc = git_patch_from_diff(&raw, diff, index); rc < 0)
    return git_failure(rc, "cannot compute a patch");
  GitPatch patch(raw);
  const git_diff_delta* delta = git_patch_get_delta(patch.get());
  FileDiff file;
  file.change = change_of(delta->status);
  file.path = file.change == FileChange::kDeleted ? delta->old_file.path : delta->new_file.path;
  file.binary = (delta->flags & GIT_DIFF_FLAG_BINARY) != 0;
  file.old_size = delta->old_file.size;
  file.new_size = delta->new_file.size;
  if (int rc = git_patch_print(patch.get(), collect_line, &file); rc < 0)
    return git_failure(rc, "cannot format the patch of " + file.path);
  std::size_t context = 0;
  if (int rc = git_patch_line_stats(&context, &file.additions, &file.deletions, patch.get());
      rc < 0)
    return git_failure(rc, "cannot count the lines of " + file.path);
  if (!file.binary) {
    // The same test plans use: either side holding a secret hides both.
    bool old_absent = file.change == FileChange::kAdded;
    bool new_absent = file.change == FileChange::kDeleted;
    std::string old_text = old_absent ? "" : side_content(repo, delta->old_file, false);
    std::string new_text = new_absent ? "" : side_content(repo, delta->new_file, to_workdir);
    if (secret_reason(old_text) || secret_reason(new_text)) {
      file.hunks.clear();
      file.sensitive_summary = sensitive_summary(old_text, new_text);
    }
  }
  return file;
}

}  // namespace

std::string FileDiff::patch() const {
  std::string text = header;
  if (sensitive_summary) return text + *sensitive_summary + "\n";
  for (const auto& hunk : hunks) {
    text += hunk.header + "\n";
    for (const auto& line : hunk.lines) text += line.origin + line.text + "\n";
  }
  return text;
}

Result<std::vector<FileDiff>> diff_twin(const std::filesystem::path& twin_dir,
                                        const DiffRequest& request) {
  auto repo = open_repository(twin_dir);
  if (!repo) return repo.error();
  auto from = commit_tree(repo->get(), request.from);
  if (!from) return from.error();

  std::vector<char*> specs;
  for (const auto& p : request.paths) specs.push_back(const_cast<char*>(p.c_str()));
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.context_lines = request.context_lines;
  options.pathspec = {specs.data(), specs.size()};
  git_diff* raw = nullptr;
  int rc;
  if (request.to) {
    auto to = commit_tree(repo->get(), *request.to);
    if (!to) return to.error();
    rc = git_diff_tree_to_tree(&raw, repo->get(), from->get(), to->get(), &options);
  } else {
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
                    GIT_DIFF_SHOW_UNTRACKED_CONTENT;
    rc = git_diff_tree_to_workdir_with_index(&raw, repo->get(), from->get(), &options);
  }
  if (rc < 0) return git_failure(rc, "cannot compare " + request.from.substr(0, 8));
  GitDiff diff(raw);

  std::vector<FileDiff> files;
  for (std::size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    auto file = file_diff(repo->get(), diff.get(), i, !request.to);
    if (!file) return file.error();
    files.push_back(std::move(*file));
  }
  return files;
}

DiffTotals diff_totals(const std::vector<FileDiff>& files) {
  DiffTotals totals;
  totals.files = files.size();
  for (const auto& f : files) {
    totals.additions += f.additions;
    totals.deletions += f.deletions;
  }
  return totals;
}

std::string diff_summary(const DiffTotals& totals) {
  auto count = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string text = count(totals.files, "file changed", "files changed");
  if (totals.additions > 0) text += ", " + count(totals.additions, "insertion(+)", "insertions(+)");
  if (totals.deletions > 0) text += ", " + count(totals.deletions, "deletion(-)", "deletions(-)");
  return text;
}

}  // namespace twin::engine
