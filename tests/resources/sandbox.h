// Test support: a private temp directory that is removed afterwards, small
// file helpers, and a fingerprint of a whole tree (bytes, kind, mode, owner,
// symlink targets) to prove that undo restores it exactly and that nothing
// outside a sandbox changed. Never follows symlinks.
#pragma once

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

namespace twin::resources::testing {

namespace fs = std::filesystem;

/// Clears the immutable flag of `path` (best effort), so cleanup can remove
/// what a test made immutable.
inline void clear_immutable(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  int flags = 0;
  if (::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & FS_IMMUTABLE_FL)) {
    flags &= ~FS_IMMUTABLE_FL;
    ::ioctl(fd, FS_IOC_SETFLAGS, &flags);
  }
  ::close(fd);
}

/// mkdtemp under /tmp; removed recursively (symlinks as links) on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/twin-res-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(path_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (!it->is_symlink()) clear_immutable(it->path());
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline void write_file(const fs::path& path, const std::string& bytes, mode_t mode = 0644) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  ::chmod(path.c_str(), mode);
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline struct stat lstat_of(const fs::path& path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st;
}

/// One line per entry below `dir` (and dir itself): relative path, kind,
/// mode, owner, and the bytes of a file or target of a symlink.
inline std::map<std::string, std::string> fingerprint(const fs::path& dir) {
  std::map<std::string, std::string> entries;
  auto describe = [&](const fs::path& p) {
    struct stat st = lstat_of(p);
    std::ostringstream line;
    line << std::oct << (st.st_mode & 0177777) << std::dec << " " << st.st_uid << ":" << st.st_gid;
    if (S_ISREG(st.st_mode)) line << " file " << read_file(p);
    if (S_ISLNK(st.st_mode)) line << " -> " << fs::read_symlink(p).string();
    entries[fs::relative(p, dir).string()] = line.str();
  };
  describe(dir);
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it)
    describe(it->path());
  return entries;
}

/// Modification time in nanoseconds, to prove an outside file was not touched.
inline long long mtime_ns(const fs::path& path) {
  struct stat st = lstat_of(path);
  return static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
}

}  // namespace twin::resources::testing
