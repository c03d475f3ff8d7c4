#include "resources/rooted_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "resources/error_codes.h"

namespace twin::resources {
namespace {

using engine::make_error;
using engine::Status;

// openat2 reports EAGAIN when a concurrent rename raced its ".." checks;
// trying again is what the kernel documentation asks for.
constexpr int kOpenRetries = 8;

// "/etc//motd/" -> "etc//motd": the kernel resolves the rest.
std::string relative_of(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}


// Creates the temporary file (or, with `symlink_target`, symlink) for
// replacing `name` under its deterministic name. A file already standing
// there was left by a writer that was killed (one apply at a time holds the
// root), so it is removed and the name taken again; O_EXCL and O_NOFOLLOW
// still guarantee nothing is ever written through someone else's file.
int create_temp(int dir, const std::string& temp, const char* symlink_target) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (symlink_target != nullptr) {
      if (::symlinkat(symlink_target, dir, temp.c_str()) == 0) return 0;
    } else {
      int fd = ::openat(dir, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0600);
      if (fd >= 0) return fd;
    }
    if (errno != EEXIST || attempt > 0) return -1;
    if (::unlinkat(dir, temp.c_str(), 0) != 0 && errno != ENOENT) return -1;
  }
  return -1;
}

}  // namespace

FileMeta meta_of(const struct stat& st) {
  FileMeta meta;
  if (S_ISREG(st.st_mode))
    meta.kind = FileKind::kFile;
  else if (S_ISDIR(st.st_mode))
    meta.kind = FileKind::kDirectory;
  else if (S_ISLNK(st.st_mode))
    meta.kind = FileKind::kSymlink;
  else
    meta.kind = FileKind::kOther;
  meta.mode = st.st_mode & 07777;
  meta.uid = st.st_uid;
  meta.gid = st.st_gid;
  meta.size = static_cast<std::uint64_t>(st.st_size);
  meta.dev = static_cast<std::uint64_t>(st.st_dev);
  meta.ino = static_cast<std::uint64_t>(st.st_ino);
  meta.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  meta.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
  return meta;
}

std::string temp_name_for(std::string_view name) {
  // FNV-1a, 64 bits: stable across builds and machines, unlike std::hash.
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : name) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string temp = ".twin-";
  for (int shift = 60; shift >= 0; shift -= 4) temp += kHex[(hash >> shift) & 15];
  return temp + ".tmp";
}

std::string_view kind_name(FileKind kind) {
  switch (kind) {
    case FileKind::kFile:
      return "file";
    case FileKind::kDirectory:
      return "directory";
    case FileKind::kSymlink:
      return "symlink";
    case FileKind::kOther:
      return "other";
  }
  return "other";
}

engine::Result<RootedFs> RootedFs::open(const std::filesystem::path& root) {
  if (!root.is_absolute())
    return make_error(codes::kBadRoot, "target root must be an absolute path", root.string());
  UniqueFd fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid())
    return make_error(codes::kBadRoot,
                      std::string("cannot open target root: ") + std::strerror(errno),
                      root.string());
  const bool system_root = root.lexically_normal() == "/";
  std::uint64_t resolve = (system_root ? RESOLVE_IN_ROOT : RESOLVE_BENEATH) | RESOLVE_NO_MAGICLINKS;
  return RootedFs(root, std::move(fd), resolve);
}

engine::Error RootedFs::sys_error(int err, std::string_view what, std::string_view path) const {
  if (err == EXDEV)
    return make_error(codes::kEscapesRoot, "path leaves the target root through a symlink or '..'",
                      std::string(path));
  return make_error(codes::kIo, std::string(what) + ": " + std::strerror(err), std::string(path));
}

int RootedFs::open_beneath(const std::string& relative, int flags, mode_t mode) const {
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
  how.resolve = resolve_;
  const char* target = relative.empty() ? "." : relative.c_str();
  for (int attempt = 0;; ++attempt) {
    long fd = ::syscall(SYS_openat2, root_fd_.get(), target, &how, sizeof how);
    if (fd >= 0 || errno != EAGAIN || attempt + 1 >= kOpenRetries) return static_cast<int>(fd);
  }
}

