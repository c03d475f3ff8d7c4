// Safe file access under a target root. Every path is resolved by the kernel
// (openat2) relative to an fd of the root directory, never by joining strings,
// so a symlink or ".." planted in the target cannot redirect a write to the
// host:
//   - root "/":   RESOLVE_IN_ROOT, so absolute symlinks resolve inside "/";
//   - any other:  RESOLVE_BENEATH, so a symlink or ".." that would leave the
//                 sandbox is refused (EXDEV -> error E3102).
// Magic links (/proc/self/fd/...) are refused in both cases. The final
// component of a path is never followed: it is inspected with
// fstatat(AT_SYMLINK_NOFOLLOW) through its parent's fd, opened with
// O_NOFOLLOW, and replaced by rename, so a symlink standing there is itself
// what gets read, replaced or removed.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/core/result.h"
#include "resources/unique_fd.h"

namespace twin::resources {

enum class FileKind { kFile, kDirectory, kSymlink, kOther };

/// "file", "directory", "symlink", "other".
std::string_view kind_name(FileKind kind);

/// The temporary name under which write_file_atomic() and
/// write_symlink_atomic() prepare a replacement for the entry `name` in the
/// same directory: ".twin-" + 16 hex digits of a hash of the name + ".tmp".
/// It depends on nothing but the name, so whoever knows the path being
/// replaced (an undo record journaled before the write) knows where a kill
/// may have left the temporary file (SPEC.md, "Recovering temporary files").
std::string temp_name_for(std::string_view name);

/// What lstat says about one path.
struct FileMeta {
  FileKind kind = FileKind::kOther;
  mode_t mode = 0;  // permission bits only (07777)
  uid_t uid = 0;
  gid_t gid = 0;
  std::uint64_t size = 0;
  // Identity and change times, for recognising an unchanged file without
  // reading it (the stat cache); ctime moves on every write and chmod, and
  // userspace cannot set it.
  std::uint64_t dev = 0;
  std::uint64_t ino = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
};

/// The FileMeta of one stat result.
FileMeta meta_of(const struct stat& st);

class RootedFs {
 public:
  /// The largest file read_file() returns; larger ones are refused (E3105).
  static constexpr std::uint64_t kMaxFileBytes = 64ull << 20;

  /// Opens the target root, an absolute path to an existing directory.
  /// Errors: E3101 when it is relative, missing or not a directory.
  static engine::Result<RootedFs> open(const std::filesystem::path& root);

  /// Paths below are absolute inside the root ("/etc/motd" means
  /// ROOT/etc/motd); leading slashes are optional. Every call may fail with
  /// E3102 (the path leaves the root), E3103 (empty path, NUL byte, or a final
  /// component "." or "..") or E3104 (any other system error, with errno text).

  /// Metadata of the path itself (not followed); nullopt when it does not
  /// exist. A missing parent directory also means "does not exist".
  engine::Result<std::optional<FileMeta>> lstat(std::string_view path) const;
  /// Metadata of what the path leads to, following symlinks inside the root
  /// (used for parent directories); nullopt when it does not exist.
  engine::Result<std::optional<FileMeta>> stat(std::string_view path) const;
  /// Contents of a regular file. E3106 when it is a symlink or not a regular
  /// file, E3105 when it is larger than kMaxFileBytes.
  ///
  /// `seen`: what the caller's lstat() of the same path just found, a
  /// regular file. The read then costs openat + read + fstat + close (no
  /// lookup before opening): the lstat stands for the check before opening,
  /// and one read of `seen->size` + 1 bytes that returns exactly
  /// `seen->size`, from the same regular file (device and inode) still of
  /// that size, is the whole file. Anything else (the file changed or was
  /// replaced since; a FIFO or device put in its place may then be opened,
  /// never used) falls back to reading to the end with every check made
  /// again.
  engine::Result<std::string> read_file(std::string_view path,
                                        const FileMeta* seen = nullptr) const;
  /// Target of a symlink (the path itself must be a symlink).
  engine::Result<std::string> read_link(std::string_view path) const;
  /// True when the path is a directory with no entries.
  engine::Result<bool> is_empty_dir(std::string_view path) const;

  /// Writes below stop fsyncing the directory they change: the caller
  /// syncs the file system once when it is done (engine::Context::
  /// sync_root_at_end). File data is still fsync'd before each rename.
  void defer_directory_syncs() { sync_directories_ = false; }

