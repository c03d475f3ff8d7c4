#include "resources/machine_store.h"

#include <unistd.h>

namespace twin::resources {

engine::Result<std::optional<std::string>> read_machine_kept(const RootedFs& twin,
                                                              std::string_view path) {
  auto meta = twin.lstat(path);
  if (!meta) return meta.error();
  if (!*meta || (*meta)->kind != FileKind::kFile || ((*meta)->mode & 07777) != 0600 ||
      (*meta)->uid != ::geteuid())
    return std::optional<std::string>();
  auto bytes = twin.read_file(path);
  if (!bytes) return bytes.error();
  return std::optional<std::string>(std::move(*bytes));
}

engine::Status write_machine_kept(const RootedFs& twin, std::string_view path,
                                  std::string_view bytes) {
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    std::string_view dir = path.substr(0, slash);
    auto meta = twin.lstat(dir);
    if (!meta) return meta.error();
    if (*meta) continue;  // an existing one is checked by RootedFs when written through
    if (auto made = twin.make_dir(dir, 0700, ::geteuid(), ::getegid()); !made) return made;
  }
  return twin.write_file_atomic(path, bytes, 0600, ::geteuid(), ::getegid());
}

}  // namespace twin::resources
