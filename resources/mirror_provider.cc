#include "resources/mirror_provider.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include <yaml-cpp/yaml.h>

#include "engine/core/twin_layout.h"
#include "engine/repo/twin_config.h"
#include "resources/collect_files.h"
#include "resources/collect_walk.h"
#include "resources/path_rules.h"
#include "resources/rooted_fs.h"
#include "resources/secret_file_store.h"

namespace twin::resources {
namespace {

namespace fs = std::filesystem;

constexpr char kBadTitle[] = "E0350";
constexpr char kBadSource[] = "E0351";
constexpr char kSourceNotDir[] = "E0352";
constexpr char kUnnameable[] = "W0353";

/// A regular file or a symlink under a mirror's source.
struct MirroredEntry {
  std::string rel;                  // relative to the source directory
  std::optional<std::string> link;  // the target, for a symlink
};

/// Regular files and symlinks under `dir`, relative to it, sorted; links are
/// read, never followed.
std::vector<MirroredEntry> entries_under(const fs::path& dir) {
  std::vector<MirroredEntry> entries;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    fs::file_type type = it->symlink_status(ec).type();
    std::string rel = it->path().lexically_relative(dir).string();
    if (type == fs::file_type::regular) {
      entries.push_back({std::move(rel), std::nullopt});
    } else if (type == fs::file_type::symlink) {
      fs::path target = fs::read_symlink(it->path(), ec);
      if (!ec) entries.push_back({std::move(rel), target.string()});
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const MirroredEntry& a, const MirroredEntry& b) { return a.rel < b.rel; });
  return entries;
}

/// For a link: `ensure = "link"` and its target take the place of `source`;
/// `mode` is dropped (links have none), owner and group are the mirror's.
void make_link(engine::Resource& file, const lang::Attribute& source, const std::string& target) {
  std::erase_if(file.attributes, [](const lang::Attribute& a) {
    return a.name == "source" || a.name == "mode" || a.name == "ensure";
  });
  lang::Attribute ensure = source, link = source;
  ensure.name = "ensure";
  ensure.value.data = std::string("link");
  link.name = "target";
  link.value.data = target;
  file.attributes.push_back(std::move(ensure));
  file.attributes.push_back(std::move(link));
}

std::string join(const std::string& base, const std::string& rel) {
  return base == "/" ? "/" + rel : base + "/" + rel;
}

}  // namespace

void MirrorProvider::validate(const engine::Resource& resource, const engine::Context& ctx,
                              lang::DiagnosticSink& sink) const {
  if (auto problem = absolute_path_problem(resource.title))
    sink.error(kBadTitle, "invalid mirror path: " + *problem, resource.title_span,
               "a mirror is named by the absolute directory it fills, e.g. mirror \"/etc\"");
  const lang::Attribute* source = resource.find("source");
  if (!source || !source->value.is_string()) {
    sink.error(kBadSource, "a mirror needs `source`, a directory of the twin", resource.title_span,
               "write `source = \"filesystem" + resource.title + "\"`");
    return;
  }
  const std::string& path = source->value.as_string();
  if (auto problem = relative_path_problem(path)) {
    sink.error(kBadSource, "invalid source: " + *problem, source->value.span);
    return;
  }
  // Resolved beneath the twin: a link anywhere on the way out of it (say
  // `filesystem` -> /) must not make the mirror list the host's files.
  auto twin = RootedFs::open(fs::absolute(ctx.twin_dir));
  auto meta = twin ? twin->lstat(path) : engine::Result<std::optional<FileMeta>>(twin.error());
  if (!meta) {
    sink.error(kBadSource, "source \"" + path + "\" cannot be read beneath the twin: " +
                               meta.error().message,
               source->value.span, "a mirror's source is a directory inside the twin, not a link out of it");
    return;
  }
  if (!*meta || (*meta)->kind != FileKind::kDirectory)
    sink.error(kSourceNotDir, "source \"" + path + "\" is not a directory of the twin",
               source->value.span, "create it, or run `twin snapshot` to fill filesystem/");
}

