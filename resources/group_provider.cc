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

engine::Result<AccountsState> load_accounts(const engine::Host& host) {
  auto fs = RootedFs::open(host.root());
  if (!fs) return fs.error();
  return AccountsState::load(*fs);
}

// The changes that make the group as declared, and the tool that makes them.
struct GroupPlan {
  std::vector<engine::Change> changes;
  std::string tool;
  std::vector<std::string> args;
};

engine::Result<GroupPlan> plan_group(const GroupSpec& spec, const AccountsState& accounts) {
  GroupPlan plan;
  const GroupRecord* live = accounts.group(spec.name);
  if (spec.absent) {
    if (!live) return plan;
    plan.changes.push_back(
        {Action::kDelete, fmt::format("remove group {} (gid {})", spec.name, live->gid), {}, {}, {}, {}});
    plan.tool = "groupdel";
    plan.args = {spec.name};
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
    plan.tool = "groupadd";
    if (spec.gid) plan.args = {"-g", std::to_string(*spec.gid)};
    if (spec.system) plan.args.push_back("-r");
    plan.args.push_back(spec.name);
    return plan;
  }
  if (spec.gid && live->gid != *spec.gid) {
    plan.changes.push_back({account_action::kModify,
                            fmt::format("gid {} → {}", live->gid, *spec.gid),
                            {},
                            {fmt::format("files owned by gid {} keep that number", live->gid)},
                            {},
                            {}});
    plan.tool = "groupmod";
    plan.args = {"-g", std::to_string(*spec.gid), spec.name};
  }
  return plan;
}

}  // namespace

void GroupProvider::validate(const engine::Resource& resource, const engine::Context&,
                             lang::DiagnosticSink& sink) const {
  read_group_spec(resource, sink);
}

engine::Result<std::vector<engine::Step>> GroupProvider::plan(
    std::span<const engine::Resource* const> resources, const engine::Context& ctx) {
  auto accounts = load_accounts(ctx.host);
  if (!accounts) return accounts.error();
  std::vector<engine::Step> steps;
  for (const engine::Resource* resource : resources) {
    auto spec = spec_of(*resource);
    if (!spec) return spec.error();
    auto planned = plan_group(*spec, *accounts);
    if (!planned) return planned.error();
    if (planned->changes.empty()) continue;
    steps.push_back({resource, kType, resource->address(), std::move(planned->changes), {}});
  }
  return steps;
}

engine::Status GroupProvider::apply(const engine::Step& step, const engine::Context& ctx,
                                    engine::Checkpoint& checkpoint) {
  auto spec = spec_of(*step.resource);
  if (!spec) return spec.error();
  auto fs = RootedFs::open(ctx.host.root());
  if (!fs) return fs.error();
  // Observe again: an earlier step (userdel of the user-private group's
  // user) may have done this already.
  auto accounts = AccountsState::load(*fs);
  if (!accounts) return accounts.error();
  auto planned = plan_group(*spec, *accounts);
  if (!planned) return planned.error();
  if (planned->tool.empty()) return {};
  auto saved = save_account_files(*fs, checkpoint);
  if (!saved) return saved.error();
  if (auto st = checkpoint.record({kType, step.address, {{"files", std::move(*saved)}}}); !st)
    return st;
  return run_account_tool(ctx.host, planned->tool, std::move(planned->args));
}

engine::Status GroupProvider::undo(const engine::UndoRecord& record, const engine::Context& ctx,
                                   const engine::Checkpoint& checkpoint) {
  return undo_account_change(record, ctx, checkpoint);
}

}  // namespace twin::resources
