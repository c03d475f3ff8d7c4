#include "resources/collect_walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "resources/error_codes.h"
#include "resources/unique_fd.h"

namespace twin::resources {
namespace {

using engine::make_error;

engine::Error sys_error(int err, std::string_view what, std::string_view path) {
  if (err == EXDEV)
    return make_error(codes::kEscapesRoot, "path leaves the target root through a symlink or '..'",
                      std::string(path));
  return make_error(codes::kIo, std::string(what) + ": " + std::strerror(err), std::string(path));
}

/// openat2 of `path` (absolute inside root) under the root's policy.
int open_in_root(const std::filesystem::path& root, std::string_view path, int flags) {
  UniqueFd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd.valid()) return -1;
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
  how.resolve = (root.lexically_normal() == "/" ? RESOLVE_IN_ROOT : RESOLVE_BENEATH) |
                RESOLVE_NO_MAGICLINKS;
  std::size_t start = path.find_first_not_of('/');
  std::string relative = start == std::string_view::npos ? "." : std::string(path.substr(start));
  return static_cast<int>(::syscall(SYS_openat2, root_fd.get(), relative.c_str(), &how, sizeof how));
}

std::string join(std::string_view dir, std::string_view name) {
  return dir == "/" ? "/" + std::string(name) : std::string(dir) + "/" + std::string(name);
}

/// Lists the directory open as `fd` (ownership taken), recursing into
/// subdirectories by name relative to it, never through a symlink.
void walk(UniqueFd fd, const std::string& dir, bool recursive, TreeListing& out) {
  UniqueFd stream_fd(::fcntl(fd.get(), F_DUPFD_CLOEXEC, 0));
  std::unique_ptr<DIR, int (*)(DIR*)> stream(
      stream_fd.valid() ? ::fdopendir(stream_fd.get()) : nullptr, &::closedir);
  if (!stream) {
    out.problems.push_back({dir, std::strerror(errno)});
    return;
  }
  stream_fd.release();
  std::vector<std::string> names;
  while (dirent* ent = ::readdir(stream.get())) {
    std::string_view name = ent->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    struct stat st {};
    if (::fstatat(fd.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone
    TreeEntry entry{join(dir, name), meta_of(st), {}};
    if (S_ISLNK(st.st_mode)) {
      std::string target(static_cast<std::size_t>(st.st_size) + 256, '\0');
      ssize_t n = ::readlinkat(fd.get(), name.c_str(), target.data(), target.size());
      if (n >= 0) entry.link_target.assign(target.data(), static_cast<std::size_t>(n));
    }
    out.entries.push_back(entry);
    if (recursive && S_ISDIR(st.st_mode)) {
      UniqueFd child(::openat(fd.get(), name.c_str(),
                              O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!child.valid())
        out.problems.push_back({entry.path, std::strerror(errno)});
      else
        walk(std::move(child), entry.path, recursive, out);
    }
  }
}

}  // namespace

engine::Result<std::optional<TreeListing>> list_tree(const std::filesystem::path& root,
                                                     std::string_view dir, bool recursive) {
  UniqueFd fd(open_in_root(root, dir, O_RDONLY | O_DIRECTORY));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<TreeListing>();
    return sys_error(errno, "cannot open directory", dir);
  }
  TreeListing listing;
  std::string start(dir.empty() ? "/" : dir);
  while (start.size() > 1 && start.back() == '/') start.pop_back();
  walk(std::move(fd), start, recursive, listing);
  return std::optional<TreeListing>(std::move(listing));
}

std::string last_lines(std::string_view text, std::size_t max_lines) {
  if (max_lines == 0) return {};
  std::size_t end = text.size();
  if (end > 0 && text[end - 1] == '\n') --end;  // the final newline ends the last line
  std::size_t pos = end, seen = 0;
  while (pos > 0) {
    std::size_t nl = text.rfind('\n', pos - 1);
    if (nl == std::string_view::npos) return std::string(text);
    if (++seen == max_lines) return std::string(text.substr(nl + 1));
    pos = nl;
  }
  return std::string(text);
}

engine::Result<std::optional<std::string>> read_tail(const std::filesystem::path& root,
                                                     std::string_view path, std::size_t max_lines,
                                                     std::size_t max_bytes) {
  UniqueFd fd(open_in_root(root, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>();
    if (errno == ELOOP)
      return make_error(codes::kNotRegular, "not a regular file (a symlink)", std::string(path));
    return sys_error(errno, "cannot open", path);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return sys_error(errno, "cannot stat", path);
  if (!S_ISREG(st.st_mode))
    return make_error(codes::kNotRegular, "not a regular file", std::string(path));
  auto size = static_cast<std::size_t>(st.st_size);
  std::size_t offset = size > max_bytes ? size - max_bytes : 0;
  std::string bytes(size - offset, '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pread(fd.get(), bytes.data() + done, bytes.size() - done,
                        static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error(errno, "cannot read", path);
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  if (offset > 0) {  // drop the line the window cut in half
    std::size_t nl = bytes.find('\n');
    bytes = nl == std::string::npos ? std::string() : bytes.substr(nl + 1);
  }
  return std::optional<std::string>(last_lines(bytes, max_lines));
}

}  // namespace twin::resources