namespace {

// The directory (relative to the root, "" for the root) and final component
// of `path`, refusing what no call may name.
struct SplitPath {
  std::string dir;
  std::string name;
};
engine::Result<SplitPath> split_path(std::string_view path) {
  if (path.find('\0') != std::string_view::npos)
    return make_error(codes::kBadPath, "path contains a NUL byte", std::string(path));
  std::string relative = relative_of(path);
  if (relative.empty())
    return make_error(codes::kBadPath, "path names the target root itself", std::string(path));
  auto slash = relative.rfind('/');
  SplitPath split;
  split.name = slash == std::string::npos ? relative : relative.substr(slash + 1);
  split.dir = slash == std::string::npos ? std::string() : relative.substr(0, slash);
  if (split.name == "." || split.name == "..")
    return make_error(codes::kBadPath, "path must not end in '.' or '..'", std::string(path));
  return split;
}

}  // namespace

engine::Result<RootedFs::Parent> RootedFs::open_parent(std::string_view path,
                                                       int* sys_errno) const {
  auto split = split_path(path);
  if (!split) return split.error();
  UniqueFd fd(open_beneath(split->dir, O_PATH | O_DIRECTORY));
  if (!fd.valid()) {
    int err = errno;
    if (sys_errno != nullptr) *sys_errno = err;
    return sys_error(err, "cannot open parent directory", path);
  }
  return Parent{std::move(fd), std::move(split->name)};
}

void RootedFs::keep_parent_dirs() {
  if (!kept_dirs_) kept_dirs_ = std::make_unique<KeptDirs>();
}

engine::Result<RootedFs::SeenParent> RootedFs::see_parent(std::string_view path,
                                                          int* sys_errno) const {
  if (!kept_dirs_) {
    auto parent = open_parent(path, sys_errno);
    if (!parent) return parent.error();
    return SeenParent{std::make_shared<const UniqueFd>(std::move(parent->dir)),
                      std::move(parent->name)};
  }
  auto split = split_path(path);
  if (!split) return split.error();
  {
    std::lock_guard lock(kept_dirs_->mutex);
    auto it = kept_dirs_->fds.find(split->dir);
    if (it != kept_dirs_->fds.end()) return SeenParent{it->second, std::move(split->name)};
  }
  auto parent = open_parent(path, sys_errno);
  if (!parent) return parent.error();
  auto fd = std::make_shared<const UniqueFd>(std::move(parent->dir));
  constexpr std::size_t kMaxKept = 256;  // well under the usual limit of 1024 open files
  std::lock_guard lock(kept_dirs_->mutex);
  if (kept_dirs_->fds.size() >= kMaxKept) kept_dirs_->fds.clear();
  kept_dirs_->fds.emplace(std::move(split->dir), fd);
  return SeenParent{std::move(fd), std::move(parent->name)};
}

