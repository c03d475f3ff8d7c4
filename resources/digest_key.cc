#include "resources/digest_key.h"

#include <sys/random.h>

#include "engine/core/durable_io.h"
#include "engine/core/secrets.h"
#include "engine/core/twin_layout.h"
#include "resources/error_codes.h"
#include "resources/machine_store.h"

namespace twin::resources {

engine::Status use_machine_digest_key(const std::filesystem::path& twin_dir) {
  const std::string path =
      std::string(engine::layout::kLocal) + "/" + engine::layout::kDigestKey;
  // .twin/ ignores itself (its own .gitignore), whoever makes it first.
  if (auto made = engine::make_untracked_dirs(engine::TwinLayout(twin_dir).local()); !made)
    return made.error();
  auto twin = RootedFs::open(std::filesystem::absolute(twin_dir));
  if (!twin) return twin.error();
  auto kept = read_machine_kept(*twin, path);
  if (!kept) return kept.error();
  if (*kept && (*kept)->size() == 32) {
    engine::set_sensitive_digest_key(std::move(**kept));
    return {};
  }
  std::string key(32, '\0');
  if (::getrandom(key.data(), key.size(), 0) != static_cast<ssize_t>(key.size()))
    return engine::make_error(codes::kIo, "no random bytes for the machine's digest key");
  if (auto written = write_machine_kept(*twin, path, key); !written) return written.error();
  engine::set_sensitive_digest_key(std::move(key));
  return {};
}

}  // namespace twin::resources
