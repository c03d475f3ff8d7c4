#include "engine/core/twin_read.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace twin::engine {
namespace {

constexpr char kRefused[] = "E1211";
// The same ceiling RootedFs puts on a file it reads.
constexpr off_t kMaxBytes = 64 << 20;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Error refused(std::string_view relative, std::string why) {
  return make_error(kRefused, "cannot read " + std::string(relative) + ": " + why,
                    std::string(relative));
}

}  // namespace

Result<std::string> read_twin_file(const std::filesystem::path& twin_dir,
                                   std::string_view relative) {
  Fd top(::open(twin_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (top.get() < 0) return refused(relative, std::string("the twin: ") + std::strerror(errno));
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  std::string path(relative);
  int fd;
  do {
    fd = static_cast<int>(::syscall(SYS_openat2, top.get(), path.c_str(), &how, sizeof how));
  } while (fd < 0 && errno == EAGAIN);
  if (fd < 0) {
    if (errno == EXDEV) return refused(relative, "a symbolic link or '..' leads out of the twin");
    if (errno == ELOOP) return refused(relative, "a link that cannot be followed (a /proc magic link or a loop)");
    if (errno == ENOENT) return refused(relative, "no such file");
    return refused(relative, std::strerror(errno));
  }
  Fd file(fd);
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) return refused(relative, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return refused(relative, "not a regular file");
  if (st.st_size > kMaxBytes) return refused(relative, "larger than 64 MiB");
  std::string data;
  data.reserve(static_cast<std::size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(file.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return refused(relative, std::strerror(errno));
    }
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > static_cast<std::size_t>(kMaxBytes))
      return refused(relative, "larger than 64 MiB");
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

}  // namespace twin::engine
