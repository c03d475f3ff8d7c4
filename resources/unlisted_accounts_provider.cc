#include "resources/unlisted_accounts_provider.h"

#include <fmt/format.h>

#include <algorithm>

#include "resources/account_codes.h"
#include "resources/account_names.h"
#include "resources/account_records.h"
#include "resources/rooted_fs.h"

namespace twin::resources {
namespace {

constexpr char kOnlyTitle[] = "unlisted";

}  // namespace

void UnlistedAccountsProvider::validate(const engine::Resource& resource, const engine::Context&,
                                        lang::DiagnosticSink& sink) const {
  if (resource.title != kOnlyTitle)
    sink.error(account_codes::kDiagUnlistedTitle,
               fmt::format("`accounts` is only declared as accounts \"{}\"", kOnlyTitle),
               resource.title_span, "write accounts \"unlisted\" { ensure = \"absent\" }");
  const lang::Attribute* keep = resource.find("keep");
  if (!keep || !keep->value.is_list()) return;
  for (const auto& item : keep->value.as_list())
    if (item.is_string() && !is_valid_user_name(item.as_string()))
      sink.error(account_codes::kDiagBadKeep,
                 fmt::format("`keep` entry \"{}\" is not a user or group name", item.as_string()),
                 item.span, "account names are [a-z_][a-z0-9_-]*, as in etc/passwd");
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