engine::Status RootedFs::fsync_dir(const Parent& parent, std::string_view path) const {
  if (!sync_directories_) return {};
  UniqueFd dir(::openat(parent.dir.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid() || ::fsync(dir.get()) != 0)
    return sys_error(errno, "cannot sync directory", path);
  return {};
}

engine::Result<std::optional<FileMeta>> RootedFs::lstat(std::string_view path) const {
  if (relative_of(path).empty()) {
    struct stat st;
    if (::fstat(root_fd_.get(), &st) != 0) return sys_error(errno, "cannot stat", path);
    return std::optional<FileMeta>(meta_of(st));
  }
  int parent_errno = 0;
  auto parent = see_parent(path, &parent_errno);
  if (!parent) {
    // A missing (or non-directory) parent means the path does not exist;
    // escaping the root and other failures stay errors.
    if (parent_errno == ENOENT || parent_errno == ENOTDIR) return std::optional<FileMeta>();
    return parent.error();
  }
  struct stat st;
  if (::fstatat(parent->dir->get(), parent->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return std::optional<FileMeta>();
    return sys_error(errno, "cannot stat", path);
  }
  return std::optional<FileMeta>(meta_of(st));
}

engine::Result<std::optional<FileMeta>> RootedFs::stat(std::string_view path) const {
  if (path.find('\0') != std::string_view::npos)
    return make_error(codes::kBadPath, "path contains a NUL byte", std::string(path));
  UniqueFd fd(open_beneath(relative_of(path), O_PATH));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<FileMeta>();
    return sys_error(errno, "cannot open", path);
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return sys_error(errno, "cannot stat", path);
  return std::optional<FileMeta>(meta_of(st));
}

engine::Result<std::string> RootedFs::read_file(std::string_view path,
                                                const FileMeta* seen) const {
  auto parent = see_parent(path);
  if (!parent) return parent.error();
  // An empty file gets no shortcut: a FIFO or device put in its place reads
  // as empty too.
  const bool known = seen != nullptr && seen->kind == FileKind::kFile && seen->size > 0 &&
                     seen->size < kMaxFileBytes;
  struct stat st;
  if (!known) {
    if (::fstatat(parent->dir->get(), parent->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return sys_error(errno, "cannot stat", path);
    // Checked before opening so that a FIFO or device is never opened at all.
    if (!S_ISREG(st.st_mode))
      return make_error(codes::kNotRegular,
                        S_ISDIR(st.st_mode)   ? "not a regular file but a directory"
                        : S_ISLNK(st.st_mode) ? "not a regular file but a symlink (never followed)"
                                              : "not a regular file but a FIFO, socket or device",
                        std::string(path));
  }
  UniqueFd fd(::openat(parent->dir->get(), parent->name.c_str(),
                       O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!fd.valid()) return sys_error(errno, "cannot open", path);
  std::string bytes;
  if (known) {
    // One read with room for one byte more than the lstat saw, then an
    // fstat of what was read: the same regular file (device and inode),
    // still of exactly the size read, was read whole. A short read of a
    // longer file, a file replaced since, or a FIFO that happened to give
    // that many bytes fails the check and is read again below.
    bytes.resize(static_cast<std::size_t>(seen->size) + 1);
    ssize_t n;
    do n = ::read(fd.get(), bytes.data(), bytes.size());
    while (n < 0 && errno == EINTR);
    if (n == static_cast<ssize_t>(seen->size) && ::fstat(fd.get(), &st) == 0 &&
        S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_dev) == seen->dev &&
        static_cast<std::uint64_t>(st.st_ino) == seen->ino && st.st_size == n) {
      bytes.resize(static_cast<std::size_t>(n));
      if (read_counter_ != nullptr) read_counter_->fetch_add(1, std::memory_order_relaxed);
      return bytes;
    }
    // Changed since the lstat: check it and read it as if nothing was known.
    if (::lseek(fd.get(), 0, SEEK_SET) != 0 && errno != ESPIPE)
      return sys_error(errno, "cannot read", path);
    bytes.clear();
  }
  if (::fstat(fd.get(), &st) != 0) return sys_error(errno, "cannot stat", path);
  if (!S_ISREG(st.st_mode))
    return make_error(codes::kNotRegular, "not a regular file", std::string(path));
  if (static_cast<std::uint64_t>(st.st_size) > kMaxFileBytes)
    return make_error(codes::kTooLarge, "file is larger than 64 MiB", std::string(path));
  bytes.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return sys_error(errno, "cannot read", path);
    }
    bytes.append(buffer, static_cast<std::size_t>(n));
    if (bytes.size() > kMaxFileBytes)
      return make_error(codes::kTooLarge, "file is larger than 64 MiB", std::string(path));
  }
  if (read_counter_ != nullptr) read_counter_->fetch_add(1, std::memory_order_relaxed);
  return bytes;
}

engine::Result<std::string> RootedFs::read_link(std::string_view path) const {
  auto parent = open_parent(path);
  if (!parent) return parent.error();
  std::string target(256, '\0');
  for (;;) {
    ssize_t n = ::readlinkat(parent->dir.get(), parent->name.c_str(), target.data(), target.size());
    if (n < 0) return sys_error(errno, "cannot read symlink", path);
    if (static_cast<std::size_t>(n) < target.size()) {
      target.resize(static_cast<std::size_t>(n));
      return target;
    }
    target.resize(target.size() * 2);
  }
}

engine::Result<bool> RootedFs::is_empty_dir(std::string_view path) const {
  auto parent = open_parent(path);
  if (!parent) return parent.error();
  int fd = ::openat(parent->dir.get(), parent->name.c_str(),
                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return sys_error(errno, "cannot open directory", path);
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    int err = errno;
    ::close(fd);
    return sys_error(err, "cannot read directory", path);
  }
  bool empty = true;
  while (dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name != "." && name != "..") {
      empty = false;
      break;
    }
  }
  ::closedir(dir);
  return empty;
}

Status RootedFs::write_file_atomic(std::string_view path, std::string_view bytes, mode_t mode,
                                   uid_t uid, gid_t gid) const {
  auto parent = open_parent(path);
  if (!parent) return parent.error();
  const std::string temp = temp_name_for(parent->name);
  UniqueFd fd(create_temp(parent->dir.get(), temp, nullptr));
  if (!fd.valid()) return sys_error(errno, "cannot create temporary file", path);

  auto fail = [&](int err, std::string_view what) {
    fd.reset();
    ::unlinkat(parent->dir.get(), temp.c_str(), 0);
    return Status(sys_error(err, what, path));
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno, "cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  // Owner before mode: chown clears set-user-ID and set-group-ID bits.
  if (::fchown(fd.get(), uid, gid) != 0) return fail(errno, "cannot set owner");
  if (::fchmod(fd.get(), mode) != 0) return fail(errno, "cannot set mode");
  if (::fsync(fd.get()) != 0) return fail(errno, "cannot sync");
  if (::renameat(parent->dir.get(), temp.c_str(), parent->dir.get(), parent->name.c_str()) != 0)
    return fail(errno, "cannot rename into place");
  fd.reset();
  return fsync_dir(*parent, path);
}

Status RootedFs::make_dir(std::string_view path, mode_t mode, uid_t uid, gid_t gid) const {
  auto parent = open_parent(path);
  if (!parent) return parent.error();
  // Made with its final mode when it will belong to us anyway, so that a
  // kill before the fchmod below leaves what `--resume` (which finds it
  // existing) would have made; otherwise 0700 until it has its owner, so
  // nobody else can enter it meanwhile. (The umask may still narrow the
  // first mode; the fchmod gives the exact one.)
  const bool ours = uid == ::geteuid() && gid == ::getegid();
  if (::mkdirat(parent->dir.get(), parent->name.c_str(), ours ? (mode & 07777) : 0700) != 0)
    return sys_error(errno, "cannot create directory", path);
  // Through an fd of the new directory itself, so nothing swapped in after
  // mkdirat (a symlink) can receive the owner or mode.
  UniqueFd dir(::openat(parent->dir.get(), parent->name.c_str(),
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir.valid()) return sys_error(errno, "cannot open new directory", path);
  if (::fchown(dir.get(), uid, gid) != 0) return sys_error(errno, "cannot set owner", path);
  if (::fchmod(dir.get(), mode) != 0) return sys_error(errno, "cannot set mode", path);
  return fsync_dir(*parent, path);
}

Status RootedFs::write_symlink_atomic(std::string_view path, std::string_view target, uid_t uid,
                                      gid_t gid) const {
  auto parent = open_parent(path);
  if (!parent) return parent.error();
  if (target.empty() || target.find('\0') != std::string_view::npos)
    return make_error(codes::kBadPath, "symlink target is empty or contains a NUL byte",
                      std::string(path));
  const std::string target_text(target);
  const std::string temp = temp_name_for(parent->name);
  if (create_temp(parent->dir.get(), temp, target_text.c_str()) != 0)
    return sys_error(errno, "cannot create temporary symlink", path);
  auto fail = [&](int err, std::string_view what) {
    ::unlinkat(parent->dir.get(), temp.c_str(), 0);
    return Status(sys_error(err, what, path));
  };
  if (::fchownat(parent->dir.get(), temp.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0)
    return fail(errno, "cannot set owner");
  if (::renameat(parent->dir.get(), temp.c_str(), parent->dir.get(), parent->name.c_str()) != 0)
    return fail(errno, "cannot rename into place");
  return fsync_dir(*parent, path);
}

Status RootedFs::make_symlink(std::string_view path, std::string_view target, uid_t uid,
                              gid_t gid) const {
  auto parent = open_parent(path);
  if (!parent) return parent.error();
  if (target.find('\0') != std::string_view::npos)
    return make_error(codes::kBadPath, "symlink target contains a NUL byte", std::string(path));
  std::string target_text(target);
  if (::symlinkat(target_text.c_str(), parent->dir.get(), parent->name.c_str()) != 0)
    return sys_error(errno, "cannot create symlink", path);
  if (::fchownat(parent->dir.get(), parent->name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error(errno, "cannot set owner", path);
  return fsync_dir(*parent, path);
}

Status RootedFs::remove(std::string_view path) const {
  auto parent = open_parent(path);
  if (!parent) return parent.error();
  struct stat st;
  if (::fstatat(parent->dir.get(), parent->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error(errno, "cannot stat", path);
  int flags = S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0;
  if (::unlinkat(parent->dir.get(), parent->name.c_str(), flags) != 0)
    return sys_error(errno, "cannot remove", path);
  return fsync_dir(*parent, path);
}

Status RootedFs::remove_leftover_temp(std::string_view path) const {
  int parent_errno = 0;
  auto parent = open_parent(path, &parent_errno);
  if (!parent) {
    // No parent directory: no temporary file can stand in it either.
    if (parent_errno == ENOENT || parent_errno == ENOTDIR) return {};
    return parent.error();
  }
  const std::string temp = temp_name_for(parent->name);
  if (::unlinkat(parent->dir.get(), temp.c_str(), 0) != 0) {
    int unlink_errno = errno;
    if (unlink_errno == ENOENT) return {};
    // A read-only directory says EROFS even when no such file is there:
    // nothing to remove then.
    struct stat st;
    if (::fstatat(parent->dir.get(), temp.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 &&
        errno == ENOENT)
      return {};
    return sys_error(unlink_errno, "cannot remove leftover temporary file " + temp, path);
  }
  return fsync_dir(*parent, path);
}

engine::Result<UniqueFd> RootedFs::open_root_dir() const {
  UniqueFd dir(::openat(root_fd_.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return sys_error(errno, "cannot open target root", "/");
  return dir;
}

Status RootedFs::chmod(std::string_view path, mode_t mode) const {
  if (relative_of(path).empty() && path.find('\0') == std::string_view::npos) {
    auto dir = open_root_dir();
    if (!dir) return dir.error();
    if (::fchmod(dir->get(), mode) != 0) return sys_error(errno, "cannot set mode", path);
    return {};
  }
  auto parent = open_parent(path);
  if (!parent) return parent.error();
  // glibc implements AT_SYMLINK_NOFOLLOW here through an O_PATH fd and
  // fails with EOPNOTSUPP on a symlink instead of following it.
  if (::fchmodat(parent->dir.get(), parent->name.c_str(), mode, AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error(errno, "cannot set mode", path);
  return {};
}

Status RootedFs::chown(std::string_view path, uid_t uid, gid_t gid) const {
  if (relative_of(path).empty() && path.find('\0') == std::string_view::npos) {
    auto dir = open_root_dir();
    if (!dir) return dir.error();
    if (::fchown(dir->get(), uid, gid) != 0) return sys_error(errno, "cannot set owner", path);
    return {};
  }
  auto parent = open_parent(path);
  if (!parent) return parent.error();
  struct stat before;
  if (::fstatat(parent->dir.get(), parent->name.c_str(), &before, AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error(errno, "cannot stat", path);
  if (::fchownat(parent->dir.get(), parent->name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error(errno, "cannot set owner", path);
  // The kernel clears set-user-ID and set-group-ID on chown; a change of
  // owner alone must not silently drop them.
  if (!S_ISLNK(before.st_mode) && (before.st_mode & (S_ISUID | S_ISGID)) != 0 &&
      ::fchmodat(parent->dir.get(), parent->name.c_str(), before.st_mode & 07777,
                 AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error(errno, "cannot restore mode after chown", path);
  return {};
}

}  // namespace twin::resources