namespace {

/// What the last snapshot recorded beside the files (live/files.yaml):
/// the paths it left out and said why (`skipped`: a file it did not mirror
/// then, because only root could read it or it held a secret, is not one
/// created since, whatever it looks like now) and the directories it saw
/// (`directories`; absent in twins from before it was recorded).
struct SnapshotRecord {
  std::set<std::string> skipped;
  std::set<std::string> package_defaults;  // declared by name in files.twin
  std::optional<std::set<std::string>> directories;
};

/// nullopt when the record exists but cannot be read. It is read beneath
/// the twin and never through a symlink: twin content may be hostile.
std::optional<SnapshotRecord> snapshot_record(const fs::path& twin_dir) {
  SnapshotRecord record;
  auto twin = RootedFs::open(twin_dir);
  if (!twin) return std::nullopt;
  std::string path = "/" + engine::layout::in_live("files.yaml");
  auto meta = twin->lstat(path);
  if (!meta) return std::nullopt;
  if (!*meta) return record;
  auto text = twin->read_file(path);
  if (!text) return std::nullopt;
  try {
    YAML::Node files = YAML::Load(*text);
    for (const auto& entry : files["skipped"])
      if (entry["path"] && entry["path"].IsScalar()) record.skipped.insert(entry["path"].Scalar());
    for (const auto& entry : files["package_defaults"])
      if (entry["path"] && entry["path"].IsScalar())
        record.package_defaults.insert(entry["path"].Scalar());
    if (files["directories"] && files["directories"].IsSequence()) {
      record.directories.emplace();
      for (const auto& dir : files["directories"])
        if (dir.IsScalar()) record.directories->insert(dir.Scalar());
    }
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  return record;
}

bool under_any(const std::string& path, const std::set<std::string>& dirs) {
  for (std::string at = path; !at.empty(); at = at.substr(0, at.rfind('/')))
    if (dirs.count(at)) return true;
  return false;
}

/// The directories made since the snapshot that hold nothing but what is
/// purged: not recorded by the snapshot, not skipped, above no file of the
/// source, and with every entry beneath them among `purged` or themselves
/// such a directory (a binary or root-only file made since keeps its
/// directory: the purge does not delete those).
std::vector<std::string> emptied_directories(const FilesCollection& present,
                                             const SnapshotRecord& record,
                                             const std::set<std::string>& kept,
                                             const std::set<std::string>& purged,
                                             const fs::path& root) {
  std::set<std::string> needed;  // directories above a file of the source
  for (const auto& path : kept)
    for (std::size_t slash = path.rfind('/'); slash != std::string::npos && slash > 0;
         slash = path.rfind('/', slash - 1))
      needed.insert(path.substr(0, slash));
  std::set<std::string> candidates;
  for (const auto& d : present.dirs)
    if (!record.directories->count(d.path) && !needed.count(d.path) &&
        !under_any(d.path, record.skipped))
      candidates.insert(d.path);
  std::vector<std::string> out;
  for (const auto& dir : candidates) {
    auto listing = list_tree(root, dir);
    if (!listing || !*listing || !(*listing)->problems.empty()) continue;
    bool emptied = std::all_of((*listing)->entries.begin(), (*listing)->entries.end(),
                               [&](const TreeEntry& e) {
                                 return purged.count(e.path) > 0 || candidates.count(e.path) > 0;
                               });
    if (emptied) out.push_back(dir);
  }
  return out;
}

/// `file "PATH" { ensure = "absent" }` for each file or link under the
/// mirror's directory on the target that a snapshot would mirror, that
/// `files` (the source's) lacks and that the last snapshot did not skip,
/// and for each directory made since that this leaves empty.
/// Metaparameters carry over.
void add_purges(const engine::Resource& mirror, const engine::Context& ctx,
                std::vector<engine::Resource>& files, lang::DiagnosticSink& sink) {
  auto record = snapshot_record(ctx.twin_dir);
  if (!record) {
    sink.warning(kUnnameable,
                 "purge: live/files.yaml cannot be read, so nothing is deleted under " +
                     mirror.title,
                 mirror.title_span);
    return;
  }
  std::set<std::string> kept;
  for (const auto& f : files) kept.insert(f.title);
  // What the source holds or the snapshot skipped is never read again here:
  // a plan reads only the files that may have been created since.
  auto known = [&](const std::string& path) {
    return kept.count(path) > 0 || record->package_defaults.count(path) > 0 ||
           under_any(path, record->skipped);
  };
  auto config = engine::load_twin_config(ctx.twin_dir);
  auto fs = config ? RootedFs::open(ctx.host.root()) : engine::Result<RootedFs>(config.error());
  auto present = fs ? collect_files(*fs, {mirror.title}, *config, known)
                    : engine::Result<FilesCollection>(fs.error());
  if (!present) {
    sink.error(kBadSource, "purge: cannot list " + mirror.title + ": " + present.error().text(),
               mirror.title_span);
    return;
  }
  std::vector<std::string> extra;
  for (const auto& f : present->files) extra.push_back(f.path);
  for (const auto& l : present->links) extra.push_back(l.path);
  // A secret created since goes too when a later snapshot kept its bytes
  // on this machine (.twin/secret-files), so going forward brings it back;
  // one no snapshot saw stays: a new private key would otherwise live on
  // only in a checkpoint. One the last snapshot skipped already is `known`.
  auto twin = RootedFs::open(ctx.twin_dir);
  for (const auto& s : present->skipped)
    if (s.reason.starts_with(kSecretReasonPrefix) && !kept.count(s.path) && twin &&
        has_secret_copy(*twin, s.path))
      extra.push_back(s.path);
  if (record->directories) {
    std::set<std::string> purged(extra.begin(), extra.end());
    auto dirs = emptied_directories(*present, *record, kept, purged, fs->root());
    extra.insert(extra.end(), dirs.begin(), dirs.end());
  }
  std::sort(extra.begin(), extra.end());
  for (const auto& path : extra) {
    // Metaparameters carry over; what describes the mirrored content does not.
    engine::Resource removal =
        engine::ShorthandProvider::stand_in(mirror, "file", path,
                                            {"source", "mode", "owner", "group", "purge"});
    lang::Attribute ensure = *mirror.find("purge");  // its spans point at the reason
    ensure.name = "ensure";
    ensure.value.data = std::string("absent");
    removal.attributes.push_back(std::move(ensure));
    files.push_back(std::move(removal));
  }
}

}  // namespace

std::optional<std::vector<engine::Resource>> MirrorProvider::expand(
    const engine::Resource& resource, const engine::Context& ctx, lang::DiagnosticSink& sink) const {
  std::size_t errors = sink.error_count();
  validate(resource, ctx, sink);
  std::vector<engine::Resource> files;
  if (sink.error_count() != errors) return files;
  const lang::Attribute* source = resource.find("source");
  const std::string& base = source->value.as_string();
  for (const auto& [rel, link] : entries_under(ctx.twin_dir / base)) {
    std::string title = join(resource.title, rel);
    if (auto problem = absolute_path_problem(title)) {
      sink.warning(kUnnameable, "not mirrored: " + base + "/" + rel + ": " + *problem,
                   source->value.span);
      continue;
    }
    engine::Resource file = stand_in(resource, "file", title, {"purge"});
    for (auto& attribute : file.attributes)
      if (attribute.name == "source") attribute.value.data = base + "/" + rel;
    if (link) make_link(file, *source, *link);
    files.push_back(std::move(file));
  }
  if (resource.get_bool("purge") == true) add_purges(resource, ctx, files, sink);
  return files;
}

}  // namespace twin::resources
