#include "resources/twin_file_probe.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace twin::resources {

TwinFileProbe::TwinFileProbe(const std::filesystem::path& twin_dir)
    : twin_dir_(twin_dir), twin_(::open(twin_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)) {}

const UniqueFd* TwinFileProbe::dir_handle(const std::string& dir) {
  if (auto it = dirs_.find(dir); it != dirs_.end()) return &it->second;
  if (dirs_.size() >= kMaxKeptDirs) return nullptr;
  // Resolved beneath the twin (links inside it followed, a link out of it
  // refused): a failure means no NAME below it is a file of the twin, so
  // the probe is no oracle for files outside.
  open_how how{};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  UniqueFd fd(static_cast<int>(::syscall(SYS_openat2, twin_.get(), dir.c_str(), &how, sizeof how)));
  return &dirs_.emplace(dir, std::move(fd)).first->second;
}

bool TwinFileProbe::remember(const std::string& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return false;
  files_.insert_or_assign(path, meta_of(st));
  return true;
}

const FileMeta* TwinFileProbe::regular_file(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

bool TwinFileProbe::is_file(const std::string& path) {
  if (!twin_.valid()) return false;
  struct stat st {};
  const std::size_t slash = path.rfind('/');
  // An absolute path is never a file of the twin (and fstatat would ask
  // the host about it); a bare name is already one component.
  if (path.empty() || path.front() == '/') return false;
  if (slash == std::string::npos)
    return ::fstatat(twin_.get(), path.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
           remember(path, st);
  const UniqueFd* dir = dir_handle(path.substr(0, slash));
  if (dir == nullptr) {
    open_how how{};
    how.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    UniqueFd fd(
        static_cast<int>(::syscall(SYS_openat2, twin_.get(), path.c_str(), &how, sizeof how)));
    return fd.valid() && ::fstat(fd.get(), &st) == 0 && remember(path, st);
  }
  // "a/b/" names a directory (never a file); an empty final name would
  // otherwise be refused the same way, by ENOENT.
  return dir->valid() &&
         ::fstatat(dir->get(), path.c_str() + slash + 1, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
         remember(path, st);
}

}  // namespace twin::resources
