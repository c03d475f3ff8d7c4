#include "engine/repo/git_object_buffer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "engine/core/git_runtime.h"

namespace twin::engine {
namespace {

using GitPackbuilder =
    std::unique_ptr<git_packbuilder, GitDeleter<git_packbuilder, git_packbuilder_free>>;

/// Above the loose (1) and pack (2) backends libgit2 adds by default: reads
/// ask the buffer first, and writes go to the first backend that can write.
constexpr int kBufferPriority = 1000;

}  // namespace

GitObjectBuffer::GitObjectBuffer() : backend_{} {
  git_odb_init_backend(&backend_.parent, GIT_ODB_BACKEND_VERSION);
  backend_.parent.read = &GitObjectBuffer::read;
  backend_.parent.read_header = &GitObjectBuffer::read_header;
  backend_.parent.write = &GitObjectBuffer::write;
  backend_.parent.exists = &GitObjectBuffer::exists;
  backend_.parent.free = &GitObjectBuffer::free;
  backend_.owner = this;
}

Result<GitObjectBuffer*> GitObjectBuffer::attach(git_odb* odb) {
  auto* buffer = new GitObjectBuffer();
  if (int rc = git_odb_add_backend(odb, &buffer->backend_.parent, kBufferPriority); rc < 0) {
    delete buffer;
    return git_failure(rc, "cannot hold new Git objects in memory");
  }
  return buffer;
}

GitObjectBuffer& GitObjectBuffer::of(git_odb_backend* backend) {
  return *reinterpret_cast<Backend*>(backend)->owner;
}

int GitObjectBuffer::read(void** data, std::size_t* size, git_object_t* type,
                          git_odb_backend* backend, const git_oid* id) {
  auto& self = of(backend);
  auto found = self.objects_.find(*id);
  if (found == self.objects_.end()) return GIT_ENOTFOUND;
  // libgit2 frees what read() returns, so it must come from its allocator.
  void* copy = git_odb_backend_data_alloc(backend, found->second.data.size());
  if (!copy) return -1;
  std::memcpy(copy, found->second.data.data(), found->second.data.size());
  *data = copy;
  *size = found->second.data.size();
  *type = found->second.type;
  return 0;
}

int GitObjectBuffer::read_header(std::size_t* size, git_object_t* type, git_odb_backend* backend,
                                 const git_oid* id) {
  auto& self = of(backend);
  auto found = self.objects_.find(*id);
  if (found == self.objects_.end()) return GIT_ENOTFOUND;
  *size = found->second.data.size();
  *type = found->second.type;
  return 0;
}

int GitObjectBuffer::write(git_odb_backend* backend, const git_oid* id, const void* data,
                           std::size_t size, git_object_t type) {
  auto& self = of(backend);
  auto [at, added] = self.objects_.try_emplace(
      *id, Object{type, std::string(static_cast<const char*>(data), size)});
  if (added) self.order_.push_back(*id);
  return 0;
}

int GitObjectBuffer::exists(git_odb_backend* backend, const git_oid* id) {
  return of(backend).holds(*id) ? 1 : 0;
}

void GitObjectBuffer::free(git_odb_backend* backend) { delete &of(backend); }

OidSet GitObjectBuffer::ids_of(git_object_t type) const {
  OidSet ids;
  for (const auto& [id, object] : objects_)
    if (object.type == type) ids.insert(id);
  return ids;
}

Result<WrittenObjects> GitObjectBuffer::write_out(git_repository* repo,
                                                  const OidSet& wanted) const {
  std::vector<git_oid> ids;
  for (const git_oid& id : order_)
    if (wanted.count(id)) ids.push_back(id);
  if (ids.empty()) return WrittenObjects{};
  return ids.size() >= kPackThreshold ? write_pack(repo, ids) : write_loose(repo, ids);
}

Result<WrittenObjects> GitObjectBuffer::write_pack(git_repository* repo,
                                                   const std::vector<git_oid>& ids) const {
  auto objects = objects_dir(repo);
  if (!objects) return objects.error();
  git_packbuilder* raw = nullptr;
  if (int rc = git_packbuilder_new(&raw, repo); rc < 0)
    return git_failure(rc, "cannot start a pack");
  GitPackbuilder builder(raw);
  git_packbuilder_set_threads(builder.get(), 0);  // 0: one per CPU for the delta search
  for (const git_oid& id : ids)
    if (int rc = git_packbuilder_insert(builder.get(), &id, nullptr); rc < 0)
      return git_failure(rc, "cannot add an object to the pack");
  // The indexer writes the .pack and its .idx under temporary names and
  // renames them into place; the .idx is what makes readers see the pack.
  std::filesystem::path dir = *objects / "pack";
  if (int rc = git_packbuilder_write(builder.get(), dir.c_str(), 0, nullptr, nullptr); rc < 0)
    return git_failure(rc, "cannot write the pack");
  std::filesystem::path base = dir / ("pack-" + std::string(git_packbuilder_name(builder.get())));
  // libgit2 does not fsync (GIT_OPT_ENABLE_FSYNC_GITDIR is off): the caller
  // moves HEAD to these objects next, so they must be durable first.
  for (const auto& path : {base.string() + ".pack", base.string() + ".idx", dir.string()})
    if (auto synced = sync_path(path); !synced) return synced.error();
  return WrittenObjects{ids.size(), base.string() + ".pack"};
}

Result<WrittenObjects> GitObjectBuffer::write_loose(git_repository* repo,
                                                    const std::vector<git_oid>& ids) const {
  auto objects = objects_dir(repo);
  if (!objects) return objects.error();
  // A loose backend of its own: the odb would hand the writes to this
  // buffer again. Same settings as libgit2's default one (fast zlib level,
  // default modes, no fsync).
  git_odb_backend* loose = nullptr;
  if (int rc = git_odb_backend_loose(&loose, objects->c_str(), -1, 0, 0, 0); rc < 0)
    return git_failure(rc, "cannot write loose objects");
  std::unique_ptr<git_odb_backend, void (*)(git_odb_backend*)> owned(
      loose, [](git_odb_backend* b) { b->free(b); });
  for (const git_oid& id : ids) {
    const Object& object = objects_.at(id);
    if (int rc = loose->write(loose, &id, object.data.data(), object.data.size(), object.type);
        rc < 0)
      return git_failure(rc, "cannot write a loose object");
  }
  return WrittenObjects{ids.size(), std::nullopt};
}

Result<std::filesystem::path> objects_dir(git_repository* repo) {
  git_buf path = GIT_BUF_INIT;
  if (int rc = git_repository_item_path(&path, repo, GIT_REPOSITORY_ITEM_OBJECTS); rc < 0)
    return git_failure(rc, "cannot find the object directory");
  std::filesystem::path dir = std::filesystem::path(path.ptr).lexically_normal();
  git_buf_dispose(&path);
  if (!dir.has_filename()) dir = dir.parent_path();  // "objects/" -> "objects"
  return dir;
}

Status sync_path(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return make_error("E2001", std::string("cannot open to sync: ") + std::strerror(errno),
                      path.string());
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (rc != 0)
    return make_error("E2001", std::string("cannot sync: ") + std::strerror(saved), path.string());
  return {};
}

}  // namespace twin::engine