  /// Replaces (or creates) a regular file atomically: a new file is written
  /// in the same directory under temp_name_for(name) (O_EXCL; a leftover of
  /// a killed writer is removed first), given its mode and owner, fsync'd,
  /// renamed over the path, and the directory is fsync'd. A symlink at the
  /// path is replaced, never followed; a directory there makes it fail. On
  /// error the temporary file is removed.
  engine::Status write_file_atomic(std::string_view path, std::string_view bytes, mode_t mode,
                                   uid_t uid, gid_t gid) const;
  /// Creates a directory with exactly `mode` (umask does not apply) and owner.
  engine::Status make_dir(std::string_view path, mode_t mode, uid_t uid, gid_t gid) const;
  /// Replaces (or creates) a symlink atomically: a new link under
  /// temp_name_for(name) in the same directory, its owner set, renamed over the path, and
  /// the directory fsync'd. A directory at the path makes it fail.
  engine::Status write_symlink_atomic(std::string_view path, std::string_view target, uid_t uid,
                                      gid_t gid) const;
  /// Creates a symlink (used by undo to restore one) with its owner.
  engine::Status make_symlink(std::string_view path, std::string_view target, uid_t uid,
                              gid_t gid) const;
  /// Removes the temporary file a killed write_file_atomic() or
  /// write_symlink_atomic() of `path` left behind, if there is one (undo and
  /// resume call it so recovery restores the directory exactly).
  engine::Status remove_leftover_temp(std::string_view path) const;
  /// Removes a file, a symlink (not its target) or an empty directory.
  engine::Status remove(std::string_view path) const;
  /// Sets permission bits; refuses a symlink (Linux has no symlink modes).
  /// chmod and chown also accept "/" (the root directory itself).
  engine::Status chmod(std::string_view path, mode_t mode) const;
  /// Sets owner and group of the path itself (a symlink is not followed),
  /// keeping set-user-ID/set-group-ID bits that the kernel would clear.
  engine::Status chown(std::string_view path, uid_t uid, gid_t gid) const;

  const std::filesystem::path& root() const { return root_; }

  /// From now on, each successful read_file() adds one to `*counter`
  /// (which must outlive this object); null stops counting.
  void count_reads_in(std::atomic<std::size_t>* counter) { read_counter_ = counter; }

  /// From now on, lstat() and read_file() keep the parent directories they
  /// open (a few hundred at most), so observing many files of one directory
  /// resolves it once: one fstatat per file instead of openat2 + fstatat +
  /// close. Only for observing (plan, validate): a directory renamed away
  /// meanwhile is still seen through the handle opened before, which can
  /// mislead a look (apply looks again) but must never steer a write, so
  /// every call that changes something resolves its path afresh.
  void keep_parent_dirs();

 private:
  RootedFs(std::filesystem::path root, UniqueFd root_fd, std::uint64_t resolve)
      : root_(std::move(root)), root_fd_(std::move(root_fd)), resolve_(resolve) {}

  struct Parent {
    UniqueFd dir;      // the parent directory, opened O_RDONLY|O_DIRECTORY
    std::string name;  // the final component
  };
  /// Opens the parent of `path` and names its final component; when opening
  /// fails, `sys_errno` (if given) receives the errno.
  engine::Result<Parent> open_parent(std::string_view path, int* sys_errno = nullptr) const;
  /// The same for lstat() and read_file(): the directory may come from (and
  /// go to) the kept ones. Shared, so evicting one never closes it under a
  /// caller on another thread.
  struct SeenParent {
    std::shared_ptr<const UniqueFd> dir;
    std::string name;
  };
  engine::Result<SeenParent> see_parent(std::string_view path, int* sys_errno = nullptr) const;
  struct KeptDirs {
    std::mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<const UniqueFd>> fds;  // by relative path
  };
  /// openat2 relative to the root with the policy's resolve flags.
  int open_beneath(const std::string& relative, int flags, mode_t mode = 0) const;
  engine::Error sys_error(int err, std::string_view what, std::string_view path) const;
  engine::Status fsync_dir(const Parent& parent, std::string_view path) const;
  /// The root directory itself, opened for fchmod/fchown (root_fd_ is O_PATH).
  engine::Result<UniqueFd> open_root_dir() const;

  std::filesystem::path root_;
  UniqueFd root_fd_;
  std::uint64_t resolve_;
  std::atomic<std::size_t>* read_counter_ = nullptr;
  std::unique_ptr<KeptDirs> kept_dirs_;  // null unless keep_parent_dirs()
  bool sync_directories_ = true;         // false after defer_directory_syncs()
};

}  // namespace twin::resources
