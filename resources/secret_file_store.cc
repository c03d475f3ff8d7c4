#include "resources/secret_file_store.h"

#include <sys/random.h>

#include <algorithm>

#include "engine/core/twin_layout.h"
#include "resources/error_codes.h"
#include "resources/machine_store.h"
#include "resources/md5.h"

namespace twin::resources {
namespace {

// The directory of one path's copies, twin-relative.
std::string copies_of(std::string_view path) {
  return std::string(engine::layout::kLocal) + "/" + engine::layout::kSecretFiles + "/" +
         md5_hex(path);
}

engine::Result<std::string> new_id() {
  unsigned char bytes[16];
  if (::getrandom(bytes, sizeof bytes, 0) != sizeof bytes)
    return engine::make_error(codes::kIo, "no random bytes for a secret copy's id");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) id += kHex[b >> 4], id += kHex[b & 15];
  return id;
}

}  // namespace

bool is_secret_copy_id(std::string_view id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

engine::Status remember_secret_files(const RootedFs& twin, std::vector<CollectedFile>& secrets) {
  for (auto& secret : secrets) {
    const std::string dir = copies_of(secret.path);
    // "latest" names the copy the last snapshot made; the same bytes keep it.
    auto latest = read_machine_kept(twin, dir + "/latest");
    if (!latest) return latest.error();
    if (*latest && is_secret_copy_id(**latest)) {
      auto bytes = read_machine_kept(twin, dir + "/" + **latest);
      if (!bytes) return bytes.error();
      if (*bytes && **bytes == secret.content) {
        secret.kept_as = **latest;
        continue;
      }
    }
    auto id = new_id();
    if (!id) return id.error();
    if (auto written = write_machine_kept(twin, dir + "/" + *id, secret.content); !written)
      return written;
    if (auto written = write_machine_kept(twin, dir + "/latest", *id); !written) return written;
    secret.kept_as = *id;
  }
  return {};
}

bool has_secret_copy(const RootedFs& twin, std::string_view path) {
  auto latest = read_machine_kept(twin, copies_of(path) + "/latest");
  return latest && *latest && is_secret_copy_id(**latest);
}

engine::Result<std::optional<std::string>> remembered_secret_file(const RootedFs& twin,
                                                                  std::string_view path,
                                                                  std::string_view id) {
  if (!is_secret_copy_id(id)) return std::optional<std::string>();
  return read_machine_kept(twin, copies_of(path) + "/" + std::string(id));
}

}  // namespace twin::resources
