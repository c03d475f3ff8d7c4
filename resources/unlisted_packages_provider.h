// The `packages "unlisted"` resource: the explicit opt-in for removing the
// packages no manifest lists (a snapshot never writes it).
//
//   packages "unlisted" {
//     ensure = "absent"                         # or "purged"
//     keep = ["linux-image-*", "openssh-server"]  # fnmatch patterns
//   }
//
// Like `mirror`, it never reaches a plan itself: expand() reads the target's
// dpkg database (and apt's Auto-Installed marks) and, when the twin has one,
// the last snapshot's record of every installed package
// (live/packages.yaml), and stands for (package_restore.h):
//   - `package "NAME" { ensure = "absent" }` for every installed package
//     that apt did not mark as installed automatically, that the record
//     does not have as auto-installed, is neither Essential nor Priority:
//     required (never removed this way, whatever allow_risky says) and
//     matches no `keep` pattern;
//   - the same for each dependency installed since the snapshot that
//     nothing installed needs once those are gone (apt's autoremove rule);
//   - `package "NAME" {}` for each package the record has as auto-installed
//     that is gone or differs (version, hold, mark): the package provider
//     fills in the recorded version, `auto = true` and hold.
// The engine drops those a `package` resource declares, so a listed package
// always wins. The package provider refuses a removal that apt would carry
// into a declared package (E3312), so a kept package cannot lose a
// dependency this way.
// Diagnostics: E0326 a title other than "unlisted", E0327 a bad `keep`
// pattern.
#pragma once

#include "engine/core/shorthand_provider.h"

namespace twin::resources {

class UnlistedPackagesProvider : public engine::ShorthandProvider {
 public:
  std::string_view type() const override { return "packages"; }

  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;

  /// Validates, then lists the packages it removes and restores. Errors
  /// reading the dpkg database or the record, or asking apt, are
  /// diagnostics (E0326) at the declaration's title.
  std::optional<std::vector<engine::Resource>> expand(const engine::Resource& resource,
                                                      const engine::Context& ctx,
                                                      lang::DiagnosticSink& sink) const override;
};

}  // namespace twin::resources
