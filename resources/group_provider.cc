#include "resources/group_provider.h"

#include <fmt/format.h>

#include "resources/account_actions.h"
#include "resources/account_codes.h"
#include "resources/account_records.h"
#include "resources/account_spec.h"
#include "resources/account_tools.h"

namespace twin::resources {
namespace {

namespace codes = account_codes;
using engine::Action;

constexpr char kType[] = "group";

engine::Result<GroupSpec> spec_of(const engine::Resource& resource) {
  lang::DiagnosticSink sink;
  auto spec = read_group_spec(resource, sink);
  if (!spec)
    return engine::make_error(codes::kInvalidDecl, sink.all().front().message, resource.address());
  return *spec;
}

// The changes that make the group as declared, and the tool call.
engine::Result<AccountPlan> plan_group(const GroupSpec& spec, const AccountsState& accounts) {
  AccountPlan plan;
  const GroupRecord* live = accounts.group(spec.name);
  if (spec.absent) {
    if (!live) return plan;
    plan.changes.push_back(
        {Action::kDelete, fmt::format("remove group {} (gid {})", spec.name, live->gid), {}, {}, {}, {}});
    plan.calls.push_back({"groupdel", {spec.name}, {}});
    return plan;
  }
  if (spec.gid && (!live || live->gid != *spec.gid))
    if (const GroupRecord* other = accounts.group_by_id(*spec.gid); other && other != live)
      return engine::make_error(
          codes::kIdTaken,
          fmt::format("gid {} belongs to group {} on the target", *spec.gid, other->name),
          fmt::format("group[\"{}\"]", spec.name));
  if (!live) {
    plan.changes.push_back({Action::kCreate,
                            spec.gid ? fmt::format("gid {}", *spec.gid) : "gid chosen by groupadd",
                            {}, {}, {}, {}});
    ToolCall add{"groupadd", {}, {}};
    if (spec.gid) add.args = {"-g", std::to_string(*spec.gid)};
    if (spec.system) add.args.push_back("-r");
    add.args.push_back(spec.name);
    plan.calls.push_back(std::move(add));
    return plan;
  }
  if (spec.gid && live->gid != *spec.gid) {
    plan.changes.push_back({account_action::kModify,
                            fmt::format("gid {} → {}", live->gid, *spec.gid),
                            {},
                            {fmt::format("files owned by gid {} keep that number", live->gid)},
                            {},
                            {}});
    plan.calls.push_back({"groupmod", {"-g", std::to_string(*spec.gid), spec.name}, {}});
  }
  return plan;
}

// Decides one declaration; an invalid one (validate() said why) is E3704.
engine::Result<AccountPlan> plan_declared(const engine::Resource& resource,
                                          const AccountsState& accounts) {
  auto spec = spec_of(resource);
  if (!spec) return spec.error();
  return plan_group(*spec, accounts);
}

}  // namespace

void GroupProvider::validate(const engine::Resource& resource, const engine::Context&,
                             lang::DiagnosticSink& sink) const {
  read_group_spec(resource, sink);
}

engine::Result<std::vector<engine::Step>> GroupProvider::plan(
    std::span<const engine::Resource* const> resources, const engine::Context& ctx) {
  return plan_accounts(resources, ctx, kType, plan_declared);
}

// Decided again on the files as they are: an earlier step (userdel of the
// user-private group's user) may have done this already.
engine::Status GroupProvider::apply(const engine::Step& step, const engine::Context& ctx,
                                    engine::Checkpoint& checkpoint) {
  return apply_account(step, ctx, checkpoint, plan_declared);
}

engine::Status GroupProvider::undo(const engine::UndoRecord& record, const engine::Context& ctx,
                                   const engine::Checkpoint& checkpoint) {
  return undo_account_change(record, ctx, checkpoint);
}

}  // namespace twin::resources
