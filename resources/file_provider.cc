#include "resources/file_provider.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/parallel.h"
#include "resources/account_db.h"
#include "resources/error_codes.h"
#include "resources/file_diff.h"
#include "resources/file_spec.h"
#include "resources/file_undo.h"
#include "resources/rooted_fs.h"
#include "resources/secret_file_store.h"

namespace twin::resources {
namespace {

using engine::Action;
using engine::Checkpoint;
using engine::Context;
using engine::make_error;
using engine::Resource;
using engine::Status;

// The target root opened once per call, with its users and groups.
struct Target {
  RootedFs fs;
  AccountDb accounts;
};

engine::Result<Target> open_target(const Context& ctx) {
  auto fs = RootedFs::open(ctx.host.root());
  if (!fs) return fs.error();
  if (ctx.sync_root_at_end) fs->defer_directory_syncs();
  auto accounts = AccountDb::load(*fs);
  if (!accounts) return accounts.error();
  return Target{std::move(*fs), std::move(*accounts)};
}

// While validating and planning, a user or group that a declaration of
// the twin makes (and does not remove) may own a file before it exists;
// apply reads the accounts again once the earlier step made it.
AccountMadeByTwin made_by_twin(const Context& ctx) {
  if (!ctx.find_declared) return {};
  return [&ctx](bool is_user, std::string_view name) {
    const Resource* r =
        ctx.find_declared(lang::Reference{is_user ? "user" : "group", std::string(name)}.address());
    if (r == nullptr) return false;
    const std::string* ensure = r->get_string("ensure");
    return ensure == nullptr || *ensure != "absent";
  };
}

// `machine_secret = "ID"`: the bytes a snapshot kept under that id for this path
// become the content. Without a copy the content is not managed: mode and
// owner still are, and a missing file is not created (plan() says so).
engine::Status take_kept_secret(FileSpec& spec, const engine::Result<RootedFs>& twin) {
  if (!spec.machine_secret) return {};
  if (!twin) return twin.error();
  auto kept = remembered_secret_file(*twin, spec.path, *spec.machine_secret);
  if (!kept) return kept.error();
  if (*kept) spec.content = std::move(**kept);
  return {};
}

// plan() and apply() may be called without validate() (a library user, a
// test): an invalid declaration is still refused, with its first diagnostic.
engine::Result<FileSpec> spec_of(const Resource& resource, const AccountDb& accounts,
                                 const AccountMadeByTwin& made = {}) {
  lang::DiagnosticSink sink;
  auto spec = read_file_spec(resource, accounts, sink, made);
  if (spec) return *spec;
  if (sink.empty())  // a schema violation, which only the checker describes
    return make_error(codes::kInvalidDecl,
                      "invalid file declaration: it does not fit the `file` schema (`twin lint` "
                      "says why)",
                      resource.address());
  const lang::Diagnostic& first = sink.all().front();
  engine::Error error =
      make_error(codes::kInvalidDecl, fmt::format("invalid file declaration: {}", first.message),
                 resource.address());
  error.span = first.span;
  return error;
}

// A change the machine needs now is acceptable when the plan showed it. A
// mode or owner fix is also covered by a planned create/replace (which sets
// them), since another resource may have made the entry meanwhile.
bool was_planned(const FileChange& now, const std::vector<engine::Change>& planned) {
  for (const auto& p : planned) {
    if (p.action != now.change.action) continue;
    if (p.action != Action::kMkdir || p.description == now.change.description) return true;
  }
  if (now.change.action == Action::kChmod || now.change.action == Action::kChown)
    for (const auto& p : planned)
      if (p.action == Action::kCreate || p.action == Action::kReplace) return true;
  return false;
}

Status record(Checkpoint& checkpoint, const std::string& address, nlohmann::json data) {
  return checkpoint.record(engine::UndoRecord{"file", address, std::move(data)});
}

Status record_restore(Checkpoint& checkpoint, const std::string& address, const std::string& path,
                      const std::optional<Snapshot>& before) {
  auto data = restore_record(path, before, checkpoint);
  if (!data) return data.error();
  return record(checkpoint, address, std::move(*data));
}

// Writes the declared entry in place of whatever `before` was; `content` is
// the file's bytes ("" when not managed).
Status put_entry(const FileSpec& spec, std::string_view content,
                 const std::optional<Snapshot>& before, const RootedFs& fs) {
  const FileKind kind = spec.ensure == Ensure::kFile        ? FileKind::kFile
                        : spec.ensure == Ensure::kDirectory ? FileKind::kDirectory
                                                            : FileKind::kSymlink;
  const bool keep_meta = before && before->meta.kind == kind;
  const mode_t default_mode = spec.ensure == Ensure::kFile ? kDefaultFileMode : kDefaultDirMode;
  const mode_t mode = spec.mode.value_or(keep_meta ? before->meta.mode : default_mode);
  const uid_t uid = spec.uid.value_or(keep_meta ? before->meta.uid : 0);
  const gid_t gid = spec.gid.value_or(keep_meta ? before->meta.gid : 0);
  // rename() cannot replace a directory, nor mkdir() a file: clear the way.
  // The old entry is already journaled, and an emptiness check made in the
  // plan is repeated by remove() itself (rmdir fails on a non-empty one).
  if (kind == FileKind::kSymlink) {
    // rename() replaces a file or a link atomically, but not a directory.
    if (before && before->meta.kind == FileKind::kDirectory)
      if (auto st = fs.remove(spec.path); !st) return st;
    return fs.write_symlink_atomic(spec.path, spec.target.value_or(""), uid, gid);
  }
  if (before && !keep_meta)
    if (auto st = fs.remove(spec.path); !st) return st;
  if (spec.ensure == Ensure::kDirectory) return fs.make_dir(spec.path, mode, uid, gid);
  return fs.write_file_atomic(spec.path, content, mode, uid, gid);
}

// Journals, then makes, one change.
Status execute(const FileChange& fc, const FileSpec& spec, std::string_view content,
               const RootedFs& fs, Checkpoint& checkpoint, const std::string& address) {
  const Action& action = fc.change.action;
  if (action == Action::kMkdir) {
    if (auto st = record_restore(checkpoint, address, fc.path, std::nullopt); !st) return st;
    return fs.make_dir(fc.path, kDefaultDirMode, 0, 0);
  }
  if (action == Action::kCreate || action == Action::kReplace || action == Action::kDelete) {
    auto before = take_snapshot(fs, fc.path);
    if (!before) return before.error();
    if (auto st = record_restore(checkpoint, address, fc.path, *before); !st) return st;
    if (action == Action::kDelete) return fs.remove(fc.path);
    return put_entry(spec, content, *before, fs);
  }
  if (action == Action::kChown || action == Action::kChmod) {
    auto meta = fs.lstat(fc.path);
    if (!meta) return meta.error();
    if (!meta->has_value())
      return make_error(codes::kDrift, "the path disappeared during apply", fc.path);
    const FileMeta& now = **meta;
    if (action == Action::kChown) {
      if (auto st = record(checkpoint, address, chown_record(fc.path, now.uid, now.gid)); !st)
        return st;
      return fs.chown(fc.path, spec.uid.value_or(now.uid), spec.gid.value_or(now.gid));
    }
    if (auto st = record(checkpoint, address, chmod_record(fc.path, now.mode)); !st) return st;
    return fs.chmod(fc.path, spec.mode.value_or(now.mode));
  }
  // Other providers' verbs never come from diff_file().
  return make_error(codes::kInvalidDecl, "not a file change", fc.path);
}

}  // namespace

void FileProvider::validate(const Resource& resource, const Context& ctx,
                            lang::DiagnosticSink& sink) const {
  const Resource* one[] = {&resource};
  validate_all(one, ctx, sink);
}

void FileProvider::validate_all(std::span<const Resource* const> resources, const Context& ctx,
                                lang::DiagnosticSink& sink) const {
  validated_sources_.clear();
  validated_twin_dir_ = ctx.twin_dir;
  const AccountMadeByTwin made = made_by_twin(ctx);
  AccountDb accounts;
  auto target = open_target(ctx);
  if (target) accounts = std::move(target->accounts);
  auto twin = RootedFs::open(ctx.twin_dir);
  if (twin) twin->keep_parent_dirs();  // only lstat() is used here

  // Declarations are read in order, each into its own sink, so that their
  // sources can be stat'ed on a few threads (5,000 one after the other were
  // a tenth of `twin plan`) and every diagnostic still comes out in
  // declaration order.
  struct Checked {
    lang::DiagnosticSink diagnostics;
    std::optional<FileSpec> spec;  // only one with a `source` to look at
    std::optional<engine::Result<std::optional<FileMeta>>> meta;
  };
  std::vector<Checked> checked(resources.size());
  for (std::size_t i = 0; i < resources.size(); ++i) {
    const Resource* resource = resources[i];
    if (!target && (resource->find("owner") || resource->find("group"))) {
      lang::Diagnostic d;
      d.code = codes::kDiagUnknownOwner;
      d.message = "cannot read the target's users and groups: " + target.error().text();
      d.span = resource->title_span;
      checked[i].diagnostics.add(std::move(d));
      continue;
    }
    auto spec = read_file_spec(*resource, accounts, checked[i].diagnostics, made);
    if (spec && spec->source) checked[i].spec = std::move(*spec);
  }
  const TwinFileProbe* probed =
      probed_sources_ && probed_sources_->twin_dir() == ctx.twin_dir ? probed_sources_.get()
                                                                      : nullptr;
  engine::parallel_for(checked.size(), [&](std::size_t i) {
    if (!checked[i].spec) return;
    const std::string& source = *checked[i].spec->source;
    if (probed != nullptr)
      if (const FileMeta* meta = probed->regular_file(source)) {
        checked[i].meta = std::optional<FileMeta>(*meta);
        return;
      }
    checked[i].meta =
        twin ? twin->lstat(source) : engine::Result<std::optional<FileMeta>>(twin.error());
  });

  for (std::size_t i = 0; i < resources.size(); ++i) {
    for (const lang::Diagnostic& d : checked[i].diagnostics.all()) sink.add(d);
    if (!checked[i].spec) continue;
    const std::string& source = *checked[i].spec->source;
    const engine::Result<std::optional<FileMeta>>& meta = *checked[i].meta;
    std::string problem;
    if (!meta)
      problem = meta.error().text();
    else if (!meta->has_value())
      problem = "no such file in the twin directory";
    else if ((*meta)->kind != FileKind::kFile)
      problem = fmt::format("it is a {}, not a regular file", kind_name((*meta)->kind));
    if (problem.empty()) {
      validated_sources_.insert_or_assign(source, **meta);
      continue;
    }
    lang::Diagnostic d;
    d.code = codes::kDiagBadSource;
    d.message = fmt::format("source \"{}\" cannot be used: {}", source, problem);
    d.span = resources[i]->find("source")->value.span;
    d.hint = "`source` is relative to the twin directory and must be a regular file inside it";
    sink.add(std::move(d));
  }
}

engine::Result<std::vector<engine::Step>> FileProvider::plan(
    std::span<const Resource* const> resources, const Context& ctx) {
  files_read_ = 0;
  notes_.clear();
  // Only the plan right after validate_all() may use its stats.
  const auto validated = std::exchange(validated_sources_, {});
  const bool use_validated = ctx.observations != nullptr && validated_twin_dir_ == ctx.twin_dir;
  auto target = open_target(ctx);
  if (!target) return target.error();
  auto twin = RootedFs::open(ctx.twin_dir);
  // Observing only: both sides may keep the directories they resolve.
  target->fs.keep_parent_dirs();
  target->fs.count_reads_in(&files_read_);
  if (twin) {
    twin->keep_parent_dirs();
    twin->count_reads_in(&files_read_);
  }
  std::vector<FileSpec> specs;
  specs.reserve(resources.size());
  std::set<std::string> declared_dirs, removed;
  const AccountMadeByTwin made = made_by_twin(ctx);
  std::vector<const Resource*> planned;
  planned.reserve(resources.size());
  for (const Resource* resource : resources) {
    auto spec = spec_of(*resource, target->accounts, made);
    if (!spec) return spec.error();
    if (auto taken = take_kept_secret(*spec, twin); !taken) return taken.error();
    if (spec->machine_secret && !spec->content) {
      auto meta = target->fs.lstat(spec->path);
      if (!meta) return meta.error();
      if (!*meta) {
        notes_.push_back(fmt::format(
            "{} is not created: its content is a secret this machine has no copy of "
            "(.twin/secret-files)",
            resource->address()));
        continue;
      }
    }
    planned.push_back(resource);
    if (spec->ensure == Ensure::kDirectory) declared_dirs.insert(spec->path);
    if (spec->ensure == Ensure::kAbsent) removed.insert(spec->path);
    specs.push_back(std::move(*spec));
  }

  // Observing is independent per path: spread it over a few threads.
  std::vector<std::optional<engine::Result<std::vector<FileChange>>>> observed(specs.size());
  KnownDirs known_dirs;
  PackageFiles packages(ctx.host, ctx.twin_dir);
  engine::parallel_for(specs.size(), [&](std::size_t i) {
    DesiredContent content(specs[i], twin);
    content.use_cache(ctx.observations);
    content.use_package_files(&packages);
    if (use_validated && specs[i].source)
      if (auto seen = validated.find(*specs[i].source); seen != validated.end())
        content.assume_source_meta(seen->second);
    observed[i] =
        diff_file(specs[i], content, target->fs, target->accounts, declared_dirs, &known_dirs,
                  removed);
  });

  // Resources come in execution order: a parent directory made by an
  // earlier step (or declared) exists by the time later steps run.
  std::vector<engine::Step> steps;
  std::set<std::string> made_dirs;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto& changes = *observed[i];
    if (!changes) {
      engine::Error error = changes.error();
      error.span = planned[i]->title_span;
      return error;
    }
    if (changes->empty()) continue;
    engine::Step step;
    step.resource = planned[i];
    step.type = "file";
    step.address = planned[i]->address();
    for (auto& fc : *changes) {
      if (fc.change.action == Action::kMkdir && !made_dirs.insert(fc.path).second) continue;
      step.changes.push_back(std::move(fc.change));
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

Status FileProvider::apply(const engine::Step& step, const Context& ctx, Checkpoint& checkpoint) {
  if (step.resource == nullptr)
    return make_error(codes::kInvalidDecl, "step has no resource", step.address);
  auto target = open_target(ctx);
  if (!target) return target.error();
  auto spec = spec_of(*step.resource, target->accounts);
  if (!spec) return spec.error();
  // Never from the stat cache: what apply acts on is read now, byte for byte.
  auto twin = RootedFs::open(ctx.twin_dir);
  if (auto taken = take_kept_secret(*spec, twin); !taken) return taken;
  DesiredContent desired(*spec, twin);
  PackageFiles packages(ctx.host, ctx.twin_dir);
  desired.use_package_files(&packages);
  // Recomputed now, through the same RootedFs checks as the plan: if a
  // symlink out of the root appeared since, this fails before any change.
  auto changes = diff_file(*spec, desired, target->fs, target->accounts);
  if (!changes) return changes.error();
  for (const auto& fc : *changes)
    if (!was_planned(fc, step.changes))
      return make_error(codes::kDrift,
                        fmt::format("the machine changed since the plan: {} {} was not planned; "
                                    "run plan again",
                                    engine::action_name(fc.change.action), fc.change.description),
                        step.address);
  // The bytes are read once the changes are known: a mode change of a
  // package's default needs no package file.
  bool writes_content = std::any_of(changes->begin(), changes->end(), [](const FileChange& fc) {
    return fc.change.action == engine::Action::kCreate ||
           fc.change.action == engine::Action::kReplace;
  });
  std::string_view bytes;
  if (writes_content) {
    auto content = desired.bytes();
    if (!content) return content.error();
    bytes = *content;
  }
  for (const auto& fc : *changes)
    if (auto st = execute(fc, *spec, bytes, target->fs, checkpoint, step.address); !st)
      return st;
  return {};
}

Status FileProvider::undo(const engine::UndoRecord& record, const Context& ctx,
                          const Checkpoint& checkpoint) {
  auto fs = RootedFs::open(ctx.host.root());
  if (!fs) return fs.error();
  return undo_file_record(record.data, *fs, checkpoint);
}

std::vector<std::string> FileProvider::implicit_dependencies(
    const engine::Resource& resource) const {
  std::vector<std::string> deps;
  const std::string& path = resource.title;
  if (path.size() < 2 || path.front() != '/') return deps;
  for (std::size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1))
    deps.push_back(lang::Reference{"file", path.substr(0, slash)}.address());
  if (path.rfind("/etc/", 0) == 0) {
    std::size_t end = path.find('/', 5);
    if (end != std::string::npos && end > 5)
      deps.push_back(
          lang::Reference{"package", path.substr(5, end - 5)}.address());
  }
  // A package's default comes with the package.
  if (const std::string* package = resource.get_string("package_default"))
    deps.push_back(lang::Reference{"package", *package}.address());
  // The owner and group by name, when a user or group resource makes them.
  auto named = [](const std::string* text) {
    return text && !text->empty() && !(text->front() >= '0' && text->front() <= '9');
  };
  if (const std::string* owner = resource.get_string("owner"); named(owner))
    deps.push_back(lang::Reference{"user", *owner}.address());
  if (const std::string* group = resource.get_string("group"); named(group))
    deps.push_back(lang::Reference{"group", *group}.address());
  return deps;
}

}  // namespace twin::resources
