#include "engine/repo/git_pack_consolidate.h"

#include <git2/sys/odb_backend.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "engine/repo/git_object_buffer.h"
#include "engine/core/git_runtime.h"

namespace twin::engine {
namespace {

namespace fs = std::filesystem;

using GitPackbuilder =
    std::unique_ptr<git_packbuilder, GitDeleter<git_packbuilder, git_packbuilder_free>>;
using GitRevwalk = std::unique_ptr<git_revwalk, GitDeleter<git_revwalk, git_revwalk_free>>;
using GitObject = std::unique_ptr<git_object, GitDeleter<git_object, git_object_free>>;
using GitReflog = std::unique_ptr<git_reflog, GitDeleter<git_reflog, git_reflog_free>>;
using GitIndex = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;
using OwnedBackend = std::unique_ptr<git_odb_backend, void (*)(git_odb_backend*)>;

OwnedBackend own(git_odb_backend* backend) {
  return OwnedBackend(backend, [](git_odb_backend* b) {
    if (b) b->free(b);
  });
}

fs::path with_extension(const fs::path& pack, const char* extension) {
  fs::path path = pack;
  return path.replace_extension(extension);
}

/// Puts an object that something names into the new pack: a commit goes
/// into the history walk; anything else (a tag, say) in directly, and the
/// commit it peels to into the walk. Objects that no longer exist are
/// skipped (a reflog may name what git gc already pruned).
Status add_root(git_repository* repo, git_packbuilder* builder, git_revwalk* walk,
                const git_oid& id) {
  if (git_oid_is_zero(&id)) return {};
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo, &id, GIT_OBJECT_ANY) < 0) return {};
  GitObject object(raw);
  if (git_object_type(object.get()) != GIT_OBJECT_COMMIT) {
    if (int rc = git_packbuilder_insert_recur(builder, &id, nullptr); rc < 0)
      return git_failure(rc, "cannot add an object to the pack");
  }
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) < 0) return {};
  GitObject commit(peeled);
  if (int rc = git_revwalk_push(walk, git_object_id(commit.get())); rc < 0)
    return git_failure(rc, "cannot walk the history to pack");
  return {};
}

/// Every object HEAD, the references, their reflogs and the index name.
Status add_reachable(git_repository* repo, git_packbuilder* builder) {
  git_revwalk* raw_walk = nullptr;
  if (int rc = git_revwalk_new(&raw_walk, repo); rc < 0)
    return git_failure(rc, "cannot walk the history to pack");
  GitRevwalk walk(raw_walk);
  git_strarray refs = {nullptr, 0};
  if (int rc = git_reference_list(&refs, repo); rc < 0)
    return git_failure(rc, "cannot list references");
  std::vector<std::string> names = {"HEAD"};
  for (std::size_t i = 0; i < refs.count; ++i) names.emplace_back(refs.strings[i]);
  git_strarray_dispose(&refs);
  for (const std::string& name : names) {
    git_oid id;
    if (git_reference_name_to_id(&id, repo, name.c_str()) == 0)
      if (auto added = add_root(repo, builder, walk.get(), id); !added) return added;
    git_reflog* raw_log = nullptr;
    if (git_reflog_read(&raw_log, repo, name.c_str()) < 0) continue;
    GitReflog log(raw_log);
    for (std::size_t i = 0; i < git_reflog_entrycount(log.get()); ++i) {
      const git_reflog_entry* entry = git_reflog_entry_byindex(log.get(), i);
      for (const git_oid* logged : {git_reflog_entry_id_old(entry), git_reflog_entry_id_new(entry)})
        if (auto added = add_root(repo, builder, walk.get(), *logged); !added) return added;
    }
  }
  if (int rc = git_packbuilder_insert_walk(builder, walk.get()); rc < 0)
    return git_failure(rc, "cannot add the history to the pack");
  git_index* raw_index = nullptr;
  if (int rc = git_repository_index(&raw_index, repo); rc < 0)
    return git_failure(rc, "cannot open the index");
  GitIndex index(raw_index);
  git_odb* odb = nullptr;
  if (int rc = git_repository_odb(&odb, repo); rc < 0)
    return git_failure(rc, "cannot open the odb");
  std::unique_ptr<git_odb, GitDeleter<git_odb, git_odb_free>> owned_odb(odb);
  for (std::size_t i = 0; i < git_index_entrycount(index.get()); ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    if (entry->mode != GIT_FILEMODE_COMMIT && git_odb_exists(odb, &entry->id))
      if (int rc = git_packbuilder_insert(builder, &entry->id, entry->path); rc < 0)
        return git_failure(rc, "cannot add an object to the pack");
  }
  return {};
}

