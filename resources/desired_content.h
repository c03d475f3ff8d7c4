// The bytes a `file` resource should hold, read only when a comparison needs
// them, and the stat cache's shortcut for knowing, without reading either
// file, that the target already holds the bytes of its `source`.
//
// The shortcut (engine/core/observation_cache.h) is taken only for `source`
// content: the cache remembers "this target, with this device, inode, size,
// mtime, ctime, mode and owner, held the bytes of this source, with this
// device, inode, size, mtime and ctime", recorded only after a real byte
// comparison found them equal. Both stats are taken before the bytes are
// read, so a write racing the comparison leaves a stat that no longer
// matches. Inline `content` is always compared byte for byte (it costs one
// read of the target, and no cache entry could vouch for a manifest edit).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/observation_cache.h"
#include "engine/core/result.h"
#include "resources/file_spec.h"
#include "resources/package_files.h"
#include "resources/rooted_fs.h"

namespace twin::resources {

class DesiredContent {
 public:
  /// Content not managed: the manifest has neither `content` nor `source`.
  DesiredContent() = default;

  /// The declaration's content. `source` is read through `twin` (a RootedFs
  /// of the twin directory, or the error opening it), so a symlink in the
  /// twin cannot make us copy a host file. `spec` and `twin` must outlive
  /// this object.
  DesiredContent(const FileSpec& spec, const engine::Result<RootedFs>& twin);

  /// Lets known_in()/found_in() consult and feed `cache` (may be null).
  void use_cache(engine::ObservationCache* cache) { cache_ = cache; }

  /// Where `package_default` content comes from; required for such specs.
  void use_package_files(PackageFiles* packages) { packages_ = packages; }

  /// For `package_default`: the digest dpkg recorded for the file, so a
  /// target holding the default is recognised without any package file.
  /// nullopt otherwise, or when the package does not list the file.
  engine::Result<std::optional<std::string>> default_md5();

  /// Hands over an lstat of the source (a regular file) taken through the
  /// same twin RootedFs rules before anything was read in this plan (by
  /// FileProvider::validate_all, just before), so known_in() need not stat
  /// it again. Ignored once the bytes were read.
  void assume_source_meta(const FileMeta& source) {
    if (!loaded_ && source.kind == FileKind::kFile) source_meta_ = source;
  }

  bool managed() const { return spec_ != nullptr && spec_->manages_content(); }

  /// The bytes ("" when not managed), read at the first call. E3207 when
  /// the source cannot be read (its path and the reason in the message).
  engine::Result<std::string_view> bytes();

  /// True when the cache vouches that the regular file described by
  /// `target` (the lstat of spec.path, taken before any read) holds exactly
  /// the source's bytes. Stats the source; never reads either file.
  bool known_in(const FileMeta& target);

  /// Tells the cache that a byte comparison found `target` equal to the
  /// source. Recorded only when known_in() stat'ed the source before it
  /// was read.
  void found_in(const FileMeta& target);

 private:
  std::string key() const;

  const FileSpec* spec_ = nullptr;
  const engine::Result<RootedFs>* twin_ = nullptr;
  std::optional<std::string> loaded_;    // the source's bytes, once read
  std::optional<FileMeta> source_meta_;  // stat'ed before reading
  engine::ObservationCache* cache_ = nullptr;
  PackageFiles* packages_ = nullptr;
};

}  // namespace twin::resources
