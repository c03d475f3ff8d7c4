// The objects a commit creates, held in memory until the commit is ready.
//
// Why: staging 2,000 new files and writing their trees makes libgit2 create
// one loose object file per blob and tree, in up to 256 fan-out directories;
// on ext4 those inodes are most of a first snapshot's time. A buffer put
// ahead of the disk backends of the repository's object database (through
// git2/sys/odb_backend.h) receives every new object instead, and
// write_out() then stores the ones the commit needs: as ONE pack when there
// are many (git's own unpackLimit is 100), else as loose objects, so that
// small commits do not pile up packs.
//
// libgit2's mempack is not used: in 1.5 it can neither list nor count its
// objects, and git_mempack_dump() packs each commit's WHOLE tree again.
//
// libgit2 1.5 cannot remove a backend from an odb: the buffer lives as long
// as the odb that owns it; GitRepo drops the repository's odb
// (git_repository__cleanup) once the commit is on disk.
#pragma once

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/core/result.h"

namespace twin::engine {

/// From this many new objects on, a commit's objects are written as one pack.
inline constexpr std::size_t kPackThreshold = 100;

struct OidHash {
  std::size_t operator()(const git_oid& id) const {
    std::size_t h;
    std::memcpy(&h, id.id, sizeof h);  // a SHA-1 is already well mixed
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

/// What write_out() stored.
struct WrittenObjects {
  std::size_t count = 0;                      // objects written
  std::optional<std::filesystem::path> pack;  // the .pack file, when they went into one
};

class GitObjectBuffer {
 public:
  /// Puts a new, empty buffer ahead of the disk backends of `odb`: from
  /// then on every object written through `odb` that it does not already
  /// hold lands here. `odb` owns the buffer and frees it with itself.
  /// Errors: E2001.
  static Result<GitObjectBuffer*> attach(git_odb* odb);

  GitObjectBuffer(const GitObjectBuffer&) = delete;
  GitObjectBuffer& operator=(const GitObjectBuffer&) = delete;

  /// True when `id` is an object written since attach() (so not on disk yet).
  bool holds(const git_oid& id) const { return objects_.count(id) != 0; }
  std::size_t size() const { return objects_.size(); }
  /// The buffered objects of one type.
  OidSet ids_of(git_object_t type) const;

  /// Writes the buffered objects named in `wanted` (others, such as blobs
  /// of a refused commit, never reach the disk) to the repository's object
  /// directory: one pack + index, fsync'd with their directory, when there
  /// are at least kPackThreshold of them, else loose objects. The buffer
  /// keeps them (reads still find them) until its odb is dropped.
  /// Errors: E2001.
  Result<WrittenObjects> write_out(git_repository* repo, const OidSet& wanted) const;

 private:
  struct Object {
    git_object_t type;
    std::string data;
  };
  /// What libgit2 sees: a C struct whose first member is the backend.
  struct Backend {
    git_odb_backend parent;
    GitObjectBuffer* owner;
  };

  GitObjectBuffer();
  static GitObjectBuffer& of(git_odb_backend* backend);
  static int read(void** data, std::size_t* size, git_object_t* type, git_odb_backend* backend,
                  const git_oid* id);
  static int read_header(std::size_t* size, git_object_t* type, git_odb_backend* backend,
                         const git_oid* id);
  static int write(git_odb_backend* backend, const git_oid* id, const void* data, std::size_t size,
                   git_object_t type);
  static int exists(git_odb_backend* backend, const git_oid* id);
  static void free(git_odb_backend* backend);

  Result<WrittenObjects> write_pack(git_repository* repo, const std::vector<git_oid>& ids) const;
  Result<WrittenObjects> write_loose(git_repository* repo, const std::vector<git_oid>& ids) const;

  Backend backend_;
  std::unordered_map<git_oid, Object, OidHash, OidEqual> objects_;
  std::vector<git_oid> order_;  // write order: blobs, then trees, then the commit
};

/// The repository's object directory (".git/objects"). Errors: E2001.
Result<std::filesystem::path> objects_dir(git_repository* repo);

/// fsync()s a file or directory. Errors: E2001.
Status sync_path(const std::filesystem::path& path);

}  // namespace twin::engine
