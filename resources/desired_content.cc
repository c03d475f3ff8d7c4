#include "resources/desired_content.h"

#include <fmt/format.h>

#include <algorithm>

#include "resources/error_codes.h"

namespace twin::resources {
namespace {

// Everything the cache entry is conditional on. Mode and owner are there
// too: they do not change bytes, but a chmod or chown moves ctime anyway.
std::string fingerprint(const FileMeta& target, const FileMeta& source, const std::string& path) {
  return fmt::format("target {} {} {} {} {} {:o} {} {} source {} {} {} {} {} {}", target.dev,
                     target.ino, target.size, target.mtime_ns, target.ctime_ns, target.mode,
                     target.uid, target.gid, source.dev, source.ino, source.size, source.mtime_ns,
                     source.ctime_ns, path);
}

std::int64_t newest_change(const FileMeta& target, const FileMeta& source) {
  return std::max({target.mtime_ns, target.ctime_ns, source.mtime_ns, source.ctime_ns});
}

}  // namespace

DesiredContent::DesiredContent(const FileSpec& spec, const engine::Result<RootedFs>& twin)
    : spec_(&spec), twin_(&twin) {}

std::string DesiredContent::key() const { return "file " + spec_->path; }

engine::Result<std::string_view> DesiredContent::bytes() {
  if (!managed()) return std::string_view();
  if (spec_->content) return std::string_view(*spec_->content);
  if (spec_->package_default && !loaded_) {
    if (packages_ == nullptr)
      return engine::make_error(codes::kPackageFile, "no package files to read from (a bug)",
                                spec_->path);
    auto shipped = packages_->shipped(*spec_->package_default, spec_->path);
    if (!shipped) return shipped.error();
    loaded_ = std::move(*shipped);
  }
  if (!loaded_) {
    const std::string& source = *spec_->source;
    engine::Result<std::string> read =
        *twin_ ? (*twin_)->read_file(source, source_meta_ ? &*source_meta_ : nullptr)
               : engine::Result<std::string>(twin_->error());
    if (!read)
      return engine::make_error(
          codes::kSourceUnreadable,
          fmt::format("cannot read source \"{}\": {}", source, read.error().text()), spec_->path);
    loaded_ = std::move(*read);
  }
  return std::string_view(*loaded_);
}

engine::Result<std::optional<std::string>> DesiredContent::default_md5() {
  if (!spec_ || !spec_->package_default || packages_ == nullptr)
    return std::optional<std::string>();
  return packages_->default_md5(*spec_->package_default, spec_->path);
}

bool DesiredContent::known_in(const FileMeta& target) {
  if (cache_ == nullptr || !managed() || !spec_->source || !*twin_) return false;
  if (target.kind != FileKind::kFile) return false;
  if (!source_meta_) {
    if (loaded_) return false;  // a stat taken after the read would vouch for nothing
    auto meta = (*twin_)->lstat(*spec_->source);
    if (!meta || !meta->has_value() || (*meta)->kind != FileKind::kFile) return false;
    source_meta_ = **meta;
  }
  return cache_->confirms(key(), fingerprint(target, *source_meta_, *spec_->source));
}

void DesiredContent::found_in(const FileMeta& target) {
  if (cache_ == nullptr || !source_meta_ || target.kind != FileKind::kFile) return;
  cache_->record(key(), fingerprint(target, *source_meta_, *spec_->source),
                 newest_change(target, *source_meta_));
}

}  // namespace twin::resources
