#include "resources/file_diff.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/core/secrets.h"
#include "resources/collect_walk.h"
#include "resources/error_codes.h"
#include "resources/md5.h"
#include "resources/path_rules.h"

namespace twin::resources {
namespace {

using engine::Action;
using engine::ContentDiff;
using engine::make_error;

FileChange change(Action action, std::string description, const std::string& path,
                  std::optional<ContentDiff> diff = std::nullopt) {
  return FileChange{engine::Change{action, std::move(description), std::move(diff)}, path};
}

ContentDiff content_diff(const FileSpec& spec, std::string old_text, std::string new_text) {
  ContentDiff diff;
  diff.old_label = "a" + spec.path;
  diff.new_label = "b" + spec.path;
  diff.binary =
      old_text.find('\0') != std::string::npos || new_text.find('\0') != std::string::npos;
  diff.sensitive = spec.sensitive;
  // Sensitive bytes never enter the plan, so no renderer or JSON export can
  // leak them by mistake.
  if (!spec.sensitive) {
    diff.old_text = std::move(old_text);
    diff.new_text = std::move(new_text);
  } else {
    diff.summary = engine::sensitive_summary(old_text, new_text);
  }
  return diff;
}

// The declared owner's name, or the name of one an earlier step makes.
std::string wanted_user(const FileSpec& spec, const AccountDb& accounts) {
  return spec.owner_to_make ? *spec.owner_to_make : accounts.user_name(spec.uid.value_or(0));
}
std::string wanted_group(const FileSpec& spec, const AccountDb& accounts) {
  return spec.group_to_make ? *spec.group_to_make : accounts.group_name(spec.gid.value_or(0));
}

// "root:root" for something the provider creates.
std::string new_owner_text(const FileSpec& spec, const AccountDb& accounts) {
  return wanted_user(spec, accounts) + ":" + wanted_group(spec, accounts);
}

// "mode 0644, owner root:root" for something the provider creates.
std::string new_metadata_text(const FileSpec& spec, mode_t default_mode,
                              const AccountDb& accounts) {
  return fmt::format("mode {}, owner {}", mode_text(spec.mode.value_or(default_mode)),
                     new_owner_text(spec, accounts));
}

// MKDIR for each missing parent, outermost first. A parent that exists must
// resolve (inside the root) to a directory.
engine::Result<std::vector<FileChange>> missing_parents(const FileSpec& spec, const RootedFs& fs,
                                                       const std::set<std::string>& provided,
                                                       KnownDirs* known) {
  std::vector<FileChange> changes;
  bool missing = false;  // once a parent is missing, so is everything below it
  for (const auto& parent : parent_dirs(spec.path)) {
    if (missing) {
      if (provided.count(parent)) continue;
      changes.push_back(
          change(Action::kMkdir, "parent directory " + parent + " (0755 root:root)", parent));
      continue;
    }
    if (known && known->contains(parent)) continue;
    auto target = fs.stat(parent);
    if (!target) return target.error();
    if (target->has_value()) {
      if ((*target)->kind != FileKind::kDirectory)
        return make_error(
            codes::kParentNotDir,
            fmt::format("parent {} is a {}, not a directory", parent, kind_name((*target)->kind)),
            spec.path);
      if (known) known->add(parent);
      continue;
    }
    auto self = fs.lstat(parent);
    if (!self) return self.error();
    if (self->has_value())
      return make_error(codes::kParentNotDir,
                        fmt::format("parent {} is a symlink to nothing", parent), spec.path);
    missing = true;
    if (provided.count(parent)) continue;
    changes.push_back(
        change(Action::kMkdir, "parent directory " + parent + " (0755 root:root)", parent));
  }
  return changes;
}

std::string existing_text(const FileMeta& meta, const RootedFs& fs, const std::string& path) {
  switch (meta.kind) {
    case FileKind::kSymlink: {
      auto target = fs.read_link(path);
      return target ? "symlink (→ " + *target + ")" : std::string("symlink");
    }
    case FileKind::kDirectory:
      return "empty directory";
    case FileKind::kFile:
      return fmt::format("file ({} bytes)", meta.size);
    case FileKind::kOther:
      return "special file";
  }
  return "entry";
}

// CHOWN then CHMOD for declared owner, group and mode that differ.
void metadata_changes(const FileSpec& spec, const FileMeta& meta, const AccountDb& accounts,
                      std::vector<FileChange>& changes) {
  std::vector<std::string> parts;
  // An account an earlier step makes cannot own the entry yet.
  if ((spec.uid && *spec.uid != meta.uid) || spec.owner_to_make)
    parts.push_back(fmt::format("owner {} → {}", accounts.user_name(meta.uid),
                                wanted_user(spec, accounts)));
  if ((spec.gid && *spec.gid != meta.gid) || spec.group_to_make)
    parts.push_back(fmt::format("group {} → {}", accounts.group_name(meta.gid),
                                wanted_group(spec, accounts)));
  if (!parts.empty())
    changes.push_back(change(Action::kChown, fmt::format("{}", fmt::join(parts, ", ")), spec.path));
  if (spec.mode && *spec.mode != meta.mode)
    changes.push_back(change(
        Action::kChmod, fmt::format("mode {} → {}", mode_text(meta.mode), mode_text(*spec.mode)),
        spec.path));
}

// True when everything under `dir` is among `removed`.
bool emptied_by_plan(const RootedFs& fs, const std::string& dir,
                     const std::set<std::string>& removed) {
  if (removed.empty()) return false;
  auto listing = list_tree(fs.root(), dir);
  if (!listing || !*listing || !(*listing)->problems.empty()) return false;
  return std::all_of((*listing)->entries.begin(), (*listing)->entries.end(),
                     [&](const TreeEntry& e) { return removed.count(e.path) > 0; });
}

engine::Status refuse_full_directory(const FileSpec& spec, const RootedFs& fs,
                                     std::string_view what,
                                     const std::set<std::string>& removed = {}) {
  auto empty = fs.is_empty_dir(spec.path);
  if (!empty) return empty.error();
  if (!*empty && !emptied_by_plan(fs, spec.path, removed))
    return make_error(codes::kDirNotEmpty,
                      fmt::format("a non-empty directory stands here; twin does not {} "
                                  "directories recursively; empty it first or declare its "
                                  "entries absent",
                                  what),
                      spec.path);
  return {};
}

}  // namespace

std::string mode_text(mode_t mode) { return fmt::format("{:04o}", mode & 07777); }

engine::Result<std::vector<FileChange>> diff_file(const FileSpec& spec, DesiredContent& content,
                                                  const RootedFs& fs, const AccountDb& accounts,
                                                  const std::set<std::string>& provided_dirs,
                                                  KnownDirs* known_dirs,
                                                  const std::set<std::string>& removed) {
  std::vector<FileChange> changes;
  if (spec.ensure != Ensure::kAbsent) {
    auto parents = missing_parents(spec, fs, provided_dirs, known_dirs);
    if (!parents) return parents.error();
    changes = std::move(*parents);
  }
  std::optional<FileMeta> meta;
  if (changes.empty()) {  // with a missing parent the path cannot exist (lstat says so too)
    auto observed = fs.lstat(spec.path);
    if (!observed) return observed.error();
    meta = *observed;
  }
  if (meta && meta->kind == FileKind::kOther)
    return make_error(codes::kSpecialFile,
                      "a FIFO, socket or device stands here; twin never changes those", spec.path);

  switch (spec.ensure) {
    case Ensure::kAbsent:
      if (!meta) break;
      if (meta->kind == FileKind::kDirectory)
        if (auto st = refuse_full_directory(spec, fs, "delete", removed); !st) return st.error();
      {
        std::optional<ContentDiff> diff;
        if (meta->kind == FileKind::kFile) {
          auto old_text = fs.read_file(spec.path, &*meta);
          if (!old_text) return old_text.error();
          diff = content_diff(spec, std::move(*old_text), "");
        }
        changes.push_back(change(Action::kDelete, existing_text(*meta, fs, spec.path), spec.path,
                                 std::move(diff)));
      }
      break;

    case Ensure::kFile: {
      // A package that is not installed now has no default to compare
      // with: installing it (an earlier step, or later by hand) brings its
      // own. Only the metadata of a file already there is managed.
      if (spec.package_default) {
        auto default_md5 = content.default_md5();
        if (!default_md5) return default_md5.error();
        if (!*default_md5) {
          if (meta && meta->kind == FileKind::kFile) metadata_changes(spec, *meta, accounts, changes);
          break;
        }
      }
      if (meta && meta->kind == FileKind::kFile) {
        // The common case, and the one the stat cache makes cheap.
        if (content.managed() && !content.known_in(*meta)) {
          auto old_text = fs.read_file(spec.path, &*meta);
          if (!old_text) return old_text.error();
          // A package's default is recognised by dpkg's digest: no .deb
          // is fetched for a file that still holds it.
          auto default_md5 = content.default_md5();
          if (!default_md5) return default_md5.error();
          if (*default_md5 && md5_hex(*old_text) == **default_md5) {
            metadata_changes(spec, *meta, accounts, changes);
            break;
          }
          auto new_text = content.bytes();
          if (!new_text) return new_text.error();
          if (*old_text != *new_text) {
            std::string description =
                fmt::format("content differs ({} → {} bytes)", old_text->size(), new_text->size());
            changes.push_back(
                change(Action::kReplace, std::move(description), spec.path,
                       content_diff(spec, std::move(*old_text), std::string(*new_text))));
          } else {
            content.found_in(*meta);
          }
        }
        metadata_changes(spec, *meta, accounts, changes);
        break;
      }
      auto new_text = content.bytes();
      if (!new_text) return new_text.error();
      if (!meta) {
        changes.push_back(change(Action::kCreate,
                                 "new file, " + new_metadata_text(spec, kDefaultFileMode, accounts),
                                 spec.path, content_diff(spec, "", std::string(*new_text))));
        break;
      }
      if (meta->kind == FileKind::kDirectory)
        if (auto st = refuse_full_directory(spec, fs, "replace"); !st) return st.error();
      changes.push_back(change(Action::kReplace,
                               existing_text(*meta, fs, spec.path) + " replaced by a file, " +
                                   new_metadata_text(spec, kDefaultFileMode, accounts),
                               spec.path, content_diff(spec, "", std::string(*new_text))));
      break;
    }

    case Ensure::kDirectory:
      if (!meta) {
        changes.push_back(change(
            Action::kCreate, "new directory, " + new_metadata_text(spec, kDefaultDirMode, accounts),
            spec.path));
        break;
      }
      if (meta->kind != FileKind::kDirectory) {
        std::optional<ContentDiff> diff;
        if (meta->kind == FileKind::kFile) {
          auto old_text = fs.read_file(spec.path, &*meta);
          if (!old_text) return old_text.error();
          diff = content_diff(spec, std::move(*old_text), "");
        }
        changes.push_back(change(Action::kReplace,
                                 existing_text(*meta, fs, spec.path) +
                                     " replaced by a directory, " +
                                     new_metadata_text(spec, kDefaultDirMode, accounts),
                                 spec.path, std::move(diff)));
        break;
      }
      metadata_changes(spec, *meta, accounts, changes);
      break;

    case Ensure::kLink: {
      const std::string& target = spec.target.value_or("");
      if (!meta) {
        changes.push_back(change(Action::kCreate,
                                 fmt::format("new symlink → {}, owner {}", target,
                                             new_owner_text(spec, accounts)),
                                 spec.path));
        break;
      }
      if (meta->kind == FileKind::kSymlink) {
        auto old_target = fs.read_link(spec.path);
        if (!old_target) return old_target.error();
        if (*old_target != target) {
          changes.push_back(change(Action::kReplace,
                                   fmt::format("symlink → {} becomes → {}", *old_target, target),
                                   spec.path));
          break;
        }
        metadata_changes(spec, *meta, accounts, changes);
        break;
      }
      if (meta->kind == FileKind::kDirectory)
        if (auto st = refuse_full_directory(spec, fs, "replace"); !st) return st.error();
      std::optional<ContentDiff> diff;
      if (meta->kind == FileKind::kFile) {
        auto old_text = fs.read_file(spec.path, &*meta);
        if (!old_text) return old_text.error();
        diff = content_diff(spec, std::move(*old_text), "");
      }
      changes.push_back(change(Action::kReplace,
                               existing_text(*meta, fs, spec.path) + " replaced by a symlink → " +
                                   target,
                               spec.path, std::move(diff)));
      break;
    }
  }
  return changes;
}

}  // namespace twin::resources
