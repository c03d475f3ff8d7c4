// The `accounts "unlisted"` resource: the users and groups no manifest
// lists are removed. A snapshot writes it into state/accounts.twin, so that
// going back to a snapshot removes the accounts added since.
//
//   accounts "unlisted" {
//     ensure = "absent"
//     keep = ["backup"]   # users and groups that stay whatever happens
//   }
//
// Like `crontabs "unlisted"`, it never reaches a plan itself: expand()
// reads the target's etc/passwd and etc/group and stands for
// `user "NAME" { ensure = "absent" }` and `group "NAME" { ensure = "absent" }`
// for each account there; the engine drops those a `user` or `group`
// resource declares, so a listed account always wins. root is never
// removed. Diagnostics: E0365 a title other than "unlisted", E0366 a
// `keep` entry that is no account name.
#pragma once

#include "engine/core/shorthand_provider.h"

namespace twin::resources {

class UnlistedAccountsProvider : public engine::ShorthandProvider {
 public:
  std::string_view type() const override { return "accounts"; }

  void validate(const engine::Resource& resource, const engine::Context& ctx,
                lang::DiagnosticSink& sink) const override;

  /// Validates, then lists the accounts it removes. Errors reading the
  /// account files are diagnostics at the declaration's title.
  std::optional<std::vector<engine::Resource>> expand(const engine::Resource& resource,
                                                      const engine::Context& ctx,
                                                      lang::DiagnosticSink& sink) const override;
};

}  // namespace twin::resources
