#include "resources/unlisted_accounts_provider.h"

#include <fmt/format.h>

#include <algorithm>

#include "resources/account_codes.h"
#include "resources/account_names.h"
#include "resources/account_records.h"
#include "resources/rooted_fs.h"
#include "resources/unlisted_shorthand.h"

namespace twin::resources {
void UnlistedAccountsProvider::validate(const engine::Resource& resource, const engine::Context&,
                                        lang::DiagnosticSink& sink) const {
  validate_unlisted(resource,
                    {account_codes::kDiagUnlistedTitle, account_codes::kDiagBadKeep, "user or group"},
                    sink);
}

std::optional<std::vector<engine::Resource>> UnlistedAccountsProvider::expand(
    const engine::Resource& resource, const engine::Context& ctx, lang::DiagnosticSink& sink) const {
  std::size_t errors = sink.error_count();
  validate(resource, ctx, sink);
  std::vector<engine::Resource> removals;
  if (sink.error_count() != errors || !resource.get_string("ensure")) return removals;

  auto fs = RootedFs::open(ctx.host.root());
  engine::Result<AccountsState> accounts =
      fs ? AccountsState::load(*fs) : engine::Result<AccountsState>(fs.error());
  if (!accounts) {
    sink.error(account_codes::kDiagUnlistedTitle,
               "cannot read the account files: " + accounts.error().text(), resource.title_span);
    return removals;
  }
  const std::vector<std::string> keep = resource.get_strings("keep");
  // Only what the user and group resources can name; root stays.
  auto removable = [&](const std::string& name) {
    return name != "root" && is_valid_user_name(name) &&
           std::find(keep.begin(), keep.end(), name) == keep.end();
  };
  for (const UserRecord& user : accounts->users)
    if (removable(user.name)) removals.push_back(stand_in(resource, "user", user.name, {"keep"}));
  for (const GroupRecord& group : accounts->groups)
    if (removable(group.name))
      removals.push_back(stand_in(resource, "group", group.name, {"keep"}));
  return removals;
}

}  // namespace twin::resources
