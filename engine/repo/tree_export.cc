#include "engine/repo/tree_export.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace twin::engine {
namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::vector<std::string> parts_of(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    std::size_t slash = path.find('/', begin);
    parts.push_back(path.substr(begin, slash == std::string::npos ? slash : slash - begin));
    if (slash == std::string::npos) return parts;
    begin = slash + 1;
  }
}

bool usable(const std::string& part) {
  return !part.empty() && part != "." && part != ".." && part != ".git";
}

Error write_failure(const std::string& path) {
  return make_error("E2001", std::string("cannot write the past tree: ") + std::strerror(errno),
                    path);
}

Status write_all(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return write_failure(path);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// The directory `parts[0..count)` beneath `top`, made where missing; never
// through a symlink.
Result<Fd> open_dirs(int top, const std::vector<std::string>& parts, std::size_t count,
                     const std::string& path) {
  Fd dir(::fcntl(top, F_DUPFD_CLOEXEC, 0));
  for (std::size_t i = 0; i < count; ++i) {
    if (::mkdirat(dir.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST)
      return write_failure(path);
    Fd next(::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (next.get() < 0) return write_failure(path);
    dir = std::move(next);
  }
  return dir;
}

}  // namespace

Status export_tree(const TreeFiles& files, const std::filesystem::path& dir) {
  Fd top(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (top.get() < 0) return write_failure(dir.string());
  for (const auto& [path, file] : files) {
    std::vector<std::string> parts = parts_of(path);
    for (const auto& part : parts)
      if (!usable(part))
        return make_error("E2005", "a path of the tree cannot be written out", path);
    auto parent = open_dirs(top.get(), parts, parts.size() - 1, path);
    if (!parent) return parent.error();
    const std::string& name = parts.back();
    if (file.symlink) {
      if (::symlinkat(file.bytes.c_str(), parent->get(), name.c_str()) != 0)
        return write_failure(path);
      continue;
    }
    Fd out(::openat(parent->get(), name.c_str(),
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    file.executable ? 0755 : 0644));
    if (out.get() < 0) return write_failure(path);
    if (auto ok = write_all(out.get(), file.bytes, path); !ok) return ok;
  }
  return {};
}

}  // namespace twin::engine
