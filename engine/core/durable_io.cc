#include "engine/core/durable_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace twin::engine {
namespace {

Error errno_error(std::string what, const std::filesystem::path& path) {
  return make_error("E1001", what + ": " + std::strerror(errno), path.string());
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Status fsync_dir(const std::filesystem::path& dir) {
  Fd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return errno_error("cannot open directory", dir);
  if (::fsync(fd.get()) != 0) return errno_error("cannot fsync directory", dir);
  return {};
}

}  // namespace

namespace {

// Temp file + rename; with `sync`, the file is fsync'd before the rename and
// its directory after.
Status replace_file(const std::filesystem::path& path, std::string_view bytes, unsigned mode,
                    bool sync) {
  std::random_device rd;
  auto tmp = path;
  tmp += ".tmp." + std::to_string(rd());
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0) return errno_error("cannot create", tmp);
  if (!write_all(fd.get(), bytes) || (sync && ::fsync(fd.get()) != 0)) {
    auto err = errno_error("cannot write", tmp);
    ::unlink(tmp.c_str());
    return err;
  }
  ::close(fd.release());
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto err = errno_error("cannot rename into place", path);
    ::unlink(tmp.c_str());
    return err;
  }
  return sync ? fsync_dir(path.parent_path()) : Status{};
}

Status append_line_to(const std::filesystem::path& path, std::string_view line, bool sync) {
  bool existed = std::filesystem::exists(path);
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (fd.get() < 0) return errno_error("cannot open", path);
  std::string data(line);
  data += '\n';
  if (!write_all(fd.get(), data) || (sync && ::fsync(fd.get()) != 0))
    return errno_error("cannot append to", path);
  if (sync && !existed) return fsync_dir(path.parent_path());
  return {};
}

}  // namespace

Status write_file_durably(const std::filesystem::path& path, std::string_view bytes,
                          unsigned mode) {
  return replace_file(path, bytes, mode, /*sync=*/true);
}

Status write_file_unsynced(const std::filesystem::path& path, std::string_view bytes,
                           unsigned mode) {
  return replace_file(path, bytes, mode, /*sync=*/false);
}

Status append_line_unsynced(const std::filesystem::path& path, std::string_view line) {
  return append_line_to(path, line, /*sync=*/false);
}

Status sync_filesystem(const std::filesystem::path& dir) {
  Fd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return errno_error("cannot open directory", dir);
  if (::syncfs(fd.get()) != 0) return errno_error("cannot sync the file system of", dir);
  return {};
}

Status write_into_reserve(const std::filesystem::path& reserve, const std::filesystem::path& path,
                          std::string_view bytes) {
  Fd fd(::open(reserve.c_str(), O_WRONLY | O_CLOEXEC));
  if (fd.get() < 0) return errno_error("cannot open", reserve);
  if (!write_all(fd.get(), bytes) || ::ftruncate(fd.get(), static_cast<off_t>(bytes.size())) != 0 ||
      ::fsync(fd.get()) != 0)
    return errno_error("cannot write", reserve);
  ::close(fd.release());
  if (::rename(reserve.c_str(), path.c_str()) != 0)
    return errno_error("cannot rename into place", path);
  return fsync_dir(path.parent_path());
}

Status append_line_durably(const std::filesystem::path& path, std::string_view line) {
  return append_line_to(path, line, /*sync=*/true);
}

Result<std::string> read_whole_file(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return errno_error("cannot open", path);
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error("cannot read", path);
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

Status make_dirs(const std::filesystem::path& path, unsigned mode) {
  if (path.empty() || std::filesystem::is_directory(path)) return {};
  if (auto parent = make_dirs(path.parent_path(), mode); !parent) return parent;
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST)
    return errno_error("cannot create directory", path);
  return fsync_dir(path.parent_path());
}

Status make_untracked_dirs(const std::filesystem::path& path, unsigned mode) {
  if (auto made = make_dirs(path, mode); !made) return made;
  std::error_code ec;
  if (std::filesystem::exists(path / ".gitignore", ec)) return {};
  return write_file_durably(path / ".gitignore", "*\n", 0644);
}

}  // namespace twin::engine
