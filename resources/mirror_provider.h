// The `mirror` resource: a directory of the twin mirrored to the same
// place on the target, one `file` resource per regular file or link under it.
//
//   mirror "/etc" {
//     source = "filesystem/etc"   # a directory of the twin
//     mode = "0644"  owner = "root"  group = "root"   # optional, for every file
//   }
//
// It never reaches a plan itself: expand() replaces it (before validation)
// by `file "/etc/REL" { source = "filesystem/etc/REL" ... }` for each
// regular file REL under the source, in path order, carrying the mirror's
// other attributes (mode, owner, group, metaparameters) and pointing
// diagnostics at the mirror. So editing a mirrored file plans a REPLACE and
// adding one plans a CREATE. Decisions worth knowing:
//   - a `file` declared explicitly for the same path wins (its attributes,
//     not the mirror's);
//   - removing a file from the source does not delete it on the target,
//     unless `purge = true`: then every file and link under the directory
//     that a snapshot would mirror (the same rules: text, within
//     files.max_size, not a secret, not excluded in config.yaml, not an
//     enablement link or a dpkg alternative) but that the source lacks is
//     deleted (`file "..." { ensure = "absent" }`, undone from the
//     checkpoint). What a snapshot never mirrors (binaries, secrets,
//     excluded paths) is never deleted. Snapshots write `purge = true`, so
//     going back to a snapshot deletes the files created since. Empty
//     directories left behind are kept;
//   - a symlink in the source becomes `file { ensure = "link" target = … }`
//     (no `mode`: links have none); special files are not mirrored, nor are
//     directories as such (missing ones are made by the file provider; a
//     snapshot declares those with an unusual mode or owner).
// Diagnostics: E0350 bad title, E0351 missing or bad `source`, E0352 the
// source is not a directory of the twin, W0353 a file whose path cannot be
// a title (skipped).
#pragma once

#include "engine/core/shorthand_provider.h"

namespace twin::resources {

class MirrorProvider : public engine::ShorthandProvider {
 public:
  std::string_view type() const override { return "mirror"; }

  /// Checks the title and `source` (E0350-E0352).
  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;

  /// Validates, then lists the source: one `file` per regular file or link.
  std::optional<std::vector<engine::Resource>> expand(const engine::Resource& resource,
                                                      const engine::Context& ctx,
                                                      lang::DiagnosticSink& sink) const override;
};

}  // namespace twin::resources
