#include "resources/unlisted_crontabs_provider.h"

#include <fmt/format.h>

#include <algorithm>

#include "resources/account_db.h"
#include "resources/account_names.h"
#include "resources/collect_crontabs.h"
#include "resources/crontab_codes.h"
#include "resources/rooted_fs.h"
#include "resources/unlisted_shorthand.h"

namespace twin::resources {
void UnlistedCrontabsProvider::validate(const engine::Resource& resource, const engine::Context&,
                                        lang::DiagnosticSink& sink) const {
  validate_unlisted(resource, {crontab_codes::kDiagUnlistedTitle, crontab_codes::kDiagBadKeep, "user"},
                    sink);
}

std::optional<std::vector<engine::Resource>> UnlistedCrontabsProvider::expand(
    const engine::Resource& resource, const engine::Context& ctx, lang::DiagnosticSink& sink) const {
  std::size_t errors = sink.error_count();
  validate(resource, ctx, sink);
  std::vector<engine::Resource> removals;
  if (sink.error_count() != errors || !resource.get_string("ensure")) return removals;

  auto fs = RootedFs::open(ctx.host.root());
  engine::Result<CrontabsCollection> spool =
      fs ? collect_crontabs(*fs) : engine::Result<CrontabsCollection>(fs.error());
  if (!spool) {
    sink.error(crontab_codes::kDiagUnlistedTitle,
               "cannot list the crontab spool: " + spool.error().text(), resource.title_span);
    return removals;
  }
  auto accounts = AccountDb::load(*fs);
  const std::vector<std::string> keep = resource.get_strings("keep");
  for (const CollectedCrontab& crontab : spool->crontabs) {
    if (std::find(keep.begin(), keep.end(), crontab.user) != keep.end()) continue;
    // Only crontabs the crontab resource can manage: a valid name of a user
    // the root knows (the snapshot reports the others and leaves them).
    if (!is_valid_user_name(crontab.user) || !accounts || !accounts->resolve_user(crontab.user))
      continue;
    // Metaparameters (require, before, ...) and ensure carry over; `keep` is ours.
    engine::Resource removal = stand_in(resource, "crontab", crontab.user, {"keep"});
    removals.push_back(std::move(removal));
  }
  return removals;
}

}  // namespace twin::resources
