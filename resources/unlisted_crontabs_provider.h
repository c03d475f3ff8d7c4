// The `crontabs "unlisted"` resource: the user crontabs no manifest lists
// are removed. A snapshot writes it into state/crontabs.twin (with `keep`
// naming the crontabs it could not write as resources), so that going back
// to a snapshot removes the crontabs added since.
//
//   crontabs "unlisted" {
//     ensure = "absent"
//     keep = ["backup"]   # users whose crontab stays whatever it holds
//   }
//
// Like `packages "unlisted"`, it never reaches a plan itself: expand()
// lists the target's crontab spool and stands for
// `crontab "USER" { ensure = "absent" }` for every crontab there; the engine
// drops those a `crontab` resource declares, so a listed crontab always wins.
// Diagnostics: E0348 a title other than "unlisted", E0349 a `keep` entry that
// is no user name.
#pragma once

#include "engine/core/shorthand_provider.h"

namespace twin::resources {

class UnlistedCrontabsProvider : public engine::ShorthandProvider {
 public:
  std::string_view type() const override { return "crontabs"; }

  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;

  /// Validates, then lists the crontabs it removes. Errors reading the
  /// spool are diagnostics at the declaration's title.
  std::optional<std::vector<engine::Resource>> expand(const engine::Resource& resource,
                                                      const engine::Context& ctx,
                                                      lang::DiagnosticSink& sink) const override;
};

}  // namespace twin::resources