/// True when `fresh` (the new pack) holds every object of the pack `old`.
Result<bool> covered_by(const fs::path& old, git_odb_backend* fresh) {
  git_odb_backend* raw = nullptr;
  if (int rc = git_odb_backend_one_pack(&raw, with_extension(old, ".idx").c_str()); rc < 0)
    return git_failure(rc, "cannot read the pack " + old.string());
  OwnedBackend backend = own(raw);
  struct Check {
    git_odb_backend* fresh;
    bool all = true;
  } check{fresh};
  auto visit = [](const git_oid* id, void* payload) {
    auto* c = static_cast<Check*>(payload);
    c->all = c->fresh->exists(c->fresh, id) != 0;
    return c->all ? 0 : 1;  // non-zero stops the walk
  };
  auto for_each_object = backend->foreach;
  int rc = for_each_object(backend.get(), visit, &check);
  if (rc < 0 && check.all) return git_failure(rc, "cannot read the pack " + old.string());
  return check.all;
}

Status remove_pack(const fs::path& pack) {
  // The .idx first: without it, readers no longer see the pack at all.
  for (const char* extension : {".idx", ".pack", ".rev", ".bitmap", ".mtimes"}) {
    std::error_code ec;
    fs::remove(with_extension(pack, extension), ec);
    if (ec)
      return make_error("E2001", "cannot delete an old pack: " + ec.message(),
                        with_extension(pack, extension).string());
  }
  return {};
}

}  // namespace

Result<std::vector<fs::path>> list_packs(git_repository* repo) {
  auto objects = objects_dir(repo);
  if (!objects) return objects.error();
  std::vector<fs::path> packs;
  std::error_code ec;
  for (fs::directory_iterator it(*objects / "pack", ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    std::string name = path.filename().string();
    if (!name.starts_with("pack-") || path.extension() != ".pack") continue;
    std::error_code missing;
    if (!fs::exists(with_extension(path, ".idx"), missing) ||
        fs::exists(with_extension(path, ".keep"), missing))
      continue;
    packs.push_back(path);
  }
  if (ec && ec != std::errc::no_such_file_or_directory)
    return make_error("E2001", "cannot list the packs: " + ec.message(),
                      (*objects / "pack").string());
  std::sort(packs.begin(), packs.end());
  return packs;
}

Result<std::size_t> consolidate_packs(git_repository* repo, std::size_t max_packs) {
  auto old_packs = list_packs(repo);
  if (!old_packs) return old_packs.error();
  if (old_packs->size() <= max_packs) return std::size_t{0};
  auto started = fs::file_time_type::clock::now();

  git_packbuilder* raw = nullptr;
  if (int rc = git_packbuilder_new(&raw, repo); rc < 0)
    return git_failure(rc, "cannot start a pack");
  GitPackbuilder builder(raw);
  git_packbuilder_set_threads(builder.get(), 0);  // 0: one per CPU
  if (auto added = add_reachable(repo, builder.get()); !added) return added.error();
  fs::path dir = old_packs->front().parent_path();
  if (int rc = git_packbuilder_write(builder.get(), dir.c_str(), 0, nullptr, nullptr); rc < 0)
    return git_failure(rc, "cannot write the consolidated pack");
  fs::path fresh = dir / ("pack-" + std::string(git_packbuilder_name(builder.get())) + ".pack");
  // Durable before anything is deleted.
  for (const fs::path& path : {fresh, with_extension(fresh, ".idx"), dir})
    if (auto synced = sync_path(path); !synced) return synced.error();

  git_odb_backend* raw_fresh = nullptr;
  if (int rc = git_odb_backend_one_pack(&raw_fresh, with_extension(fresh, ".idx").c_str()); rc < 0)
    return git_failure(rc, "cannot read the consolidated pack");
  OwnedBackend fresh_pack = own(raw_fresh);
  std::size_t removed = 0;
  for (const fs::path& old : *old_packs) {
    if (old == fresh) continue;  // the same objects packed again: the same name
    auto covered = covered_by(old, fresh_pack.get());
    if (!covered) return covered.error();
    std::error_code ec;
    auto written = fs::last_write_time(old, ec);
    bool expired = !ec && written < started - kUnreachablePackGrace;
    if (!*covered && !expired) continue;
    if (auto gone = remove_pack(old); !gone) return gone.error();
    ++removed;
  }
  // A multi-pack-index (git's, optional) would still name the deleted packs.
  std::error_code ec;
  if (removed > 0) fs::remove(dir / "multi-pack-index", ec);
  if (auto synced = sync_path(dir); !synced) return synced.error();
  return removed;
}

}  // namespace twin::engine
